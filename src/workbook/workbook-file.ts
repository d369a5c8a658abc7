/**
 * The workbook file: JSON text, versioned, validated at the boundary. parseWorkbookFile() is the only way in for a
 * file, a stored record or a paste; it refuses (WorkbookError with a path and what to do) anything wrong, truncated,
 * oversized or hostile, and executes nothing. The format is documented in docs/workbook-format.md.
 */
import * as v from 'valibot';
import { SpecError, parseProtection, parseViewSpec, type Protection } from '../domain';
import { WorkbookError } from './errors';
import { LIMITS, checkChars, checkFileName, checkQuerySql, checkSpecText, checkTableName, checkText, scanJson } from './limits';
import { mappingTargetName, resolveMappingTarget } from './taught';
import { WORKBOOK_FORMAT, WORKBOOK_VERSION, type Workbook } from './workbook';

/** Rewrites a workbook of version n into version n + 1 (it must set the new `version`). */
export type WorkbookMigration = (w: Record<string, unknown>) => Record<string, unknown>;

// A Map: the extension is the user's text, and `x.constructor` must not find Object's constructor (issue 17).
const KIND_BY_EXTENSION = new Map<string, 'csv' | 'parquet' | 'json' | 'arrow'>([['parquet', 'parquet'], ['pq', 'parquet'], ['json', 'json'], ['ndjson', 'json'], ['arrow', 'arrow']]);

/**
 * Migrations keyed by the version they upgrade from. Version 0 was the prototype's shape: `name` instead of
 * `title`, views as bare specs, tables as `{name, file}`, no corrections or mappings. Version 1 described value
 * mappings as `{table, column, from, to}` with `to` a canonical name, a shape the workbench never wrote (it dropped
 * mappings); version 2 carries them as the workbench applies them, `{role, value, to}` with `to` an id. Version 3
 * adds saved SQL queries (`queries`), which a version 2 workbook has none of.
 */
export const WORKBOOK_MIGRATIONS: Readonly<Record<number, WorkbookMigration>> = {
  0: (w) => {
    const views = Array.isArray(w.views) ? w.views : [];
    const tables = Array.isArray(w.tables) ? (w.tables as Record<string, unknown>[]) : [];
    const { name, tables: _tables, ...rest } = w;
    void _tables;
    return {
      ...rest,
      version: 1,
      title: name,
      views: views.map((spec, i) => {
        const chart = (spec as { chart?: { title?: unknown } } | null)?.chart;
        const t = typeof chart?.title === 'string' && chart.title.trim() !== '' ? chart.title : `View ${i + 1}`;
        return { id: `v${i + 1}`, name: t, spec };
      }),
      roleCorrections: [],
      valueMappings: [],
      peerGroups: [],
      sources: tables.map((t) => {
        const ext = String(t?.file ?? '').split('.').pop()?.toLowerCase() ?? '';
        return { table: t?.name, file: t?.file, size: null, kind: KIND_BY_EXTENSION.get(ext) ?? 'csv' };
      }),
    };
  },
  1: (w) => {
    const mappings = Array.isArray(w.valueMappings) ? (w.valueMappings as unknown[]) : w.valueMappings;
    return {
      ...w,
      version: 2,
      valueMappings: Array.isArray(mappings)
        ? mappings.map((m, i) => {
            const old = m as { from?: unknown; to?: unknown } | null;
            if (typeof old?.from !== 'string' || typeof old.to !== 'string') return m; // the schema names what is wrong
            const target = resolveMappingTarget(old.to);
            if (!target) {
              throw new WorkbookError(`valueMappings[${i}].to`, `${JSON.stringify(old.to.slice(0, 60))} is not a force, region or threat type this workbench knows`, 'delete this mapping, or ask for a fresh export');
            }
            return { role: target.role, value: old.from, to: target.to };
          })
        : mappings,
    };
  },
  2: (w) => ({ ...w, version: 3, queries: [] }),
};

