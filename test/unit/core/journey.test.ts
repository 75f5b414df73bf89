import assert from 'node:assert/strict';
import { ACTION_TYPES, SESSION_GAP_MS, actionsPerDay, isActionType, scenariosTouched, sessionize, sortActions, summarizeJourney, type JourneyAction } from '../../../src/core/journey';

let seq = 0;
function act(at: string, over: Partial<JourneyAction> = {}): JourneyAction {
  seq++;
  return {
    event_key: `INPUT_CHANGED:${String(seq).padStart(4, '0')}`,
    event_type: 'INPUT_CHANGED',
    event_timestamp: at,
    scenario_id: 's1',
    scenario_name: 'Scenario 1',
    model_name: 'Model',
    node_id: 'n1',
    node_name: 'Node 1',
    run_id: null,
    run_status: null,
    fail_reason: null,
    request_id: null,
    description: 'Input changed',
    ...over,
  };
}

const run = (at: string, status: JourneyAction['run_status'], over: Partial<JourneyAction> = {}): JourneyAction =>
  act(at, { event_type: 'RUN_STARTED', event_key: `RUN_STARTED:${at}`, run_id: `r-${at}`, run_status: status, node_id: null, node_name: null, ...over });

describe('journey: sessions (30 minutes of inactivity end a session)', () => {
  it('splits at a gap of 30 minutes or more, keeps gaps under 30 minutes together', () => {
    const actions = [
      act('2026-11-10T09:00:00.000Z'),
      act('2026-11-10T09:29:59.999Z'), // 29:59.999 later: same session
      act('2026-11-10T09:59:59.999Z'), // exactly 30 min after the previous: new session
      act('2026-11-10T10:10:00.000Z'),
      act('2026-11-10T12:00:00.000Z'), // long pause
    ];
    const s = sessionize(actions);
    assert.deepEqual(
      s.map((x) => [x.index, x.start, x.end, x.actions.length]),
      [
        [1, '2026-11-10T09:00:00.000Z', '2026-11-10T09:29:59.999Z', 2],
        [2, '2026-11-10T09:59:59.999Z', '2026-11-10T10:10:00.000Z', 2],
        [3, '2026-11-10T12:00:00.000Z', '2026-11-10T12:00:00.000Z', 1],
      ],
    );
    assert.equal(s[0]!.duration_ms, 30 * 60_000 - 1);
    assert.equal(s[0]!.gap_before_ms, null);
    assert.equal(s[1]!.gap_before_ms, SESSION_GAP_MS);
    assert.equal(s[2]!.duration_ms, 0);
    assert.equal(s[2]!.gap_before_ms, 110 * 60_000);
  });

  it('the gap is measured from the previous action, not from the session start', () => {
    // One action every 20 minutes for two hours: one long session.
    const actions = Array.from({ length: 7 }, (_, i) => act(new Date(Date.UTC(2026, 10, 10, 8, 20 * i)).toISOString()));
    const s = sessionize(actions);
    assert.equal(s.length, 1);
    assert.equal(s[0]!.duration_ms, 120 * 60_000);
  });

  it('sorts its input (time, then event key) and handles microseconds and equal times', () => {
    const a = act('2026-11-10T09:00:00.000001Z', { event_key: 'b' });
    const b = act('2026-11-10T09:00:00.000001Z', { event_key: 'a' });
    const c = act('2026-11-10T08:59:59.999Z', { event_key: 'c' });
    assert.deepEqual(sortActions([a, b, c]).map((x) => x.event_key), ['c', 'a', 'b']);
    const s = sessionize([a, b, c]);
    assert.equal(s.length, 1);
    assert.deepEqual(s[0]!.actions.map((x) => x.event_key), ['c', 'a', 'b']);
  });

  it('counts scenarios (first-touch order), runs, failed runs and input changes per session', () => {
    const s = sessionize([
      act('2026-11-10T09:00:00.000Z', { scenario_id: 's2' }),
      run('2026-11-10T09:05:00.000Z', 'failed'),
      run('2026-11-10T09:06:00.000Z', 'timeout', { scenario_id: 's2' }),
      run('2026-11-10T09:07:00.000Z', 'success'),
      run('2026-11-10T09:08:00.000Z', null),
      act('2026-11-10T09:09:00.000Z', { event_type: 'SCENARIO_SUBMITTED', event_key: 'SCENARIO_SUBMITTED:s1' }),
    ]);
    assert.equal(s.length, 1);
    assert.deepEqual(s[0]!.scenario_ids, ['s2', 's1']);
    assert.equal(s[0]!.runs, 4);
    assert.equal(s[0]!.failed_runs, 2);
    assert.equal(s[0]!.input_changes, 1);
  });

  it('no actions, no sessions; a custom gap', () => {
    assert.deepEqual(sessionize([]), []);
    const two = [act('2026-11-10T09:00:00.000Z'), act('2026-11-10T09:10:00.000Z')];
    assert.equal(sessionize(two, 5 * 60_000).length, 2);
    assert.equal(sessionize(two, 15 * 60_000).length, 1);
  });
});

