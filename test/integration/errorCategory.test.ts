import assert from 'node:assert/strict';
import type { Db } from '../../src/db/db';
import { runEtl } from '../../src/etl/etl';
import { demo, digest } from './setup';
import { suiteDbs } from './suite';

/** The categories of the demo's failure stories, by hand from their fail reasons. */
const EXPECTED: Record<string, string> = {
  'growth-rate-invalid': 'validation', // ValidationError: growth rate -1.5 … outside [-1, 1]
  'timeout-after-input-growth': 'timeout', // status timeout, "Timeout: node … exceeded 900 s"
  'same-validation-error-across-model': 'data', // KeyError: 'region_code' missing in mapping
  'null-input': 'data', // TypeError: cannot read property 'share' of null
  'division-by-zero': 'calculation', // ZeroDivisionError
  'culprit-not-last': 'calculation', // ValueError: treated volume exceeds eligible patients
};

async function categories(db: Db): Promise<Map<string, string | null>> {
  const rows = await db.query<{ run_id: string; error_category: string | null }>('SELECT run_id, error_category FROM reporting.dim_run');
  return new Map(rows.map((r) => [r.run_id, r.error_category]));
}

describe('error categories in the reporting schema', function () {
  const dbs = suiteDbs({ batchSize: 1000 });

  it('the ETL stores each failed run’s and failed calc’s category; successes have none', async () => {
    const cats = await categories(dbs.reporting);
    for (const s of demo().stories.list) {
      for (const inst of s.instances) assert.equal(cats.get(inst.failed_run_id), EXPECTED[s.id], `${s.id} run ${inst.failed_run_id}`);
      assert.equal(cats.get(s.last_success_run_id), null);
    }
    const failed = demo().runs.filter((r) => r.run_status === 'failed' || r.run_status === 'timeout');
    assert.ok(failed.length > 10);
    for (const r of failed) assert.match(String(cats.get(r.id)), /^(timeout|validation|calculation|data|database|infrastructure|other)$/, r.fail_reason!);
    for (const r of demo().runs.filter((x) => x.run_status === 'success')) assert.equal(cats.get(r.id), null);
    const calcs = await dbs.reporting.query<{ run_id: string; status: string; error_category: string | null }>(
      'SELECT run_id, calc_status AS status, error_category FROM reporting.fact_node_calculations WHERE calc_status = $1 OR error_category IS NOT NULL',
      ['failed'],
    );
    assert.equal(calcs.length, demo().nodeCalcs.filter((c) => c.status === 'failed').length);
    for (const c of calcs) assert.equal(c.status, 'failed');
    const story = demo().stories.byId['division-by-zero'];
    assert.deepEqual(calcs.filter((c) => c.run_id === story.failed_run_id).map((c) => c.error_category), ['calculation']);
    // A database deadlock and a MemoryError of the generated failures land in `infrastructure` (not an input's doing).
    for (const [pattern, cat] of [
      [/^DatabaseError: deadlock/, 'infrastructure'],
      [/^MemoryError/, 'infrastructure'],
    ] as const) {
      const r = failed.find((x) => pattern.test(x.fail_reason!));
      if (r) assert.equal(cats.get(r.id), cat, r.fail_reason!);
    }
  });

  it('a reload rewrites a missing category (upsert path)', async () => {
    const before = await digest(dbs.reporting);
    await dbs.reporting.query('UPDATE reporting.dim_run SET error_category = NULL');
    await dbs.reporting.query('UPDATE reporting.fact_node_calculations SET error_category = NULL');
    await runEtl({ source: dbs.prod, target: dbs.reporting, mode: 'full', batchSize: 1000 });
    assert.deepEqual(await digest(dbs.reporting), before);
  });

  // Upgrading a schema loaded before categories existed (version 2) is checked by
  // migration.test.ts: migrated through 003 and 004 it equals a fresh load, categories included.
});
