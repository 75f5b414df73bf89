/**
 * The table specs (src/etl/tables.ts) against what they must agree with: the migrated
 * schema (both layouts), the statements derived from them, and the first load's COPY
 * extract. A column added to a migration but not to its spec (or the other way round)
 * fails here, not in production.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../src/db/db';
import { PgliteDb } from '../../../src/db/pgliteDb';
import { copyRows } from '../../../src/db/copyFormat';
import { sqlText } from '../../../src/db/sqlFiles';
import { migrate } from '../../../src/etl/migrate';
import { PLAIN } from '../../../src/etl/rows';
import { calcsFromCopy } from '../../../src/etl/transform';
import { failureCategory } from '../../../src/core/errorCategory';
import { failSignature } from '../../../src/core/signatures';
import { DERIVED_TABLES, deriveFacts, EVERYTHING, insertStatement, upsertStatement } from '../../../src/etl/derived';
import { ANALYZE, defineTable, DIM_USER, LOG_COUNTS, REPORTING_TABLES, TABLES_EMPTY, toColumns, WRITTEN_TABLES, type AnyTable, type PgType } from '../../../src/etl/tables';

const ROOT = join(__dirname, '..', '..', '..');

/** information_schema's data_type for each spec type. */
const DATA_TYPE: Record<PgType, string> = {
  uuid: 'uuid',
  text: 'text',
  timestamp: 'timestamp without time zone',
  int: 'integer',
  smallint: 'smallint',
  numeric: 'numeric',
  boolean: 'boolean',
  jsonb: 'jsonb',
};

interface SchemaColumn {
  table_name: string;
  column_name: string;
  data_type: string;
}

async function schemaOf(db: Db): Promise<{ columns: SchemaColumn[]; keys: Map<string, string[]> }> {
  const columns = await db.query<SchemaColumn>(
    "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'reporting' ORDER BY table_name, ordinal_position",
  );
  const keyRows = await db.query<{ table_name: string; column_name: string }>(
    `SELECT t.relname AS table_name, a.attname AS column_name
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN LATERAL unnest(c.conkey) WITH ORDINALITY k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'reporting' AND c.contype = 'p' AND c.conname = t.relname || '_pkey'
      ORDER BY t.relname, k.ord`,
  );
  const keys = new Map<string, string[]>();
  for (const k of keyRows) keys.set(k.table_name, [...(keys.get(k.table_name) ?? []), k.column_name]);
  return { columns, keys };
}

/** One row of made-up values by type; `n` varies them (keys included). */
function sampleRow(t: AnyTable, n: number): unknown[] {
  return t.columns.map((c) => {
    switch (c.type) {
      case 'uuid':
        return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      case 'timestamp':
        return `2026-0${1 + (n % 9)}-15T10:00:00.000Z`;
      case 'int':
      case 'smallint':
        return n;
      case 'numeric':
        return n + 0.5;
      case 'boolean':
        return n % 2 === 0;
      case 'jsonb':
        return JSON.stringify({ n });
      default:
        return `${c.name} ${n}`;
    }
  });
}

const asColumns = (rows: unknown[][]): unknown[][] => rows[0].map((_, c) => rows.map((r) => r[c]));