const text = v.string();
const schema = v.strictObject({
  format: v.literal(WORKBOOK_FORMAT),
  version: v.literal(WORKBOOK_VERSION),
  title: text,
  views: v.pipe(v.array(v.strictObject({ id: text, name: text, spec: v.unknown() })), v.maxLength(LIMITS.views)),
  queries: v.pipe(v.array(v.strictObject({ id: text, name: text, sql: text })), v.maxLength(LIMITS.queries)),
  roleCorrections: v.pipe(
    v.array(v.strictObject({ file: text, column: text, role: v.picklist(['force', 'region', 'period', 'threat', 'measure', 'dimension']) })),
    v.maxLength(LIMITS.roleCorrections),
  ),
  valueMappings: v.pipe(v.array(v.strictObject({ role: v.picklist(['force', 'region', 'threat']), value: text, to: text })), v.maxLength(LIMITS.valueMappings)),
  peerGroups: v.pipe(v.array(v.strictObject({ name: text, forces: v.array(text) })), v.maxLength(LIMITS.peerGroups)),
  sources: v.pipe(
    v.array(
      v.strictObject({
        table: text,
        file: text,
        size: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER))),
        kind: v.picklist(['csv', 'parquet', 'json', 'arrow']),
      }),
    ),
    v.maxLength(LIMITS.sources),
  ),
  protection: v.optional(v.strictObject({ threshold: v.optional(v.unknown()), roundTo5: v.optional(v.unknown()) })),
  data: v.optional(
    v.array(
      v.strictObject({
        table: text,
        format: v.literal('parquet'),
        encoding: v.literal('base64'),
        bytes: v.pipe(v.number(), v.integer(), v.minValue(12), v.maxValue(LIMITS.tableBytes)),
        base64: text,
      }),
    ),
  ),
});

function issuePath(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).map((p, i) => (typeof p.key === 'number' ? `[${p.key}]` : i === 0 ? String(p.key) : `.${String(p.key)}`)).join('');
}

function issueDetail(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'strict_object' && issue.expected === 'never') return 'is not a field of a workbook';
  if (issue.type === 'max_length') return `has ${issue.received.replace(/^\D*/, '')} items, more than the ${(issue.expected ?? '').replace(/^\D*/, '')} allowed`;
  if (issue.received === 'undefined') return 'is missing';
  return `expected ${issue.expected ?? 'a valid value'}, got ${issue.received}`;
}

function migrateWorkbook(x: Record<string, unknown>, migrations: Readonly<Record<number, WorkbookMigration>>): Record<string, unknown> {
  const version = x.version;
  if (version === undefined) throw new WorkbookError('version', 'is missing', 'this is not a workbook file the workbench wrote');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new WorkbookError('version', `expected a whole number, got ${JSON.stringify(version)}`, 'the file is damaged; ask for a fresh export');
  }
  if (version > WORKBOOK_VERSION) {
    throw new WorkbookError('version', `${version} is newer than this workbench reads (${WORKBOOK_VERSION})`, 'open it in a newer version of the workbench');
  }
  let w = x;
  for (let n = version; n < WORKBOOK_VERSION; n++) {
    const step = migrations[n];
    if (!step) throw new WorkbookError('version', `${n} can't be read: there is no migration from it`, 'open it in the version of the workbench that wrote it and export again');
    w = step(w);
    if (w.version !== n + 1) throw new WorkbookError('version', `migration from ${n} gave version ${JSON.stringify(w.version)}`);
  }
  return w;
}

// Embedded data, and a saved query's SQL (checked against its own limit in checkContent), are longer than other strings.
const isDataPath = (path: string) => /^data\[\d+\]\.base64$/.test(path) || /^queries\[\d+\]\.sql$/.test(path);

/** Validate and migrate a parsed workbook object (anything) into a Workbook, or throw WorkbookError naming the path. */
export function parseWorkbook(x: unknown, migrations: Readonly<Record<number, WorkbookMigration>> = WORKBOOK_MIGRATIONS): Workbook {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    throw new WorkbookError('', `a workbook is a JSON object, this is ${Array.isArray(x) ? 'an array' : x === null ? 'null' : typeof x}`, 'choose a .workbook.json file');
  }
  const raw = x as Record<string, unknown>;
  if (!Object.hasOwn(raw, 'format') || raw.format !== WORKBOOK_FORMAT) {
    const got = typeof raw.format === 'string' ? JSON.stringify(raw.format.slice(0, 40)) : Object.hasOwn(raw, 'format') ? typeof raw.format : 'nothing';
    throw new WorkbookError('format', `expected ${JSON.stringify(WORKBOOK_FORMAT)}, got ${got}`, 'this is not a SOC Workbench workbook');
  }
  scanJson(x, isDataPath);
  const migrated = migrateWorkbook(raw, migrations);
  const result = v.safeParse(schema, migrated);
  if (!result.success) {
    const issue = result.issues[0];
    throw new WorkbookError(issuePath(issue), issueDetail(issue), 'the file is damaged or was edited by hand; ask for a fresh export');
  }
  const w = result.output;
  const views = w.views.map((view, i) => {
    const spec = (() => {
      try {
        return parseViewSpec(view.spec, { path: `views[${i}].spec` });
      } catch (e) {
        if (e instanceof SpecError) throw new WorkbookError(e.path, e.detail, 'fix or delete this view', { cause: e });
        throw e;
      }
    })();
    return { id: view.id, name: view.name, spec };
  });
  const protection = w.protection && checkedProtection(w.protection);
  const { protection: _raw, ...rest } = w;
  void _raw;
  const out = { ...rest, views, ...(protection ? { protection } : {}) } as Workbook;
  checkContent(out);
  return out;
}

