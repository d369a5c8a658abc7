/**
 * The builder's pre-aggregated cubes (issue 16 goal 3): one per relation the builder reads, built after its first
 * chart is drawn, so start-up never waits for one, and forgotten whenever the tables change, so a cube never answers
 * for data it was not made from. A view whose columns the cube holds reads it (src/query/cube.ts decides); every
 * other view, and Show SQL and every export, read the table. The cube is a TEMP table on the engine's one connection:
 * it is not in the catalogue, and an engine restart forgets it (a query that then fails falls back to the table).
 */
import type { ColumnRole } from '../domain';
import { specRoles } from '../domain';
import type { QueryResult } from '../engine';
import { toRows } from '../charts';
import {
  CUBE_MIN_ROWS,
  cardinalitySql,
  cubeCandidates,
  cubeDimensions,
  cubeInfo,
  cubeRowsSql,
  cubeSamplePercent,
  cubeSizeSql,
  cubeSql,
  dropCubeSql,
  ident,
  keepCube,
  readCardinality,
  trimDimensions,
  type CubeInfo,
  type SchemaInfo,
} from '../query';

/** What a built (or refused) cube cost and holds: for the bench and the status line's tooltip. */
export interface CubeReport {
  relation: string;
  /** Why no cube was kept, in words; absent when one was. */
  refused?: string;
  rows?: number;
  tableRows?: number;
  buildMs: number;
}

type Query = (sql: string) => Promise<QueryResult>;

export class Cubes {
  private readonly built = new Map<string, CubeInfo>();
  private readonly pending = new Map<string, Promise<CubeReport>>();
  /** Bumped by forget(): a build started before it must not keep its cube. */
  private generation = 0;
  /** The last build's report, for the bench and tests. */
  last: CubeReport | undefined;

  constructor(private readonly query: Query) {}

  /** The cube of `relation`, when one is built. */
  for(relation: string): CubeInfo | undefined {
    return this.built.get(relation.toLowerCase());
  }

  /**
   * Build the cube of `relation` (once; a second call waits for the first). Tables under CUBE_MIN_ROWS get none:
   * they answer fast enough as they are. Never throws: a cube that cannot be made is only a slower chart.
   */
  ensure(relation: string, roles: readonly ColumnRole[], schema: SchemaInfo, knownRows = -1): Promise<CubeReport> {
    const key = relation.toLowerCase();
    const known = this.built.get(key);
    if (known) return Promise.resolve({ relation, rows: undefined, buildMs: 0 });
    const running = this.pending.get(key);
    if (running) return running;
    // A table the catalogue counted below the threshold costs nothing: no query at all (a load of a small or odd
    // file must not get one more query than it had before the cube existed).
    if (knownRows >= 0 && knownRows < CUBE_MIN_ROWS) {
      return Promise.resolve((this.last = { relation, refused: `${knownRows.toLocaleString('en-GB')} rows answer fast enough as they are`, tableRows: knownRows, buildMs: 0 }));
    }
    const job = this.build(relation, roles, schema, knownRows).finally(() => this.pending.delete(key));
    this.pending.set(key, job);
    return job;
  }

  /** Drop every cube: the tables changed, so none can be trusted. */
  async forget(): Promise<void> {
    this.generation++;
    const cubes = [...this.built.values()];
    this.built.clear();
    for (const c of cubes) await this.query(dropCubeSql(c)).catch(() => undefined);
  }

  /** A cube query failed (the engine restarted, and TEMP tables went with it): read the tables until rebuilt. */
  lost(cube: CubeInfo): void {
    this.built.delete(cube.source.toLowerCase());
  }

  private async count(relation: string): Promise<number> {
    const r = toRows((await this.query(`SELECT count(*)::DOUBLE AS n FROM ${ident(relation)}`)).table);
    return Number(r[0]?.n ?? 0);
  }

  private async build(relation: string, roles: readonly ColumnRole[], schema: SchemaInfo, knownRows: number): Promise<CubeReport> {
    const t0 = performance.now();
    const generation = this.generation;
    const report = (r: Omit<CubeReport, 'relation' | 'buildMs'>): CubeReport => (this.last = { relation, ...r, buildMs: performance.now() - t0 });
    const table = schema.tables.find((t) => t.name.toLowerCase() === relation.toLowerCase());
    if (!table) return report({ refused: 'the table is not loaded' });
    try {
      const specRoleNames = specRoles(roles);
      const candidates = cubeCandidates(table, specRoleNames, roles.filter((r) => r.role !== 'measure').map((r) => r.name));
      // The catalogue's count when it has one (it counts tables and views once per change); else one count here.
      const rows = knownRows >= 0 ? knownRows : await this.count(relation);
      if (rows < CUBE_MIN_ROWS) return report({ refused: `${rows.toLocaleString('en-GB')} rows answer fast enough as they are`, tableRows: rows });
      const sample = { samplePercent: cubeSamplePercent(rows) };
      const card = readCardinality(candidates, toRows((await this.query(cardinalitySql(relation, candidates, sample))).table)[0] ?? {});
      let plan = cubeDimensions(table, specRoleNames, candidates, card);
      if (plan.estimatedRows === undefined) {
        const sizes = toRows((await this.query(cubeSizeSql(relation, plan.dims, sample))).table)[0] ?? {};
        const trimmed = trimDimensions(plan, sizes);
        if (!trimmed) return report({ refused: 'even its force, region and period alone have too many combinations', tableRows: rows });
        plan = trimmed;
      }
      const cube = cubeInfo(relation, plan);
      await this.query(cubeSql(cube));
      const made = Number(toRows((await this.query(cubeRowsSql(cube))).table)[0]?.rows ?? 0);
      if (!keepCube(made, rows) || generation !== this.generation) {
        await this.query(dropCubeSql(cube)).catch(() => undefined);
        return report({ refused: generation !== this.generation ? 'the tables changed while it was built' : `${made.toLocaleString('en-GB')} rows: too many to save time`, rows: made, tableRows: rows });
      }
      this.built.set(relation.toLowerCase(), cube);
      return report({ rows: made, tableRows: rows });
    } catch (e) {
      return report({ refused: `it could not be built (${(e as Error).message})` });
    }
  }
}

