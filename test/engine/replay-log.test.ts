import { describe, expect, it } from 'vitest';
import { ReplayLog, describeEntry } from '../../src/engine/replay-log';
import { filesToSetAside, recoverySentence, replaySentence, replaySteps, type HeldFile } from '../../src/engine/recovery';
import { firstKeyword, statementEffect } from '../../src/query';

describe('statementEffect', () => {
  it('reads the first keyword after comments and parentheses', () => {
    expect(firstKeyword('-- a comment\n/* block /* nested */ */ (SELECT 1)')).toBe('select');
    expect(firstKeyword('   ')).toBe('');
    expect(firstKeyword('-- only a comment')).toBe('');
  });
  it('tells queries from changes and transactions', () => {
    for (const q of ['SELECT 1', 'WITH a AS (SELECT 1) SELECT * FROM a', 'FROM t', 'DESCRIBE t', 'EXPLAIN SELECT 1', 'SUMMARIZE t', 'PRAGMA table_info(t)', 'SHOW TABLES', 'VALUES (1)'])
      expect(statementEffect(q), q).toBe('reads');
    for (const q of ['CREATE TABLE t AS SELECT 1', '-- make it\ncreate view v as select 1', 'INSERT INTO t VALUES (1)', 'update t set a = 1', 'DELETE FROM t', 'DROP TABLE t', 'ALTER TABLE t RENAME TO u', "COPY t FROM 'x.csv'", 'SET threads = 1', 'TRUNCATE t'])
      expect(statementEffect(q), q).toBe('changes');
    expect(statementEffect('BEGIN TRANSACTION')).toBe('begin');
    expect(statementEffect('commit')).toBe('commit');
    expect(statementEffect('ROLLBACK')).toBe('rollback');
  });
  it('a statement starting with a prototype member name is a query, not a crash', () => {
    expect(statementEffect('constructor')).toBe('reads');
    expect(statementEffect('toString()')).toBe('reads');
  });
});

describe('ReplayLog', () => {
  it('keeps changes in order, not queries', () => {
    const log = new ReplayLog();
    log.ran('CREATE TABLE a AS SELECT 1 AS x');
    log.ran('SELECT * FROM a');
    log.ran('INSERT INTO a VALUES (2)');
    expect(log.list().map(describeEntry)).toEqual(['CREATE TABLE a AS SELECT 1 AS x', 'INSERT INTO a VALUES (2)']);
  });
  it('forgets what a rollback undid, and an open transaction at a restart', () => {
    const log = new ReplayLog();
    log.ran('CREATE TABLE a (x INT)');
    log.ran('BEGIN');
    log.ran('INSERT INTO a VALUES (1)');
    log.ran('ROLLBACK');
    log.ran('BEGIN');
    log.ran('INSERT INTO a VALUES (2)');
    log.ran('COMMIT');
    log.ran('BEGIN');
    log.ran('INSERT INTO a VALUES (3)');
    log.restarted();
    expect(log.list().map(describeEntry)).toEqual(['CREATE TABLE a (x INT)', 'INSERT INTO a VALUES (2)']);
  });
  it('records drops and renames from the data panel only after some SQL (before it, there is nothing to undo)', () => {
    const log = new ReplayLog();
    log.dropped('kent');
    expect(log.size).toBe(0);
    log.ran('CREATE TABLE a AS SELECT 1');
    log.renamed('a', 'b');
    log.dropped('b');
    expect(log.list().map(describeEntry)).toEqual(['CREATE TABLE a AS SELECT 1', 'renaming a to b', 'dropping b']);
    log.remove(log.list()[1]!);
    expect(log.size).toBe(2);
  });
  it('shortens a long statement to one line', () => {
    const text = describeEntry({ kind: 'sql', sql: `CREATE TABLE a AS\n  SELECT ${'x, '.repeat(40)} 1` });
    expect(text).not.toContain('\n');
    expect(text.length).toBe(78);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('recovery', () => {
  const held = (table: string, name = `${table}.csv`): HeldFile => ({ source: { name, blob: new Blob(['x']) }, loaded: { table } as HeldFile['loaded'] });
  it('blames the files the workbench was reading, never those a user query read', () => {
    const files = [held('wide'), held('kent'), held('wide2')];
    expect(filesToSetAside({ sql: 'SELECT count(*) FROM "wide"', user: false }, files).map((h) => h.loaded.table)).toEqual(['wide']);
    expect(filesToSetAside({ sql: 'SELECT count(*) FROM "wide"', user: true }, files)).toEqual([]);
    expect(filesToSetAside({}, files)).toEqual([]);
    expect(filesToSetAside({ file: 'wide.csv' }, files)).toEqual([]);
  });
  it('says what came back, what failed and what was set aside', () => {
    expect(recoverySentence({ reloaded: 1, failed: [], setAside: [] })).toBe('The query engine stopped and was restarted. 1 file loaded again.');
    const s = recoverySentence({ reloaded: 3, failed: [{ file: 'a.csv', reason: 'the file is empty' }], setAside: ['wide.csv'], droppedStep: 'CREATE TABLE big AS …' });
    expect(s).toContain('3 files loaded again. a.csv could not be loaded again: the file is empty.');
    expect(s).toContain('Set aside wide.csv: the engine stopped while reading it');
    expect(s).toContain('Not made again: CREATE TABLE big AS … — it stopped the engine when run again.');
  });
  it('runs the steps in order, reports and forgets the ones that fail, and stops at a dead engine', async () => {
    const log = new ReplayLog();
    for (const q of ['CREATE TABLE a (x INT)', 'CREATE VIEW v AS SELECT * FROM missing', 'INSERT INTO a VALUES (1)', 'CREATE TABLE b (x INT)']) log.ran(q);
    const ran: string[] = [];
    let dead = false;
    const report = await replaySteps(
      [...log.list()],
      async (e) => {
        const sql = e.kind === 'sql' ? e.sql : '';
        if (sql.includes('missing')) throw new Error('Catalog Error: Table with name missing does not exist!');
        ran.push(sql);
        if (sql.startsWith('INSERT')) dead = true;
      },
      (e) => log.remove(e),
      () => dead,
    );
    expect(ran).toEqual(['CREATE TABLE a (x INT)', 'INSERT INTO a VALUES (1)']);
    expect(report.ran).toBe(2);
    expect(report.failed).toEqual([{ step: 'CREATE VIEW v AS SELECT * FROM missing', reason: 'Catalog Error: Table with name missing does not exist!' }]);
    expect(log.size).toBe(3);
    expect(replaySentence(report)).toBe('2 changes you made with SQL were made again. Could not make again: CREATE VIEW v AS SELECT * FROM missing — Catalog Error: Table with name missing does not exist.');
    expect(replaySentence({ ran: 0, failed: [] })).toBe('');
  });
});
