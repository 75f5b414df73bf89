/**
 * "15 minutes of new activity" in the source, after the generated window's anchor: new
 * saves superseding the current version of random inputs (their end_at set), new runs
 * with their node calcs (most succeed, some fail, some are still running), a new scenario
 * with its initial inputs, and half of the runs that were open finishing. Rates follow
 * the source: its 30 days of saves and runs divided by 2,880 quarter-hours.
 *
 * Everything added is newer than the anchor, so `undoIncrements` takes it out again (the
 * open runs it finished are restored from what `applyIncrement` returned); the seeded
 * source stays at its fingerprint between bench runs.
 */
import type { Client } from 'pg';
import { ANCHOR } from './source';

export interface Increment {
  index: number;
  from: string;
  to: string;
  saves: number;
  runs: number;
  calcs: number;
  scenarios: number;
  finishedOpenRuns: number;
  /** Runs that were open before, with the values to restore. */
  reopened: Array<{ id: string; run_status: string; run_complete_at: string | null; fail_reason: string | null }>;
}

const QUARTERS_PER_30_DAYS = 30 * 24 * 4;

/**
 * The activity of 15 minutes is S's at every scale (its 30 days of saves, runs and scenarios
 * ÷ 2,880 quarter-hours): the growth table compares the same work over ×16 history.
 */
export const S_ACTIVITY = { fc_scenario_node_data: 300_000, fc_scenario_run: 15_000, fc_scenario: 3_000 } as const;

