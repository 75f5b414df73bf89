import assert from 'node:assert/strict';
import { EVENT_TYPES, type EventType, type RunStatus, type RunSummary, type TimelineEvent } from '../../../src/core/types';
import {
  LANES,
  NO_FILTER,
  chartModel,
  chartSummary,
  describeFilter,
  emptyEventsText,
  eventActions,
  eventsMarkdown,
  filterEvents,
  filterOptions,
  formatTimeTick,
  isFailureEvent,
  laneOf,
  sortEvents,
  timeTicks,
  timelineCounts,
} from '../../../webview/timeline/model';
import { runSummary } from '../fixtures';

let seq = 0;
function ev(type: EventType, at: string, over: Partial<TimelineEvent> = {}): TimelineEvent {
  seq++;
  return {
    event_type: type,
    event_timestamp: at,
    event_user: 'alice',
    node_id: null,
    node_name: null,
    run_id: null,
    request_id: null,
    description: `${type} ${seq}`,
    details: {},
    event_key: `${type}:${seq}`,
    scenario_id: 's',
    ...over,
  };
}

function run(id: string, status: RunStatus, at: string): RunSummary {
  return runSummary({ run_id: id, run_status: status, run_at: at, run_by: 'bob' });
}

const T0 = '2026-03-01T10:00:00.000Z';
const events = [
  ev('SCENARIO_CREATED', T0),
  ev('INPUT_CHANGED', '2026-03-01T11:00:00.000Z', { node_name: 'Growth', details: { current_hash: 'abc123' }, event_user: 'carol' }),
  ev('RUN_STARTED', '2026-03-02T09:00:00.000Z', { run_id: 'r1' }),
  ev('RUN_FAILED', '2026-03-02T09:05:00.000Z', { run_id: 'r1', description: 'Run failed: ValidationError | pipe' }),
  ev('NODE_CALC_FAILED', '2026-03-02T09:05:00.000Z', { run_id: 'r1', node_name: 'Growth' }),
];

describe('timeline model: lanes and chart', () => {
  it('puts every event type in one of four lanes; failures are the failed / timed out runs and node calcs', () => {
    const lanes = new Set(EVENT_TYPES.map(laneOf));
    assert.deepEqual([...lanes].sort(), ['inputs', 'lifecycle', 'nodes', 'runs']);
    assert.equal(laneOf('SCENARIO_LOCKED'), 'lifecycle');
    assert.equal(laneOf('RUN_TIMEOUT'), 'runs');
    assert.deepEqual(EVENT_TYPES.filter(isFailureEvent), ['RUN_FAILED', 'RUN_TIMEOUT', 'NODE_CALC_FAILED']);
    assert.deepEqual(LANES.map((l) => l.id), ['lifecycle', 'inputs', 'runs', 'nodes']);
  });

  it('builds points by lane with x in ms and a padded range', () => {
    const m = chartModel(events);
    assert.deepEqual(m.lanes.map((l) => l.points.length), [1, 1, 2, 1]);
    const fail = m.lanes[2]!.points[1]!;
    assert.deepEqual(fail, { x: Date.parse('2026-03-02T09:05:00.000Z'), y: 2, key: events[3]!.event_key, type: 'RUN_FAILED', failure: true });
    assert.equal(m.count, 5);
    assert.equal(m.failures, 2);
    assert.equal(m.first, T0);
    assert.equal(m.last, '2026-03-02T09:05:00.000Z');
    assert.ok(m.min < Date.parse(T0) && m.max > Date.parse('2026-03-02T09:05:00.000Z'));
    assert.equal(m.empty, false);
  });

  it('keeps the x range of all events when the points are filtered', () => {
    const all = chartModel(events);
    const filtered = chartModel(events.slice(3), events);
    assert.equal(filtered.count, 2);
    assert.equal(filtered.min, all.min);
    assert.equal(filtered.max, all.max);
    const none = chartModel([], events);
    assert.equal(none.count, 0);
    assert.equal(none.empty, false);
    assert.equal(none.min, all.min);
  });

  it('pads a single event by an hour each side and marks an empty timeline', () => {
    const one = chartModel([events[0]!]);
    assert.equal(one.max - one.min, 2 * 3_600_000);
    const empty = chartModel([]);
    assert.equal(empty.empty, true);
    assert.equal(empty.count, 0);
    assert.match(chartSummary(empty), /no events/);
  });

  it('summarises the chart for screen readers', () => {
    assert.equal(
      chartSummary(chartModel(events)),
      'Timeline chart of 5 events from 2026-03-01 10:00:00 to 2026-03-02 09:05:00 UTC (Lifecycle 1, Input changes 1, Runs 2, Node failures 1); 2 failures. The table below lists the same events.',
    );
  });

  it('picks round UTC ticks that fit', () => {
    const day = 86_400_000;
    const start = Date.parse('2026-03-01T00:00:00.000Z');
    const t = timeTicks(start - 1000, start + 10 * day, 6);
    assert.equal(t.step, 2 * day);
    assert.deepEqual(t.ticks.map((x) => new Date(x).toISOString().slice(0, 10)), ['2026-03-02', '2026-03-04', '2026-03-06', '2026-03-08', '2026-03-10']);
    const h = timeTicks(start, start + 3 * 3_600_000, 8);
    assert.equal(h.step, 30 * 60_000);
    assert.equal(h.ticks.length, 7);
    assert.ok(timeTicks(start, start + 40 * 365 * day, 8).ticks.length <= 8);
    assert.deepEqual(timeTicks(5, 5, 8), { step: 1000, ticks: [5] });
    assert.deepEqual(timeTicks(Number.NaN, Number.NaN, 8).ticks, []);
  });

  it('formats ticks by their step, in UTC', () => {
    const ms = Date.parse('2026-03-01T10:20:30.000Z');
    assert.equal(formatTimeTick(ms, 86_400_000), '2026-03-01');
    assert.equal(formatTimeTick(ms, 3_600_000), '03-01 10:20');
    assert.equal(formatTimeTick(ms, 60_000), '03-01 10:20');
    assert.equal(formatTimeTick(ms, 5000), '10:20:30');
  });
});