/** The protection setting, checked as the app's setter checks it; a bad value names its field and the range. */
function checkedProtection(x: unknown): Protection {
  try {
    return parseProtection(x);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const field = /^invalid (threshold|roundTo5)/.exec(e.message)?.[1];
    const got = field && JSON.stringify((x as Record<string, unknown>)[field]);
    const detail =
      field === 'threshold' ? `${got} is not a threshold: a whole number from 3 to 10 (10 is the usual one for counts of people)` : field === 'roundTo5' ? `${got} is not true or false` : e.message;
    throw new WorkbookError(field ? `protection.${field}` : 'protection', detail, 'set it again under Protect small numbers, or ask for a fresh export', { cause: e });
  }
}

/** The checks a schema can't express: plain-text names, safe table and file names, unique ids, consistent data. */
function checkContent(w: Workbook): void {
  checkText('title', w.title, LIMITS.titleChars);
  const ids = new Set<string>();
  w.views.forEach((view, i) => {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(view.id)) throw new WorkbookError(`views[${i}].id`, `${JSON.stringify(view.id.slice(0, 40))} is not a view id (letters, digits, _ and -, at most 64)`, 'ask for a fresh export');
    if (ids.has(view.id)) throw new WorkbookError(`views[${i}].id`, `${JSON.stringify(view.id)} is used by an earlier view`, 'ask for a fresh export');
    ids.add(view.id);
    checkText(`views[${i}].name`, view.name, LIMITS.nameChars);
    checkSpecText(`views[${i}].spec`, view.spec);
  });
  const queryIds = new Set<string>();
  w.queries.forEach((q, i) => {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(q.id)) throw new WorkbookError(`queries[${i}].id`, `${JSON.stringify(q.id.slice(0, 40))} is not a query id (letters, digits, _ and -, at most 64)`, 'ask for a fresh export');
    if (queryIds.has(q.id)) throw new WorkbookError(`queries[${i}].id`, `${JSON.stringify(q.id)} is used by an earlier query`, 'ask for a fresh export');
    queryIds.add(q.id);
    checkText(`queries[${i}].name`, q.name, LIMITS.nameChars);
    checkQuerySql(`queries[${i}].sql`, q.sql);
  });
  // Keyed by JSON of the user's text in Maps: a column called "__proto__" is a column like any other.
  const corrected = new Set<string>();
  w.roleCorrections.forEach((r, i) => {
    checkFileName(`roleCorrections[${i}].file`, r.file);
    checkChars(`roleCorrections[${i}].column`, r.column, false);
    const key = JSON.stringify([r.file, r.column]);
    if (corrected.has(key)) throw new WorkbookError(`roleCorrections[${i}]`, `corrects ${JSON.stringify(r.column)} of ${r.file} a second time`, 'keep one correction per column; ask for a fresh export');
    corrected.add(key);
  });
  const mapped = new Set<string>();
  w.valueMappings.forEach((m, i) => {
    checkChars(`valueMappings[${i}].value`, m.value, true);
    // The lookup tables match by letters and digits: a value without any can't be matched, so it can't be mapped.
    if (!/[\p{L}\p{N}]/u.test(m.value)) throw new WorkbookError(`valueMappings[${i}].value`, `${JSON.stringify(m.value.slice(0, 40))} has no letters or digits to match by`, 'delete this mapping');
    if (mappingTargetName(m.role, m.to) === undefined) throw new WorkbookError(`valueMappings[${i}].to`, `${JSON.stringify(m.to.slice(0, 40))} is not the id of a ${m.role} this workbench knows`, 'delete this mapping, or ask for a fresh export');
    const key = JSON.stringify([m.role, m.value]);
    if (mapped.has(key)) throw new WorkbookError(`valueMappings[${i}]`, `maps ${JSON.stringify(m.value.slice(0, 40))} (${m.role}) a second time`, 'keep one mapping per value; ask for a fresh export');
    mapped.add(key);
  });
  w.peerGroups.forEach((g, i) => {
    checkText(`peerGroups[${i}].name`, g.name, LIMITS.nameChars);
    g.forces.forEach((f, j) => checkText(`peerGroups[${i}].forces[${j}]`, f, LIMITS.nameChars));
  });
  const tables = new Set<string>();
  w.sources.forEach((s, i) => {
    checkTableName(`sources[${i}].table`, s.table);
    checkFileName(`sources[${i}].file`, s.file);
    if (tables.has(s.table.toLowerCase())) throw new WorkbookError(`sources[${i}].table`, `${JSON.stringify(s.table)} is listed twice`, 'ask for a fresh export');
    tables.add(s.table.toLowerCase());
  });
  const embedded = new Set<string>();
  let total = 0;
  w.data?.forEach((d, i) => {
    const at = `data[${i}]`;
    if (!tables.has(d.table.toLowerCase())) throw new WorkbookError(`${at}.table`, `${JSON.stringify(d.table.slice(0, 40))} is not one of the workbook's sources`, 'ask for a fresh export');
    if (embedded.has(d.table.toLowerCase())) throw new WorkbookError(`${at}.table`, `${JSON.stringify(d.table)} is embedded twice`, 'ask for a fresh export');
    embedded.add(d.table.toLowerCase());
    // Base64 of n bytes is exactly 4·⌈n/3⌉ characters: a cheap check that catches truncation before decoding.
    const expected = 4 * Math.ceil(d.bytes / 3);
    if (d.base64.length !== expected) {
      throw new WorkbookError(`${at}.base64`, `has ${d.base64.length} characters, expected ${expected} for ${d.bytes} bytes`, 'the embedded data are cut short or damaged; export the workbook again');
    }
    total += d.bytes;
  });
  if (total > LIMITS.fileBytes) throw new WorkbookError('data', `embeds ${total} bytes, more than the ${LIMITS.fileBytes} allowed`, 'export without data and share the files separately');
}

