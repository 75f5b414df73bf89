/**
 * Known rows for the /rca tests, written into the reporting schema on top of an ETL of the
 * demo (in October 2030, after every demo row, so that a window isolates them): one model
 * (Price, Volume, Share) with three scenarios:
 *
 * - A "RCA fixture: story": inputs saved 1 Oct, changed 3 Oct (price) and 5 Oct (price -5,
 *   share); runs R1 success (2 Oct), R2 success (4 Oct), R3 failed (6 Oct: Price and Volume
 *   failed); its state changes, events, diagnostics, and R3's log records in two categories;
 * - B "RCA fixture: never failed": one success (R7, 5 Oct);
 * - C "RCA fixture: no success first": R5 timeout (7 Oct), R6 failed on a dropped connection (8 Oct).
 *
 * Users: `zoë.müller@example.com` (two sessions, 1 Oct and 5 Oct) and `o'brien / ops` (one action).
 * Every expected value of test/integration/rca.test.ts is written down from these rows.
 */
import type { Db } from '../../src/db/db';
import { failSignature } from '../../src/core/signatures';
import { syncAuditTrail } from '../../src/etl/auditTrail';
import { EVERYTHING } from '../../src/etl/derived';

export const MODEL = 'a0000000-0000-4000-8000-0000000000a0';
export const NODE = { price: 'a0000000-0000-4000-8000-0000000000b1', volume: 'a0000000-0000-4000-8000-0000000000b2', share: 'a0000000-0000-4000-8000-0000000000b3' };
export const SCENARIO = { a: 'a0000000-0000-4000-8000-00000000000a', b: 'a0000000-0000-4000-8000-00000000000b', c: 'a0000000-0000-4000-8000-00000000000c' };
export const RUN = {
  r1: 'a0000000-0000-4000-8000-000000000001',
  r2: 'a0000000-0000-4000-8000-000000000002',
  r3: 'a0000000-0000-4000-8000-000000000003',
  r5: 'a0000000-0000-4000-8000-000000000005',
  r6: 'a0000000-0000-4000-8000-000000000006',
  r7: 'a0000000-0000-4000-8000-000000000007',
};
export const REQ = { r1: 'a0000000-0000-4000-8000-0000000000e1', r2: 'a0000000-0000-4000-8000-0000000000e2', r3: 'a0000000-0000-4000-8000-0000000000e3' };
export const ZOE = 'zoë.müller@example.com';
export const OBRIEN = "o'brien / ops";
export const RUNNER = 'batch-runner';

export const REASON = {
  r3: 'ValidationError: price must be positive (got -5)',
  r3volume: 'ZeroDivisionError: division by zero',
  r5: 'Calculation exceeded the time limit of 3600 s',
  r6: 'could not connect to server: Connection refused',
};
export const STACK = {
  validation: 'Traceback (most recent call last):\n  File "calc.py", line 42, in validate\nValidationError: price must be positive (got -5)',
  division: 'Traceback (most recent call last):\n  File "calc.py", line 77, in volume\nZeroDivisionError: division by zero',
};

const sig = (text: string): string => failSignature(text);