describe('timeline model: filters', () => {
  it('filters by type, failures, user, node and a search in any text, details included', () => {
    assert.equal(filterEvents(events, NO_FILTER).length, 5);
    assert.deepEqual(filterEvents(events, { ...NO_FILTER, type: 'RUN_FAILED' }).map((e) => e.event_type), ['RUN_FAILED']);
    assert.deepEqual(filterEvents(events, { ...NO_FILTER, type: 'failures' }).map((e) => e.event_type), ['RUN_FAILED', 'NODE_CALC_FAILED']);
    assert.deepEqual(filterEvents(events, { ...NO_FILTER, user: 'carol' }).map((e) => e.event_type), ['INPUT_CHANGED']);
    assert.deepEqual(filterEvents(events, { ...NO_FILTER, node: 'Growth' }).map((e) => e.event_type), ['INPUT_CHANGED', 'NODE_CALC_FAILED']);
    assert.deepEqual(filterEvents(events, { ...NO_FILTER, search: '  ABC123 ' }).map((e) => e.event_type), ['INPUT_CHANGED']);
    assert.deepEqual(filterEvents(events, { ...NO_FILTER, search: 'validationerror' }).map((e) => e.event_type), ['RUN_FAILED']);
    assert.deepEqual(filterEvents(events, { ...NO_FILTER, search: 'run failed' }).map((e) => e.event_type), ['RUN_FAILED']);
    assert.equal(filterEvents(events, { type: 'failures', user: 'carol', node: '', search: '' }).length, 0);
  });

  it('offers the types, users and nodes present', () => {
    const o = filterOptions(events);
    assert.deepEqual(o.types.map((t) => t.value), ['', 'failures', 'SCENARIO_CREATED', 'INPUT_CHANGED', 'RUN_STARTED', 'RUN_FAILED', 'NODE_CALC_FAILED']);
    assert.deepEqual(o.users, ['alice', 'carol']);
    assert.deepEqual(o.nodes, ['Growth']);
  });

  it('says what was searched, and where, when nothing matches', () => {
    const f = { type: 'RUN_FAILED', user: 'carol', node: '', search: ' x ' };
    assert.equal(describeFilter(f), 'type "Run failed", user "carol", search "x"');
    assert.equal(emptyEventsText('Base case', 'demo (reporting schema)', f, 12), 'No events match type "Run failed", user "carol", search "x" among the 12 events of scenario "Base case" on demo (reporting schema).');
    assert.equal(emptyEventsText('Base case', 'demo', NO_FILTER, 0), 'No events recorded for scenario "Base case" on demo.');
  });
});

describe('timeline model: actions, counts, markdown', () => {
  const runs = [run('r2', 'failed', '2026-03-03T00:00:00.000Z'), run('r1', 'success', '2026-03-01T11:00:00.000Z')];

  it('offers the run of run events and the first run at or after an input change', () => {
    assert.deepEqual(eventActions(events[3]!, runs), { runId: 'r1', nextRun: null, inputChange: false });
    // Saved exactly at r1's run_at: r1 uses it (saved_at <= run_at).
    assert.equal(eventActions(events[1]!, runs).nextRun?.run_id, 'r1');
    assert.equal(eventActions(ev('INPUT_CHANGED', '2026-03-01T11:00:00.000001Z'), runs).nextRun?.run_id, 'r2');
    assert.equal(eventActions(ev('INPUT_CHANGED', '2026-04-01T00:00:00.000Z'), runs).nextRun, null);
    assert.deepEqual(eventActions(events[0]!, runs), { runId: null, nextRun: null, inputChange: false });
  });

  it('counts events, runs, failures, input changes and users', () => {
    assert.deepEqual(timelineCounts(events, runs), { events: 5, runs: 2, failedRuns: 1, inputChanges: 1, users: 2 });
  });

  it('sorts events by time (mixed precision), then key', () => {
    const a = ev('RUN_STARTED', '2026-03-01T10:00:00.0005Z', { event_key: 'b' });
    const b = ev('RUN_STARTED', '2026-03-01T10:00:00.000Z', { event_key: 'z' });
    const c = ev('RUN_STARTED', '2026-03-01T10:00:00.000Z', { event_key: 'a' });
    assert.deepEqual(sortEvents([a, b, c]).map((e) => e.event_key), ['a', 'z', 'b']);
  });

  it('copies the events as a Markdown table, pipes escaped', () => {
    const md = eventsMarkdown([events[3]!], 'Timeline of A|B');
    const lines = md.trimEnd().split('\n');
    assert.equal(lines[0], '**Timeline of A\\|B**');
    assert.equal(lines[2], '| Time \\(UTC\\) | Type | User | Node | Description | Run id |');
    assert.equal(lines[4], '| 2026\\-03\\-02 09:05:00 | Run failed | alice |   | Run failed: ValidationError \\| pipe | `r1` |');
  });
});
