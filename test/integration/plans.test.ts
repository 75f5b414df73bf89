import assert from 'node:assert/strict';
import type { Db, Row } from '../../src/db/db';
import { Analyses } from '../../src/engine/analyses';
import { suiteDbs } from './suite';

/** The reporting statements that read one scenario's input versions node by node. */
const PROBES = ['reporting.snapshot', 'reporting.snapshot_pair', 'reporting.culprit_rerun', 'reporting.culprit_history'];

interface Ran {
  name: string;
  sql: string;
  params: readonly unknown[];
}

/** A Db that records the statements it runs (name, text, parameters). */
function recording(db: Db, log: Ran[]): Db {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return <R = Row>(sql: string, params?: readonly unknown[]) => {
          const name = /^--\s*name:\s*(\S+)/.exec(sql)?.[1];
          if (name) log.push({ name, sql, params: params ?? [] });
          return target.query<R>(sql, params);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

describe('query plans on the reporting schema', function () {
  const dbs = suiteDbs({});

  // A node's saves in every scenario of its model sit together in fact_input_node_only_idx
  // (node_id, changed_at). A probe for one scenario's version of a node that goes through it reads
  // them all: the cost of a snapshot or a ranked diff then grows with the model's scenarios. With
  // both time bounds unknown at planning ("changed_at <= run_at AND changed_at >= first_event_at"),
  // PostgreSQL estimated that range at 0.5 % of the node's saves and took that index (44,700
  // buffers for one ranked diff's history at S, 2,050 through the scenario's index).
  it("reads a scenario's input versions through the index that leads with the scenario, never the node's", async () => {
    const pairs = await dbs.reporting.query<{ a: string; b: string }>(
      `SELECT o.run_id AS a, r.run_id AS b
         FROM reporting.dim_run r
         JOIN LATERAL (SELECT run_id FROM reporting.dim_run WHERE scenario_id = r.scenario_id AND run_status = 'success' AND run_at < r.run_at
                        ORDER BY run_at DESC LIMIT 1) o ON true
        WHERE r.run_status IN ('failed', 'timeout')
        ORDER BY md5(r.run_id::text) LIMIT 12`,
    );
    assert.ok(pairs.length >= 6, `failures with a success before them in the demo: ${pairs.length}`);
    const log: Ran[] = [];
    const rep = new Analyses(recording(dbs.reporting, log), 'reporting');
    for (const p of pairs) {
      await rep.diff(p.a, p.b);
      await rep.snapshot(p.b);
    }
    const probes = log.filter((r) => PROBES.includes(r.name));
    assert.deepEqual([...new Set(probes.map((r) => r.name))].sort(), [...PROBES].sort(), 'every probing statement ran');
    let scans = 0;
    for (const r of probes) {
      const plan = (await dbs.reporting.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${r.sql}`, r.params)).map((x) => x['QUERY PLAN']).join('\n');
      assert.doesNotMatch(plan, /fact_input_node_only_idx/, `${r.name} ${JSON.stringify(r.params)}:\n${plan}`);
      scans += (plan.match(/using fact_input_node_idx on fact_input_changes/g) ?? []).length;
    }
    assert.ok(scans >= probes.length, `probes through (scenario_id, node_id, changed_at): ${scans} in ${probes.length} statements`);
  });
});