/** Inserts the fixture's rows and refreshes the audit-trail view. */
export async function insertRcaFixture(db: Db): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => db.query(sql, params);
  // The fixture's users (the events' event_user references dim_user: migration 011).
  for (const user of [ZOE, OBRIEN, RUNNER]) {
    await q(`INSERT INTO reporting.dim_user (user_id, username, first_seen_at, last_seen_at) VALUES ($1, $1, '2030-10-01', '2030-10-31') ON CONFLICT (user_id) DO NOTHING`, [user]);
  }
  for (const [id, name, seq] of [[NODE.price, 'Price', 1], [NODE.volume, 'Volume', 2], [NODE.share, 'Share', 3]] as const) {
    await q(`INSERT INTO reporting.dim_node (node_id, model_id, model_name, node_name, node_type, node_group_name, node_seq) VALUES ($1, $2, 'RCA fixture model', $3, 'input', 'Inputs', $4)`, [id, MODEL, name, seq]);
  }
  const scenario = `INSERT INTO reporting.dim_scenario (scenario_id, scenario_name, scenario_status, model_id, model_name, created_at, created_by,
      submitted_at, submitted_by, first_event_at, last_event_at, last_run_id, last_run_at, last_run_status, last_fail_reason, runs, failed_runs)
    VALUES ($1, $2, $3, '${MODEL}', 'RCA fixture model', $4, $5, $6, $7, $4, $8, $9, $10, $11, $12, $13, $14)`;
  await q(scenario, [SCENARIO.a, 'RCA fixture: story', 'submitted', '2030-10-01 08:00:00', ZOE, '2030-10-06 12:00:00', ZOE, '2030-10-06 12:00:00', RUN.r3, '2030-10-06 09:00:00', 'failed', REASON.r3, 3, 1]);
  await q(scenario, [SCENARIO.b, 'RCA fixture: never failed', 'draft', '2030-10-02 07:00:00', OBRIEN, null, null, '2030-10-05 10:40:00', RUN.r7, '2030-10-05 10:30:00', 'success', null, 1, 0]);
  await q(scenario, [SCENARIO.c, 'RCA fixture: no success first', 'draft', '2030-10-07 06:00:00', OBRIEN, null, null, '2030-10-08 08:01:00', RUN.r6, '2030-10-08 08:00:00', 'failed', REASON.r6, 2, 2]);

  const run = `INSERT INTO reporting.dim_run (run_id, scenario_id, run_status, run_at, run_complete_at, duration_seconds, run_by, run_req_id, fail_reason, fail_signature,
      total_nodes, nodes_failed, nodes_succeeded, error_category) VALUES ($1, $2, $3, $4, $5, $6, '${RUNNER}', $7, $8, $9, 3, $10, $11, $12)`;
  await q(run, [RUN.r1, SCENARIO.a, 'success', '2030-10-02 09:00:00', '2030-10-02 09:10:00', 600, REQ.r1, null, null, 0, 3, null]);
  await q(run, [RUN.r2, SCENARIO.a, 'success', '2030-10-04 09:00:00', '2030-10-04 09:12:00', 720, REQ.r2, null, null, 0, 3, null]);
  await q(run, [RUN.r3, SCENARIO.a, 'failed', '2030-10-06 09:00:00', '2030-10-06 09:03:00', 180, REQ.r3, REASON.r3, sig(REASON.r3), 2, 1, 'validation']);
  await q(run, [RUN.r7, SCENARIO.b, 'success', '2030-10-05 10:30:00', '2030-10-05 10:40:00', 600, null, null, null, 0, 3, null]);
  await q(run, [RUN.r5, SCENARIO.c, 'timeout', '2030-10-07 07:00:00', '2030-10-07 08:00:00', 3600, null, REASON.r5, sig(REASON.r5), 0, 0, 'timeout']);
  await q(run, [RUN.r6, SCENARIO.c, 'failed', '2030-10-08 08:00:00', '2030-10-08 08:01:00', 60, null, REASON.r6, sig(REASON.r6), 0, 0, 'infrastructure']);

  // Input saves of A: each in force from changed_at until end_at.
  const save = `INSERT INTO reporting.fact_input_changes (scenario_id, node_data_id, node_id, changed_at, changed_by, end_at, current_hash, previous_hash, input_data, is_change, change_type)
    VALUES ('${SCENARIO.a}', $1, $2, $3, '${ZOE}', $4, $5, $6, $7::jsonb, true, $8)`;
  await q(save, ['a0000000-0000-4000-8000-0000000000d1', NODE.price, '2030-10-01 08:05:00', '2030-10-03 09:00:00', 'h-price-1', null, '{"price": 10}', 'INITIAL_VALUE']);
  await q(save, ['a0000000-0000-4000-8000-0000000000d2', NODE.price, '2030-10-03 09:00:00', '2030-10-05 10:00:00', 'h-price-2', 'h-price-1', '{"price": 12}', 'VALUE_CHANGED']);
  await q(save, ['a0000000-0000-4000-8000-0000000000d3', NODE.price, '2030-10-05 10:00:00', null, 'h-price-3', 'h-price-2', '{"price": -5}', 'VALUE_CHANGED']);
  await q(save, ['a0000000-0000-4000-8000-0000000000d4', NODE.volume, '2030-10-01 08:06:00', null, 'h-volume-1', null, '{"volume": 100}', 'INITIAL_VALUE']);
  await q(save, ['a0000000-0000-4000-8000-0000000000d5', NODE.share, '2030-10-01 08:07:00', '2030-10-05 10:05:00', 'h-share-1', null, '{"share": 0.5}', 'INITIAL_VALUE']);
  await q(save, ['a0000000-0000-4000-8000-0000000000d6', NODE.share, '2030-10-05 10:05:00', null, 'h-share-2', 'h-share-1', '{"share": 0.6}', 'VALUE_CHANGED']);

  // Node calcs: R1 and R2 all succeed; R3: Price (validation) and Volume (division by zero) fail.
  const calc = `INSERT INTO reporting.fact_node_calculations (scenario_id, calc_id, run_id, node_id, calc_status, fail_reason, fail_signature, processing_start_at, processing_end_at, processing_duration_sec, run_at, error_category)
    VALUES ('${SCENARIO.a}', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;
  let n = 0;
  for (const [rid, at, outcomes] of [
    [RUN.r1, '2030-10-02 09:00:00', ['success', 'success', 'success']],
    [RUN.r2, '2030-10-04 09:00:00', ['success', 'success', 'success']],
    [RUN.r3, '2030-10-06 09:00:00', ['failed', 'failed', 'success']],
  ] as const) {
    for (const [i, node] of [NODE.price, NODE.volume, NODE.share].entries()) {
      const failed = outcomes[i] === 'failed';
      const reason = failed ? (node === NODE.price ? REASON.r3 : REASON.r3volume) : null;
      await q(calc, [`a0000000-0000-4000-8000-0000000001${String(++n).padStart(2, '0')}`, rid, node, outcomes[i], reason, reason && sig(reason), at, at, 12.5, at, failed ? (node === NODE.price ? 'validation' : 'calculation') : null]);
    }
  }
  for (const [rid, at] of [[RUN.r7, '2030-10-05 10:30:00']] as const) {
    for (const node of [NODE.price, NODE.volume, NODE.share]) {
      await q(
        `INSERT INTO reporting.fact_node_calculations (scenario_id, calc_id, run_id, node_id, calc_status, run_at) VALUES ('${SCENARIO.b}', $1, $2, $3, 'success', $4)`,
        [`a0000000-0000-4000-8000-0000000001${String(++n).padStart(2, '0')}`, rid, node, at],
      );
    }
  }

  // Events of A (the first part's fact): created by Zoë, R3 failed (no user).
  const event = `INSERT INTO reporting.fact_scenario_events (scenario_id, event_key, event_type, event_rank, event_timestamp, event_user, run_id, request_id, event_description, event_details)
    VALUES ('${SCENARIO.a}', $1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`;
  await q(event, ['created', 'SCENARIO_CREATED', 1, '2030-10-01 08:00:00', ZOE, null, null, 'Scenario created', '{}']);
  await q(event, [`run:${RUN.r3}:failed`, 'RUN_FAILED', 9, '2030-10-06 09:03:00', null, RUN.r3, REQ.r3, `Run failed: ${REASON.r3}`, '{"nodes_failed": 2}']);

  // State changes of A: created, three runs started and ended, submitted.
  const state = `INSERT INTO reporting.fact_scenario_state_change (scenario_id, change_key, entity, run_id, from_state, to_state, changed_at, changed_by, request_id, seconds_in_previous_state)
    VALUES ('${SCENARIO.a}', $1, $2, $3, $4, $5, $6, $7, $8, $9)`;
  await q(state, ['scenario:created', 'scenario', null, null, 'draft', '2030-10-01 08:00:00', ZOE, null, null]);
  for (const [rid, req, start, end, outcome, secs] of [
    [RUN.r1, REQ.r1, '2030-10-02 09:00:00', '2030-10-02 09:10:00', 'success', 600],
    [RUN.r2, REQ.r2, '2030-10-04 09:00:00', '2030-10-04 09:12:00', 'success', 720],
    [RUN.r3, REQ.r3, '2030-10-06 09:00:00', '2030-10-06 09:03:00', 'failed', 180],
  ] as const) {
    await q(state, [`run:${rid}:started`, 'run', rid, null, 'running', start, RUNNER, req, null]);
    await q(state, [`run:${rid}:ended`, 'run', rid, 'running', outcome, end, RUNNER, req, secs]);
  }
  await q(state, ['scenario:submitted', 'scenario', null, 'draft', 'submitted', '2030-10-06 12:00:00', ZOE, null, 457200]);

  // User actions: Zoë's two sessions (1 Oct 08:00-08:07 on A; 5 Oct 10:00-10:30 on A and B), O'Brien's one.
  const action = `INSERT INTO reporting.fact_user_action (scenario_id, action_key, user_id, action_type, action_at, run_id, node_id, session_id, session_started_at, description)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;
  const s1 = `${ZOE}/2030-10-01T08:00:00.000Z`;
  const s2 = `${ZOE}/2030-10-05T10:00:00.000Z`;
  await q(action, [SCENARIO.a, 'created', ZOE, 'SCENARIO_CREATED', '2030-10-01 08:00:00', null, null, s1, '2030-10-01 08:00:00', 'Created the scenario']);
  await q(action, [SCENARIO.a, 'input:d1', ZOE, 'INPUT_CHANGED', '2030-10-01 08:05:00', null, NODE.price, s1, '2030-10-01 08:00:00', 'Price set']);
  await q(action, [SCENARIO.a, 'input:d4', ZOE, 'INPUT_CHANGED', '2030-10-01 08:06:00', null, NODE.volume, s1, '2030-10-01 08:00:00', 'Volume set']);
  await q(action, [SCENARIO.a, 'input:d5', ZOE, 'INPUT_CHANGED', '2030-10-01 08:07:00', null, NODE.share, s1, '2030-10-01 08:00:00', 'Share set']);
  await q(action, [SCENARIO.a, 'input:d3', ZOE, 'INPUT_CHANGED', '2030-10-05 10:00:00', null, NODE.price, s2, '2030-10-05 10:00:00', 'Price changed']);
  await q(action, [SCENARIO.a, 'input:d6', ZOE, 'INPUT_CHANGED', '2030-10-05 10:05:00', null, NODE.share, s2, '2030-10-05 10:00:00', 'Share changed']);
  await q(action, [SCENARIO.b, `run:${RUN.r7}`, ZOE, 'RUN_STARTED', '2030-10-05 10:30:00', RUN.r7, null, s2, '2030-10-05 10:00:00', 'Started a run']);
  await q(action, [SCENARIO.c, `run:${RUN.r5}`, OBRIEN, 'RUN_STARTED', '2030-10-07 07:00:00', RUN.r5, null, `${OBRIEN}/2030-10-07T07:00:00.000Z`, '2030-10-07 07:00:00', null]);

  // Run diagnostics: A's three runs and C's timeout (C's R6 has none: the engine maps dim_run's category).
  const diag = `INSERT INTO reporting.fact_run_diagnostic (run_id, scenario_id, run_status, run_at, run_complete_at, duration_seconds, run_by, request_id, fail_reason, fail_signature,
      error_category, error_category_detail, stack_trace, total_nodes, failed_nodes, first_failed_node_id, log_records, log_errors, log_warnings, previous_success_run_id)
    VALUES ($1, $2, $3, $4, $5, $6, '${RUNNER}', $7, $8, $9, $10, $11, $12, 3, $13, $14, $15, $16, $17, $18)`;
  await q(diag, [RUN.r1, SCENARIO.a, 'success', '2030-10-02 09:00:00', '2030-10-02 09:10:00', 600, REQ.r1, null, null, null, null, null, 0, null, 0, 0, 0, null]);
  await q(diag, [RUN.r2, SCENARIO.a, 'success', '2030-10-04 09:00:00', '2030-10-04 09:12:00', 720, REQ.r2, null, null, null, null, null, 0, null, 0, 0, 0, RUN.r1]);
  await q(diag, [RUN.r3, SCENARIO.a, 'failed', '2030-10-06 09:00:00', '2030-10-06 09:03:00', 180, REQ.r3, REASON.r3, sig(REASON.r3), 'validation', 'validation', STACK.validation, 2, NODE.price, 5, 2, 1, RUN.r2]);
  await q(diag, [RUN.r5, SCENARIO.c, 'timeout', '2030-10-07 07:00:00', '2030-10-07 08:00:00', 3600, null, REASON.r5, sig(REASON.r5), 'timeout', 'timeout', null, 0, null, 0, 0, 0, null]);

  // R3's log records: info, warning, two errors in two categories (validation, calculation), info from CloudWatch.
  const log = `INSERT INTO reporting.fact_cloudwatch_log (log_key, log_timestamp, log_level, message, stack_trace, correlation_id, scenario_id, run_id, request_id,
      error_category, error_category_detail, log_source, log_group, log_stream, origin, line_number)
    VALUES ($1, $2, $3, $4, $5, '${RUN.r3}', '${SCENARIO.a}', '${RUN.r3}', '${REQ.r3}', $6, $7, $8, $9, $10, $11, $12)`;
  await q(log, ['file:/logs/calc.log:100', '2030-10-06 09:00:05', 'INFO', `run ${RUN.r3} started`, null, null, null, 'files', null, null, '/logs/calc.log', 10]);
  await q(log, ['file:/logs/calc.log:200', '2030-10-06 09:01:00', 'WARN', 'price below zero in node Price', null, null, null, 'files', null, null, '/logs/calc.log', 11]);
  await q(log, ['file:/logs/calc.log:300', '2030-10-06 09:02:00', 'ERROR', REASON.r3, STACK.validation, 'validation', 'validation', 'files', null, null, '/logs/calc.log', 12]);
  await q(log, ['cloudwatch:/clearsight/calc:e4', '2030-10-06 09:02:30', 'ERROR', REASON.r3volume, STACK.division, 'calculation', 'calculation', 'cloudwatch', '/clearsight/calc', 'worker-1', '/clearsight/calc / worker-1', null]);
  await q(log, ['cloudwatch:/clearsight/calc:e5', '2030-10-06 09:03:00', 'INFO', 'worker finished', null, null, null, 'cloudwatch', '/clearsight/calc', 'worker-1', '/clearsight/calc / worker-1', null]);

  // The audit trail of these facts, as the ETL keeps it (migration 015).
  await syncAuditTrail(db, EVERYTHING);
}