for (const layout of ['plain', 'partitioned'] as const) {
  describe(`ETL table specs against the migrated schema (${layout} layout)`, function () {
    this.timeout(60_000);
    let db: Db;
    let schema: Awaited<ReturnType<typeof schemaOf>>;

    before(async () => {
      db = await PgliteDb.open({ label: `etlSpec ${layout}` });
      await migrate(db, { partitioned: layout === 'partitioned' });
      schema = await schemaOf(db);
    });
    after(async () => db?.close());

    it('every table has the spec columns, with their types, and only the columns its spec says the load leaves alone', () => {
      assert.equal(REPORTING_TABLES.length, 7);
      for (const t of REPORTING_TABLES) {
        const cols = schema.columns.filter((c) => c.table_name === t.table);
        assert.ok(cols.length > 0, `${t.table} is not in the migrated schema`);
        const spec = t.columns.map((c) => [c.name, DATA_TYPE[c.type]]);
        assert.deepEqual(
          spec.filter(([name, type]) => !cols.some((c) => c.column_name === name && c.data_type === type)),
          [],
          `${t.table}: spec columns missing or of another type in the schema`,
        );
        const known = new Set([...t.columns.map((c) => c.name), ...t.notLoaded]);
        assert.deepEqual(
          cols.map((c) => c.column_name).filter((n) => !known.has(n)),
          [],
          `${t.table}: columns in the schema that the spec neither loads nor lists in notLoaded`,
        );
        assert.deepEqual(
          t.notLoaded.filter((n) => !cols.some((c) => c.column_name === n)),
          [],
          `${t.table}: notLoaded names a column the schema does not have`,
        );
      }
    });

    it('the primary key is the spec key (partitioned facts: with the partition column)', () => {
      for (const t of REPORTING_TABLES) {
        const expected = layout === 'partitioned' && t.partition ? [...t.key, t.partition] : [...t.key];
        assert.deepEqual(schema.keys.get(t.table), expected, t.table);
      }
    });

    it('the statements over every table run: emptiness, statistics, the run log counts', async () => {
      const empty = async (): Promise<boolean | undefined> => (await db.query<{ empty: boolean }>(TABLES_EMPTY))[0]?.empty;
      assert.equal(await empty(), true);
      await db.transaction(async (tx) => {
        await tx.copyFrom(DIM_USER.copy, copyRows(asColumns([sampleRow(DIM_USER, 1)])));
        assert.equal((await tx.query<{ empty: boolean }>(TABLES_EMPTY))[0]?.empty, false);
        await tx.query(ANALYZE);
        const [run] = await tx.query<{ id: number }>(sqlText('etl/log_run'), ['full', '2026-01-01 00:00:00', 'success', null, null, null, '{}', '{}', 1, null, 1]);
        await tx.query(LOG_COUNTS, [run.id, null]);
        const [logged] = await tx.query<{ row_counts: Record<string, number> }>('SELECT row_counts FROM reporting.etl_run_log WHERE id = $1', [run.id]);
        assert.deepEqual(logged.row_counts, Object.fromEntries(WRITTEN_TABLES.map((t) => [t, t === DIM_USER.table ? 1 : 0])));
        assert.equal(Object.keys(logged.row_counts).length, 11, 'the 7 loaded tables, the 3 derived facts and the audit trail');
        await tx.exec('DELETE FROM reporting.dim_user; DELETE FROM reporting.etl_run_log');
      });
      assert.equal(await empty(), true);
    });

    it('every derived fact has the columns its spec writes and leaves alone, and its key', () => {
      assert.deepEqual(
        DERIVED_TABLES.map((d) => d.table),
        ['fact_scenario_state_change', 'fact_user_action', 'fact_run_diagnostic'],
      );
      for (const d of DERIVED_TABLES) {
        const cols = schema.columns.filter((c) => c.table_name === d.table).map((c) => c.column_name);
        assert.deepEqual([...d.columns, ...d.notLoaded].sort(), [...cols].sort(), d.table);
        assert.deepEqual(schema.keys.get(d.table), [...d.key], d.table);
      }
    });

    it("the derived facts' statements run over the empty schema (first load and upsert) and write nothing", async () => {
      await db.transaction(async (tx) => {
        for (const d of DERIVED_TABLES) {
          for (const sql of [insertStatement(d), upsertStatement(d)]) {
            const [r] = await tx.query<{ written: number; removed: number }>(sql, [null, null, null]);
            assert.deepEqual([Number(r.written), Number(r.removed)], [0, 0], d.table);
          }
        }
        assert.deepEqual(await deriveFacts(tx, { scenarios: [], runs: [], from: '2026-01-01 00:00:00' }), {
          written: { fact_scenario_state_change: 0, fact_user_action: 0, fact_run_diagnostic: 0 },
          changed: false,
          sessionsMoved: [],
        });
        assert.deepEqual(Object.values((await deriveFacts(tx, EVERYTHING)).written), [0, 0, 0]);
      });
    });

    it('the derived COPY and upsert load rows; an unchanged row is not written again, a changed one is', async () => {
      for (const t of REPORTING_TABLES) {
        const rows = [sampleRow(t, 1), sampleRow(t, 2)];
        await db.transaction(async (tx) => {
          if (layout === 'partitioned' && t.partition) await tx.query(sqlText('etl/ensure_partitions'), [t.table, ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']]);
          await tx.copyFrom(t.copy, copyRows(asColumns(rows)));
          const keyList = t.key.join(', ');
          const versions = async (): Promise<string[]> =>
            (await tx.query<{ v: string }>(`SELECT ctid::text AS v FROM reporting.${t.table} ORDER BY ${keyList}`)).map((r) => r.v);
          const before = await versions();
          assert.equal(before.length, 2, `${t.table}: COPY loaded two rows`);
          await tx.query(t.upsert, asColumns(rows));
          assert.deepEqual(await versions(), before, `${t.table}: the same rows again write nothing`);
          // Row 1 again with every non-key value of row 3 (its keys kept): an update, no new row.
          const changed = sampleRow(t, 3).map((v, i) => (t.key.includes(t.columns[i].name) ? rows[0][i] : v));
          if (t.partitionAt !== undefined && layout === 'partitioned') changed[t.partitionAt] = rows[0][t.partitionAt];
          await tx.query(t.upsert, asColumns([changed]));
          const after = await versions();
          assert.equal(after.length, 2, `${t.table}: updated in place`);
          assert.equal(after.filter((v, i) => v !== before[i]).length, 1, `${t.table}: exactly the changed row written`);
          await tx.exec(`DELETE FROM reporting.${t.table}`);
        });
      }
    });
  });
}

describe('ETL statements derived from the specs', () => {
  it('COPY and upsert list the spec columns in order, one typed array per column', () => {
    for (const t of REPORTING_TABLES) {
      const names = t.columns.map((c) => c.name);
      assert.equal(t.copy, `COPY reporting.${t.table} (${names.join(', ')}) FROM STDIN`);
      const insert = /INSERT INTO reporting\.(\w+) AS t \(([^)]*)\)/.exec(t.upsert);
      assert.ok(insert, t.table);
      assert.equal(insert[1], t.table);
      assert.deepEqual(
        insert[2].split(',').map((c) => c.trim()),
        names,
      );
      const arrays = [...t.upsert.matchAll(/\$(\d+)::(\w+)\[\]/g)].map((m) => [Number(m[1]), m[2]]);
      assert.deepEqual(
        arrays,
        t.columns.map((c, i) => [i + 1, c.type === 'jsonb' ? 'text' : c.type]),
        t.table,
      );
    }
  });

  it('partitioned facts conflict on their primary key by name, dimensions on their key columns', () => {
    const targets = Object.fromEntries(REPORTING_TABLES.map((t) => [t.table, /ON CONFLICT (.*?) DO UPDATE/.exec(t.upsert)?.[1]]));
    assert.deepEqual(targets, {
      dim_node: '(node_id)',
      dim_scenario: '(scenario_id)',
      dim_run: '(run_id)',
      dim_user: '(user_id)',
      fact_scenario_events: 'ON CONSTRAINT fact_scenario_events_pkey',
      fact_input_changes: 'ON CONSTRAINT fact_input_changes_pkey',
      fact_node_calculations: 'ON CONSTRAINT fact_node_calculations_pkey',
    });
  });

  it('delete_all_derived.sql then delete_all.sql (a rebuild) empty exactly the tables the ETL writes, the derived facts and the audit trail first', () => {
    const deletes = (name: string): string[] =>
      [...readFileSync(join(ROOT, 'sql', 'etl', `${name}.sql`), 'utf8').matchAll(/^DELETE FROM reporting\.(\w+);?$/gm)].map((m) => m[1]);
    assert.deepEqual([...deletes('delete_all')].sort(), REPORTING_TABLES.map((t) => t.table).sort());
    assert.deepEqual([...deletes('delete_all_derived')].sort(), [...DERIVED_TABLES.map((d) => d.table), 'view_scenario_audit_trail'].sort());
    assert.deepEqual([...deletes('delete_all_derived'), ...deletes('delete_all')].sort(), [...WRITTEN_TABLES].sort());
  });

  it("the first load's node calc extract has the COPY's columns but the last, fail_signature NULL in its place", () => {
    const sql = readFileSync(join(ROOT, 'sql', 'etl', 'extract_calcs_copy.sql'), 'utf8');
    const select = /SELECT ([\s\S]*?)\s+FROM fc_scenario_node_calc/.exec(sql)![1].split(',').map((s) => s.trim());
    const calcs = REPORTING_TABLES.find((t) => t.table === 'fact_node_calculations')!;
    const names = calcs.columns.map((c) => c.name);
    assert.equal(select.indexOf('r.run_complete_at'), names.length - 1, 'the run fields follow the COPY columns but error_category');
    assert.equal(select.indexOf('NULL::text AS fail_signature'), names.indexOf('fail_signature'));
    assert.equal(names[names.length - 1], 'error_category');
  });

  it('first load, node calcs from COPY: rows pass through in the spec order, a failure decoded with its run for the event', () => {
    const N = '\\N';
    const fields = (status: string, reason: string): string =>
      ['s1', 'c1', 'r1', 'n1', status, reason, N, '2026-10-27 12:00:54.576', '2026-10-27 12:00:54.882', '0.306', '2026-10-27 12:00:47.752', '2026-10-27 12:02:55.977', 'j.tanaka', 'q1'].join('\t');
    const t = calcsFromCopy(Buffer.from(`${fields('success', N)}\n${fields('failed', 'Timeout after 30s')}\n`), new Map([['n1', 'Revenue']]));
    const rows = t.rows.toString('utf8').split('\n');
    assert.equal(t.count, 2);
    assert.deepEqual([...t.months], ['2026-10']);
    assert.equal(rows[0], ['s1', 'c1', 'r1', 'n1', 'success', N, N, '2026-10-27 12:00:54.576', '2026-10-27 12:00:54.882', '0.306', '2026-10-27 12:00:47.752', N].join('\t'));
    const failed = rows[1].split('\t');
    assert.equal(failed.length, REPORTING_TABLES.find((x) => x.table === 'fact_node_calculations')!.columns.length);
    assert.equal(failed[6], failSignature('Timeout after 30s'));
    assert.equal(failed[11], failureCategory('failed', 'Timeout after 30s'));
    assert.equal(t.events.length, 1);
    assert.deepEqual([t.events[0].event_user, t.events[0].request_id, t.events[0].run_id, t.events[0].event_timestamp], ['j.tanaka', 'q1', 'r1', '2026-10-27T12:00:54.882Z']);
  });

  it('a new table is one spec: its statements and column arrays follow (the README example)', () => {
    interface UserAction {
      id: string;
      at: string;
      user: string | null;
      action: string;
      details: Record<string, unknown>;
    }
    const spec = defineTable<UserAction>({
      table: 'fact_user_action',
      from: 'fc_user_action',
      columns: [
        { name: 'action_id', type: 'uuid', value: (r) => r.id },
        { name: 'action_at', type: 'timestamp', value: (r) => r.at },
        { name: 'action_user', type: 'text', value: (r, p) => p.user(r.user) },
        { name: 'action', type: 'text', value: (r) => r.action },
        { name: 'details', type: 'jsonb', value: (r) => JSON.stringify(r.details) },
      ],
      key: ['action_id'],
      partition: 'action_at',
      notLoaded: ['etl_loaded_at'],
    });
    assert.equal(spec.copy, 'COPY reporting.fact_user_action (action_id, action_at, action_user, action, details) FROM STDIN');
    assert.match(spec.upsert, /FROM unnest\(\$1::uuid\[\], \$2::timestamp\[\], \$3::text\[\], \$4::text\[\], \$5::text\[\]\)/);
    assert.match(spec.upsert, /u\.details::jsonb/);
    assert.match(spec.upsert, /ON CONFLICT ON CONSTRAINT fact_user_action_pkey DO UPDATE SET/);
    assert.match(spec.upsert, /WHERE \(t\.action_at, t\.action_user, t\.action, t\.details\)/);
    assert.equal(spec.partitionAt, 1);
    const pseudonyms = { user: (u: string | null) => (u ? `p-${u.length}` : null), withholdInputValues: false };
    const row: UserAction = { id: 'a1', at: '2026-05-01T00:00:00.000Z', user: 'alice', action: 'OPEN', details: { tab: 2 } };
    assert.deepEqual(toColumns(spec, [row], PLAIN), [['a1'], ['2026-05-01T00:00:00.000Z'], ['alice'], ['OPEN'], ['{"tab":2}']]);
    assert.deepEqual(toColumns(spec, [row], pseudonyms)[2], ['p-5']);
    assert.throws(() => defineTable({ ...spec, key: ['nope'] }), /fact_user_action: nope is not a loaded column/);
  });
});