function pgTs(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export async function applyIncrement(c: Client, index: number, counts: Readonly<Record<string, number>> = S_ACTIVITY): Promise<Increment> {
  const start = Date.parse(ANCHOR) + (index - 1) * 15 * 60_000;
  const from = pgTs(start);
  const to = pgTs(start + 15 * 60_000);
  const saves = Math.max(10, Math.round(counts.fc_scenario_node_data / QUARTERS_PER_30_DAYS));
  const runs = Math.max(2, Math.round(counts.fc_scenario_run / QUARTERS_PER_30_DAYS));
  const scenarios = Math.max(1, Math.round(counts.fc_scenario / QUARTERS_PER_30_DAYS));
  await c.query('BEGIN');
  try {
    // setseed takes [-1, 1]: windows past 99 (probes) seeded apart from the bench's.
    await c.query('SELECT setseed($1)', [index < 100 ? index / 100 : -((index - 99) % 1000) / 1000]);
    // A new scenario (copy of a random one's attributes) with the first save of every input.
    const sc = await c.query<{ n: string }>(
      `WITH src AS (SELECT * FROM fc_scenario WHERE created_at <= $1::timestamp ORDER BY random() LIMIT $2),
            ins AS (
              INSERT INTO fc_scenario (id, model_id, scenario_display_name, status, is_starter, scenario_start_year, scenario_end_year,
                                       forecast_init_id, scenario_region, scenario_country, created_at, created_by, created_req_id)
              SELECT gen_random_uuid(), model_id, scenario_display_name || ' (copy)', 'draft', false, scenario_start_year, scenario_end_year,
                     forecast_init_id, scenario_region, scenario_country, $1::timestamp + random() * interval '2 minutes', created_by, gen_random_uuid()
                FROM src
              RETURNING id, model_id, created_at, created_by)
       INSERT INTO fc_scenario_node_data (id, scenario_id, model_node_id, input_data, input_hash, created_at, created_by, created_req_id)
       SELECT gen_random_uuid(), i.id, n.id, jsonb_build_object('value', round((random() * 1000)::numeric, 2)), left(md5(random()::text), 16),
              i.created_at + interval '1 minute' + n.node_seq * interval '10 milliseconds', i.created_by, gen_random_uuid()
         FROM ins i JOIN fc_model_node n ON n.model_id = i.model_id AND n.node_type = 'input'
       RETURNING 1`,
      [from, scenarios],
    );
    const initial = sc.rowCount ?? 0;
    // New versions of random current inputs of existing scenarios; the previous version ends.
    const sv = await c.query(
      `WITH picked AS (
              SELECT id, scenario_id, model_node_id, input_data, created_by,
                     $1::timestamp + interval '3 minutes' + random() * interval '11 minutes' AS t
                FROM fc_scenario_node_data
               WHERE end_at IS NULL AND created_at <= $1::timestamp
               ORDER BY random() LIMIT $2),
            ended AS (UPDATE fc_scenario_node_data d SET end_at = p.t FROM picked p WHERE d.id = p.id RETURNING d.id)
       INSERT INTO fc_scenario_node_data (id, scenario_id, model_node_id, input_data, input_hash, created_at, created_by, created_req_id)
       SELECT gen_random_uuid(), p.scenario_id, p.model_node_id, x.data, left(md5(x.data::text), 16), p.t, p.created_by, gen_random_uuid()
         FROM picked p
        CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(p.input_data) = 'object' THEN p.input_data || jsonb_build_object('rev', $3::int)
                                        ELSE jsonb_build_object('value', p.input_data, 'rev', $3::int) END AS data) x
        WHERE (SELECT count(*) FROM ended) >= 0`,
      [from, Math.max(1, saves - initial), index],
    );
    // New runs: 85 % succeed, some fail half-way (the rest skipped), some are still running.
    const rn = await c.query<{ runs: string; calcs: string }>(
      `WITH sc AS (SELECT id, model_id FROM fc_scenario WHERE created_at <= $1::timestamp ORDER BY random() LIMIT $2),
            plan AS (SELECT sc.*, gen_random_uuid() AS run_id, $1::timestamp + random() * interval '6 minutes' AS run_at,
                            random() AS r, 20 + random() * 200 AS secs
                       FROM sc),
            runs AS (
              INSERT INTO fc_scenario_run (id, scenario_id, run_status, run_at, run_complete_at, run_by, run_req_id, fail_reason)
              SELECT run_id, id, CASE WHEN r < 0.85 THEN 'success' WHEN r < 0.95 THEN 'failed' ELSE 'running' END, run_at,
                     CASE WHEN r < 0.95 THEN run_at + secs * interval '1 second' END, 'bench.user', gen_random_uuid(),
                     CASE WHEN r >= 0.85 AND r < 0.95 THEN 'ValueError: negative volume for year 2031 in node ''bench''' END
                FROM plan
              RETURNING id, scenario_id, run_status, run_at),
            nodes AS (
              SELECT p.run_id, p.run_at, p.secs, p.r, n.id AS node_id,
                     row_number() OVER (PARTITION BY p.run_id ORDER BY n.node_seq, n.id) AS k,
                     count(*) OVER (PARTITION BY p.run_id) AS cnt
                FROM plan p JOIN fc_model_node n ON n.model_id = p.model_id),
            calcs AS (
              INSERT INTO fc_scenario_node_calc (id, run_id, model_node_id, status, fail_reason, processing_start_at, processing_end_at, processing_duration)
              SELECT gen_random_uuid(), run_id, node_id,
                     CASE WHEN r >= 0.85 AND r < 0.95 AND k = cnt / 2 THEN 'failed' WHEN r >= 0.85 AND r < 0.95 AND k > cnt / 2 THEN 'skipped' ELSE 'success' END,
                     CASE WHEN r >= 0.85 AND r < 0.95 AND k = cnt / 2 THEN 'ValueError: negative volume for year 2031 in node ''bench''' END,
                     CASE WHEN NOT (r >= 0.85 AND r < 0.95 AND k > cnt / 2) THEN run_at + (k - 1) * secs / cnt * interval '1 second' END,
                     CASE WHEN NOT (r >= 0.85 AND r < 0.95 AND k > cnt / 2) THEN run_at + k * secs / cnt * interval '1 second' END,
                     CASE WHEN NOT (r >= 0.85 AND r < 0.95 AND k > cnt / 2) THEN round((secs / cnt)::numeric, 3) END
                FROM nodes
               WHERE NOT (r >= 0.95 AND k > cnt / 2)
              RETURNING 1)
       SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM calcs) AS calcs`,
      [from, runs],
    );
    // Half of the runs that were open finish now.
    const fin = await c.query<Increment['reopened'][number]>(
      `WITH open AS (
              SELECT id, run_status, run_complete_at, fail_reason FROM fc_scenario_run
               WHERE run_status IN ('queued', 'running') AND run_at <= $1::timestamp AND random() < 0.5 FOR UPDATE)
       UPDATE fc_scenario_run r SET run_status = 'success', run_complete_at = $1::timestamp + random() * interval '14 minutes'
         FROM open o WHERE r.id = o.id
       RETURNING o.id, o.run_status, o.run_complete_at::text, o.fail_reason`,
      [from],
    );
    await c.query('COMMIT');
    return {
      index,
      from,
      to,
      saves: initial + (sv.rowCount ?? 0),
      runs: Number(rn.rows[0].runs),
      calcs: Number(rn.rows[0].calcs),
      scenarios,
      finishedOpenRuns: fin.rowCount ?? 0,
      reopened: fin.rows,
    };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Takes every increment out again: the source is as seeded. */
export async function undoIncrements(c: Client, increments: readonly Increment[]): Promise<void> {
  const anchor = ANCHOR.replace('T', ' ').replace('Z', '');
  await c.query('BEGIN');
  try {
    await c.query(
      `DELETE FROM fc_scenario_node_calc WHERE run_id IN (SELECT id FROM fc_scenario_run WHERE run_at > $1::timestamp)`,
      [anchor],
    );
    await c.query('DELETE FROM fc_scenario_run WHERE run_at > $1::timestamp', [anchor]);
    for (const inc of [...increments].reverse()) {
      for (const r of inc.reopened) {
        await c.query('UPDATE fc_scenario_run SET run_status = $2, run_complete_at = $3::timestamp, fail_reason = $4 WHERE id = $1', [
          r.id,
          r.run_status,
          r.run_complete_at,
          r.fail_reason,
        ]);
      }
    }
    await c.query('DELETE FROM fc_scenario_node_data WHERE created_at > $1::timestamp', [anchor]);
    await c.query('UPDATE fc_scenario_node_data SET end_at = NULL WHERE end_at > $1::timestamp', [anchor]);
    await c.query('DELETE FROM fc_scenario WHERE created_at > $1::timestamp', [anchor]);
    await c.query('COMMIT');
    // As autovacuum would: the source stays as seeded, visibility map included.
    await c.query('VACUUM fc_scenario, fc_scenario_run, fc_scenario_node_data, fc_scenario_node_calc');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