describe('journey: actions per day and scenarios touched', () => {
  const actions = [
    act('2026-11-10T23:50:00.000Z', { scenario_id: 's1' }),
    act('2026-11-11T00:10:00.000Z', { scenario_id: 's2', scenario_name: 'Scenario 2' }), // same session, next UTC day
    run('2026-11-11T00:15:00.000Z', 'failed', { scenario_id: 's2', scenario_name: 'Scenario 2' }),
    act('2026-11-11T09:00:00.000Z', { scenario_id: 's1' }),
    act('2026-11-13T09:00:00.000Z', { scenario_id: 's1' }),
  ];
  const sessions = sessionize(actions);

  it('groups actions by UTC day; a session counts on the day it starts', () => {
    assert.equal(sessions.length, 3);
    assert.deepEqual(actionsPerDay(sessions), [
      { day: '2026-11-10', actions: 1, sessions: 1, scenarios: 1, runs: 0, failed_runs: 0 },
      { day: '2026-11-11', actions: 3, sessions: 1, scenarios: 2, runs: 1, failed_runs: 1 },
      { day: '2026-11-13', actions: 1, sessions: 1, scenarios: 1, runs: 0, failed_runs: 0 },
    ]);
  });

  it('lists the scenarios touched, most actions first, with their sessions and runs', () => {
    const t = scenariosTouched(sessions);
    assert.deepEqual(
      t.map((x) => [x.scenario_id, x.actions, x.sessions, x.runs, x.failed_runs, x.input_changes, x.first, x.last]),
      [
        ['s1', 3, 3, 0, 0, 3, '2026-11-10T23:50:00.000Z', '2026-11-13T09:00:00.000Z'],
        ['s2', 2, 1, 1, 1, 1, '2026-11-11T00:10:00.000Z', '2026-11-11T00:15:00.000Z'],
      ],
    );
  });

  it('summarises the journey', () => {
    assert.deepEqual(summarizeJourney(sessions), {
      actions: 5,
      sessions: 3,
      scenarios: 2,
      runs: 1,
      failed_runs: 1,
      input_changes: 4,
      active_days: 3,
      active_ms: 25 * 60_000,
      first: '2026-11-10T23:50:00.000Z',
      last: '2026-11-13T09:00:00.000Z',
    });
    assert.equal(summarizeJourney([]).first, null);
  });

  it('knows which event types are actions (run outcomes and node failures are not)', () => {
    assert.ok(ACTION_TYPES.every(isActionType));
    for (const t of ['RUN_COMPLETED', 'RUN_FAILED', 'RUN_TIMEOUT', 'NODE_CALC_FAILED']) assert.ok(!isActionType(t), t);
  });
});