/** Read a workbook file (its bytes or text): size, UTF-8 and JSON checked first, then parseWorkbook. */
export function parseWorkbookFile(input: string | Uint8Array | ArrayBuffer): Workbook {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > LIMITS.fileBytes) {
    throw new WorkbookError('', `the file is ${formatMiB(size)}, more than the ${formatMiB(LIMITS.fileBytes)} a workbook may be`, 'export it without embedded data and share the data files separately');
  }
  let textContent: string;
  if (typeof input === 'string') textContent = input;
  else {
    try {
      textContent = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch (e) {
      throw new WorkbookError('', 'the file is not UTF-8 text', 'choose the .workbook.json file the workbench exported', { cause: e });
    }
  }
  textContent = textContent.replace(/^\uFEFF/, '');
  if (textContent.trim() === '') throw new WorkbookError('', 'the file is empty', 'choose the .workbook.json file the workbench exported');
  let parsed: unknown;
  try {
    parsed = JSON.parse(textContent);
  } catch (e) {
    // A workbook starts with `{`: when it does but doesn't close, the file was cut short rather than the wrong file.
    const truncated = /^\s*\{/.test(textContent) && (!/\}\s*$/.test(textContent) || /end of (JSON|data)/i.test(String((e as Error).message)));
    throw new WorkbookError(
      '',
      truncated ? `the file ends early (after ${textContent.length} characters): it is not a complete workbook` : `the file is not valid JSON (${(e as Error).message})`,
      truncated ? 'it was probably cut short while copying; export or copy it again' : 'choose the .workbook.json file the workbench exported',
      { cause: e },
    );
  }
  const dataChars = Array.isArray((parsed as { data?: unknown })?.data)
    ? ((parsed as { data: unknown[] }).data).reduce<number>((a, d) => a + (typeof (d as { base64?: unknown })?.base64 === 'string' ? (d as { base64: string }).base64.length : 0), 0)
    : 0;
  if (textContent.length - dataChars > LIMITS.metadataBytes) {
    throw new WorkbookError('', `the workbook's views and settings take ${formatMiB(textContent.length - dataChars)}, more than the ${formatMiB(LIMITS.metadataBytes)} allowed`, 'this is not a workbook the workbench wrote');
  }
  return parseWorkbook(parsed);
}

function formatMiB(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** The workbook as file text: validated first (the workbench never writes what it can't read back), data last. */
export function serializeWorkbook(w: Workbook): string {
  const checked = parseWorkbook(w);
  const ordered = {
    format: checked.format,
    version: checked.version,
    title: checked.title,
    views: checked.views,
    queries: checked.queries,
    roleCorrections: checked.roleCorrections,
    valueMappings: checked.valueMappings,
    peerGroups: checked.peerGroups,
    sources: checked.sources,
    ...(checked.protection ? { protection: checked.protection } : {}),
    ...(checked.data ? { data: checked.data } : {}),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
