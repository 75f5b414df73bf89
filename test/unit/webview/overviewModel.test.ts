import assert from 'node:assert/strict';
import { sessionize, type JourneyAction } from '../../../src/core/journey';
import {
  DEFAULT_FILTER,
  addDays,
  daysBetween,
  describeNarrowing,
  errorPattern,
  failuresOnly,
  isDay,
  previousRange,
  rangeLabel,
  resolveRange,
  sanitizeFilter,
} from '../../../src/core/overviewFilter';
import type { DayRuns, DurationTrend, FailedCalcPoint, FailedNodeRow, FailingScenario, KpiComparison, KpiFigures, NodeTypeTiming, OverviewData, OverviewRun } from '../../../src/core/overviewData';
import { journeyDays, journeySubjectOf, overviewSubjectOf, sanitizeDrill } from '../../../src/shared/panelState';
import type { SourceInfo } from '../../../src/shared/protocol/common';
import { byTestId, renderToString, textOf } from '../../../webview/common/vdom';
import { filterSessions, formatGap, journeyDayModel, sessionMeta, sessionTitle } from '../../../webview/journey/model';
import {
  RUN_COLUMNS,
  TOP_FAILING_COLUMNS,
  countDelta,
  dayChartModel,
  dayChartSummary,
  drillTitle,
  exportName,
  failedNodesChartModel,
  formatPercent,
  formatSeconds,
  jitterOf,
  kpiCards,
  rangeValue,
  rateDelta,
  tableCsv,
  tableMarkdown,
  timingChartModel,
  trendModel,
  trendSummary,
  sparkline,
} from '../../../webview/overview/model';
import { drillSection, headerView, kpisView, noReportingView, topFailingSection, type OverviewActions } from '../../../webview/overview/view';

const S1 = '11111111-1111-4111-8111-111111111111';
const R1 = '22222222-2222-4222-8222-222222222222';
const N1 = '33333333-3333-4333-8333-333333333333';
const EVIL = '<script>alert(1)</script>';

describe('overview filter: ranges', () => {
  it('knows calendar days', () => {
    assert.ok(isDay('2026-02-28'));
    assert.ok(!isDay('2026-02-30'));
    assert.ok(!isDay('2026-2-3'));
    assert.ok(!isDay(20260228));
    assert.equal(addDays('2026-02-27', 2), '2026-03-01');
    assert.equal(addDays('2026-01-01', -1), '2025-12-31');
    assert.equal(daysBetween('2026-11-07', '2026-11-21'), 14);
  });

  it('"last N days" ends on the last day with data (else today), half-open [from, to)', () => {
    assert.deepEqual(resolveRange({ kind: 'last', days: 14 }, '2026-11-20', '2030-01-01'), { from: '2026-11-07', to: '2026-11-21', days: 14 });
    assert.deepEqual(resolveRange({ kind: 'last', days: 1 }, null, '2026-11-22'), { from: '2026-11-22', to: '2026-11-23', days: 1 });
  });

  it('explicit days are inclusive; the previous period has the same length and ends where the range starts', () => {
    const r = resolveRange({ kind: 'between', from: '2026-11-01', to: '2026-11-10' }, '2026-11-20', '2026-11-22');
    assert.deepEqual(r, { from: '2026-11-01', to: '2026-11-11', days: 10 });
    assert.deepEqual(previousRange(r), { from: '2026-10-22', to: '2026-11-01', days: 10 });
    assert.equal(rangeLabel(r), '2026-11-01 – 2026-11-10');
    assert.equal(rangeLabel({ from: '2026-11-01', to: '2026-11-02', days: 1 }), '2026-11-01');
  });

  it('sanitises a filter from a webview or a saved state field by field', () => {
    assert.deepEqual(sanitizeFilter(undefined), DEFAULT_FILTER);
    assert.deepEqual(sanitizeFilter('junk'), DEFAULT_FILTER);
    const f = sanitizeFilter({
      range: { kind: 'between', from: '2026-11-10', to: '2026-11-01' },
      modelId: ` ${S1.toUpperCase()} `,
      diseaseArea: '  Crohn\'s disease ',
      scenarioStatus: '',
      nodeType: 42,
      errorText: `  ${'x'.repeat(500)}`,
      extra: 'dropped',
    });
    assert.deepEqual(f.range, { kind: 'between', from: '2026-11-01', to: '2026-11-10' }, 'from/to swapped into order');
    assert.equal(f.modelId, S1);
    assert.equal(f.diseaseArea, "Crohn's disease");
    assert.equal(f.scenarioStatus, null);
    assert.equal(f.nodeType, null);
    assert.equal(f.errorText.length, 200);
    assert.ok(!('extra' in f));
    assert.equal(sanitizeFilter({ modelId: 'not-a-uuid' }).modelId, null);
    assert.deepEqual(sanitizeFilter({ range: { kind: 'last', days: 0 } }).range, DEFAULT_FILTER.range);
    assert.deepEqual(sanitizeFilter({ range: { kind: 'last', days: 1.5 } }).range, DEFAULT_FILTER.range);
    const long = sanitizeFilter({ range: { kind: 'between', from: '1990-01-01', to: '2026-01-01' } }).range;
    assert.equal(long.kind === 'between' && daysBetween(long.from, long.to) + 1, 3660, 'explicit ranges are capped');
  });

  it('builds the error ILIKE pattern with %, _ and \\ matched literally', () => {
    assert.equal(errorPattern(''), null);
    assert.equal(errorPattern('   '), null);
    assert.equal(errorPattern(' FX table '), '%FX table%');
    assert.equal(errorPattern('50%_x\\y'), '%50\\%\\_x\\\\y%');
  });

  it('says which filters narrow, and that error text / node type keep failures only', () => {
    assert.ok(!failuresOnly(DEFAULT_FILTER));
    assert.ok(failuresOnly({ errorText: 'x', nodeType: null }));
    assert.ok(failuresOnly({ errorText: '', nodeType: 'input' }));
    const f = { ...DEFAULT_FILTER, modelId: S1, scenarioStatus: 'draft', errorText: 'FX' };
    assert.equal(describeNarrowing(f, () => 'NSCLC'), 'model "NSCLC", scenario status "draft", error text "FX"');
  });

  it('validates restored subjects and drill-downs', () => {
    assert.deepEqual(overviewSubjectOf({ subject: { filter: { nodeType: 'input' } } }), { filter: { ...DEFAULT_FILTER, range: { ...DEFAULT_FILTER.range }, nodeType: 'input' } });
    assert.equal(overviewSubjectOf(null), null);
    assert.deepEqual(journeySubjectOf({ subject: { user: ' k.mueller ', days: 7 } }), { user: 'k.mueller', days: 7 });
    assert.deepEqual(journeySubjectOf({ subject: { user: 'k.mueller', days: 'x' } }), { user: 'k.mueller', days: 30 });
    assert.equal(journeySubjectOf({ subject: { user: 'a\u0000b' } }), null);
    assert.equal(journeySubjectOf({ subject: { user: '' } }), null);
    assert.equal(journeyDays(9999), 30);
    assert.deepEqual(sanitizeDrill({ statuses: ['failed', 'bogus', 'failed'], signature: 'x', nodeId: N1.toUpperCase(), scenarioId: 'no', day: '2026-02-30', more: 1 }), {
      statuses: ['failed'],
      signature: 'x',
      nodeId: N1,
      scenarioId: null,
      day: null,
    });
    assert.deepEqual(sanitizeDrill('junk'), { statuses: null, signature: null, nodeId: null, scenarioId: null, day: null });
  });
});

function figures(over: Partial<KpiFigures> = {}): KpiFigures {
  return { scenarios: 10, runs: 100, succeeded: 80, failed: 15, timeouts: 3, failures: 18, finished: 98, success_rate: 80 / 98, avg_duration_ms: 120_000, ...over };
}

const range = { from: '2026-11-07', to: '2026-11-21', days: 14 };
const prevRange = { from: '2026-10-24', to: '2026-11-07', days: 14 };

describe('overview model: KPI cards', () => {
  it('formats changes of counts (absolute and relative), rates (percentage points) and new values', () => {
    assert.deepEqual(countDelta(110, 100, null), { text: '+10 (+10.0%)', tone: 'neutral' });
    assert.deepEqual(countDelta(90, 100, false), { text: '−10 (−10.0%)', tone: 'good' });
    assert.deepEqual(countDelta(21, 3, false), { text: '+18 (+600.0%)', tone: 'bad' });
    assert.deepEqual(countDelta(5, 0, false), { text: '+5 (new)', tone: 'bad' });
    assert.deepEqual(countDelta(0, 0, false), { text: '±0', tone: 'neutral' });
    assert.deepEqual(countDelta(7, 7, true), { text: '±7 (±0.0%)'.replace('±7', '±0'), tone: 'neutral' });
    assert.deepEqual(countDelta(null, 7, true), { text: '—', tone: 'neutral' });
    assert.deepEqual(countDelta(7, null, true), { text: 'no previous data', tone: 'neutral' });
    assert.deepEqual(rateDelta(0.8636, 0.962), { text: '−9.8 pp', tone: 'bad' });
    assert.deepEqual(rateDelta(0.9, 0.8), { text: '+10.0 pp', tone: 'good' });
    assert.deepEqual(rateDelta(0.8, 0.80001), { text: '±0.0 pp', tone: 'neutral' });
    assert.equal(formatPercent(0.8636363), '86.4%');
    assert.equal(formatPercent(null), '—');
  });

  it('builds the five cards with their drill-downs; more failures and slower runs are bad news', () => {
    const k: KpiComparison = { range, previousRange: prevRange, current: figures(), previous: figures({ failures: 9, failed: 9, timeouts: 0, avg_duration_ms: 100_000, success_rate: 0.9 }) };
    const cards = kpiCards(k, DEFAULT_FILTER);
    assert.deepEqual(
      cards.map((c) => c.id),
      ['scenarios', 'runs', 'success', 'duration', 'failures'],
    );
    const by = Object.fromEntries(cards.map((c) => [c.id, c]));
    assert.equal(by.success!.value, '81.6%');
    assert.equal(by.success!.tone, 'bad');
    assert.equal(by.duration!.value, '2 min 0 s');
    assert.equal(by.duration!.delta, '+20 s (+20.0%)');
    assert.equal(by.duration!.tone, 'bad');
    assert.equal(by.failures!.delta, '+9 (+100.0%)');
    assert.equal(by.failures!.detail, '15 failed · 3 timed out');
    assert.deepEqual(by.failures!.drill, { statuses: ['failed', 'timeout'] });
    assert.deepEqual(by.runs!.drill, {});
    assert.equal(by.runs!.detail, '2 not finished');
    assert.match(by.failures!.description, /vs 2026-10-24 – 2026-11-06/);
  });

  it('leaves the success rate out while error text or node type keep failures only', () => {
    const k: KpiComparison = { range, previousRange: prevRange, current: figures(), previous: figures() };
    const success = kpiCards(k, { errorText: 'FX', nodeType: null }).find((c) => c.id === 'success')!;
    assert.equal(success.value, '—');
    assert.equal(success.drill, null);
    assert.match(success.description, /not meaningful/);
  });

  it('renders the cards with test ids; cards that list runs are buttons', () => {
    const data = { kpis: { range, previousRange: prevRange, current: figures(), previous: figures() } } as OverviewData;
    const v = kpisView(data, DEFAULT_FILTER, actions());
    assert.equal(byTestId(v, 'kpi-failures')[0]!.tag, 'button');
    assert.equal(byTestId(v, 'kpi-scenarios')[0]!.tag, 'div');
    assert.equal(textOf(byTestId(v, 'kpi-runs-value')[0]!), '100');
  });
});

describe('overview model: charts', () => {
  const days: DayRuns[] = [
    { day: '2026-11-07', success: 3, failed: 1, timeout: 0, other: 0, total: 4 },
    { day: '2026-11-08', success: 0, failed: 0, timeout: 0, other: 0, total: 0 },
    { day: '2026-11-09', success: 5, failed: 0, timeout: 2, other: 0, total: 7 },
  ];

  it('stacks runs per day by status, leaving out "queued / running" when there is none', () => {
    const m = dayChartModel(days);
    assert.deepEqual(m.labels, ['11-07', '11-08', '11-09']);
    assert.deepEqual(
      m.series.map((s) => [s.key, s.data]),
      [
        ['success', [3, 0, 5]],
        ['failed', [1, 0, 0]],
        ['timeout', [0, 0, 2]],
      ],
    );
    assert.equal(m.total, 11);
    assert.equal(m.failures, 3);
    assert.equal(m.peak?.day, '2026-11-09');
    assert.match(dayChartSummary(m, range), /11 runs, 3 failed or timed out; busiest day 2026-11-09 with 7/);
    assert.ok(dayChartModel([{ ...days[0]!, other: 2, total: 6 }]).series.some((s) => s.key === 'other'));
    assert.match(dayChartSummary(dayChartModel([]), range), /no runs/);
  });

  it('labels failed-node bars, naming the model when two nodes share a name', () => {
    const node = (id: string, name: string, model: string, failures: number): FailedNodeRow => ({
      node_id: id, node_name: name, node_type: 'calculation', model_id: 'm', model_name: model, failures, runs: failures, scenarios: 1, last_failed_at: '2026-11-10T00:00:00.000Z', last_fail_reason: null,
    });
    const m = failedNodesChartModel([node('a', 'Price erosion', "Crohn's Disease Biosimilar Erosion Model", 5), node('b', 'Price erosion', 'Alzheimer', 1), node('c', 'Net price', 'X', 1)]);
    assert.deepEqual(m.labels, ["Price erosion (Crohn's Disease…)", 'Price erosion (Alzheimer)', 'Net price']);
    assert.deepEqual(m.values, [5, 1, 1]);
    assert.deepEqual(m.ids, ['a', 'b', 'c']);
  });

  it('draws processing time on a log axis when it spans two orders of magnitude, failed calcs jittered stably', () => {
    const t = (node_type: string, min: number, max: number): NodeTypeTiming => ({
      node_type, calcs: 10, failed: 1, skipped: 0, timed: 10, min_s: min, p25_s: min * 2, p50_s: min * 3, p75_s: min * 4, p95_s: max / 2, max_s: max, avg_s: 1, avg_failed_s: 1,
    });
    const calc = (id: string, type: string, d: number | null): FailedCalcPoint => ({
      calc_id: id, run_id: R1, scenario_id: S1, scenario_name: 'S', node_id: N1, node_name: 'N', node_type: type, duration_s: d, run_at: '2026-11-10T00:00:00.000Z', run_status: 'failed', fail_reason: null,
    });
    const m = timingChartModel([t('calculation', 0.1, 900), t('input', 0.01, 0.4)], [calc('c1', 'input', 0.02), calc('c2', 'output', 3), calc('c3', 'input', null)]);
    assert.deepEqual(m.types, ['calculation', 'input', 'output'], 'a type with failed calcs only still gets a row');
    assert.ok(m.log);
    assert.equal(m.points.length, 2, 'calcs without a time are not drawn');
    assert.equal(m.points[0]!.y, 1 + jitterOf('c1') * 0.5);
    assert.equal(jitterOf('c1'), jitterOf('c1'));
    assert.ok(Math.abs(jitterOf('anything')) <= 0.5);
    assert.ok(!timingChartModel([t('input', 1, 10)], []).log);
    assert.equal(formatSeconds(0.2123), '0.21 s');
    assert.equal(formatSeconds(18.57), '18.6 s');
    assert.equal(formatSeconds(904.7), '15 min 5 s');
  });

  it('shapes a scenario duration trend: minutes, failures, median, unfinished runs', () => {
    const p = (at: string, status: string, ms: number | null) => ({ run_id: at, run_status: status as never, run_at: at, run_complete_at: null, duration_ms: ms, run_by: null, fail_reason: null });
    const trend: DurationTrend = {
      scenario_id: S1, scenario_name: 'S', model_name: 'M', range,
      points: [p('2026-11-07T00:00:00.000Z', 'success', 60_000), p('2026-11-08T00:00:00.000Z', 'failed', 180_000), p('2026-11-09T00:00:00.000Z', 'timeout', 120_000), p('2026-11-10T00:00:00.000Z', 'running', null)],
      truncated: false,
    };
    const m = trendModel(trend);
    assert.deepEqual(m.points.map((x) => [x.y, x.failed]), [[1, false], [3, true], [2, true]]);
    assert.equal(m.unfinished, 1);
    assert.equal(m.failures, 2);
    assert.equal(m.medianMs, 120_000);
    assert.match(trendSummary(trend, m), /4 runs, 2 failed or timed out, median duration 2 min 0 s/);
    assert.equal(trendModel(null).points.length, 0);
  });
});

describe('overview model: tables, drill-downs, views', () => {
  const failing: FailingScenario = {
    scenario_id: S1, scenario_name: EVIL, status: 'draft', model_id: 'm', model_name: '=HYPERLINK("x")', disease_area: null, last_run_status: 'failed',
    failures: 2, timeouts: 0, runs: 3, last_failure_at: '2026-11-15T04:45:51.473Z', last_failed_run_id: R1, last_fail_reason: "KeyError: 'a|b'\nnext",
  };

  it('exports a table as spreadsheet-safe CSV and as escaped Markdown', () => {
    const csv = tableCsv(TOP_FAILING_COLUMNS, [failing]);
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'Scenario,Model,Failures,Timeouts,Runs,Last failure (UTC),Last fail reason,Scenario id,Last failed run id');
    assert.ok(lines[1]!.startsWith(`${EVIL},"'=HYPERLINK(""x"")",2,0,3,2026-11-15 04:45:51,"KeyError: 'a|b'`));
    const md = tableMarkdown(TOP_FAILING_COLUMNS, [failing], 'Top failing');
    assert.ok(md.includes('\\|'), 'pipes escaped');
    assert.ok(!md.includes('<script>'), 'markup escaped');
    assert.ok(md.includes(`\`${S1}\``), 'ids in code spans');
    assert.equal(exportName('top-failing', range), 'clearsight-top-failing-2026-11-07-2026-11-20.csv');
  });

  it('titles a drill-down by what was clicked', () => {
    assert.equal(drillTitle({ statuses: ['failed', 'timeout'] }), 'Failed or timed-out runs');
    assert.equal(drillTitle({}), 'Runs');
    assert.equal(drillTitle({ day: '2026-11-11', nodeId: N1 }, { node: () => 'Price erosion' }), 'Runs on 2026-11-11 where node "Price erosion" failed');
    assert.equal(drillTitle({ signature: "KeyError: '<s>'" }), "Runs with error KeyError: '<s>'");
    assert.equal(drillTitle({ scenarioId: S1, statuses: ['success'] }, { scenario: () => 'S' }), 'Successful runs of scenario "S"');
  });

  it('renders names and fail reasons holding markup as text, with the test ids E2E uses', () => {
    const top = topFailingSection({ rows: [failing], expanded: false, day: '2026-11-11', loading: false, error: null, limit: 25, searched: 'x' }, actions());
    const html = renderToString(top);
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('&lt;script&gt;'));
    assert.equal(byTestId(top, 'top-failing-row').length, 1);
    assert.equal(byTestId(top, 'day-chip').length, 1);
    assert.equal(byTestId(top, 'export-top-failing').length, 1);
    const run: OverviewRun = {
      run_id: R1, scenario_id: S1, scenario_name: EVIL, model_id: 'm', model_name: 'M', run_status: 'failed', run_at: '2026-11-15T04:40:00.000Z', run_complete_at: null, duration_ms: 60_000,
      run_by: EVIL, run_req_id: null, fail_reason: EVIL, fail_signature: 'x', nodes_total: 3, nodes_failed: 1,
    };
    const drill = drillSection({ drill: {}, expanded: false, title: 'Runs', runs: [run], loading: false, error: null, limit: 200, searched: '' }, actions());
    assert.ok(!renderToString(drill).includes('<script>'));
    assert.equal(byTestId(drill, 'drill-compare').length, 1, 'a failed run offers its diff');
    assert.equal(byTestId(drill, 'drill-user').length, 1, 'the user opens the journey');
    assert.ok(tableCsv(RUN_COLUMNS, [run]).includes('1 min 0 s'));
  });

  it('shows more rows on demand', () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ ...failing, scenario_id: `${i}` }));
    const cut = topFailingSection({ rows, expanded: false, day: null, loading: false, error: null, limit: 25, searched: '' }, actions());
    assert.equal(byTestId(cut, 'top-failing-row').length, 10);
    assert.equal(byTestId(cut, 'show-all-top-failing').length, 1);
    const all = topFailingSection({ rows, expanded: true, day: null, loading: false, error: null, limit: 25, searched: '' }, actions());
    assert.equal(byTestId(all, 'top-failing-row').length, 12);
  });

  it('says what was searched when nothing failed, and what the Overview needs without a reporting schema', () => {
    const empty = topFailingSection({ rows: [], expanded: false, day: null, loading: false, error: null, limit: 25, searched: 'between 2026-11-07 – 2026-11-20 on demo (reporting schema)' }, actions());
    assert.match(textOf(empty), /No failed or timed-out run between 2026-11-07 – 2026-11-20 on demo \(reporting schema\)\./);
    const src: SourceInfo = { label: 'db:5432/fc', demo: false, source: 'prod' };
    const v = noReportingView('not-loaded', src, 'The Overview', actions());
    assert.equal(byTestId(v, 'run-etl').length, 1);
    assert.match(textOf(v), /db:5432\/fc does not have yet/);
    assert.match(textOf(noReportingView('prod-source', src, 'The Overview', actions())), /clearsight\.source = prod/);
    assert.equal(rangeValue(DEFAULT_FILTER), '14');
    assert.equal(rangeValue({ ...DEFAULT_FILTER, range: { kind: 'last', days: 5 } }), 'custom');
    assert.equal(rangeValue({ ...DEFAULT_FILTER, range: { kind: 'between', from: '2026-11-01', to: '2026-11-02' } }), 'custom');
  });

  it('the header names the range, the previous period and the source', () => {
    const data = { kpis: { range, previousRange: prevRange, current: figures(), previous: figures() } } as OverviewData;
    const text = textOf(headerView(data, { label: 'demo', demo: true, source: 'reporting' }, actions()));
    assert.match(text, /Runs started 2026-11-07 – 2026-11-20 \(14 days\)/);
    assert.match(text, /compared with 2026-10-24 – 2026-11-06/);
    assert.match(text, /demo \(reporting schema\)/);
  });
});

describe('journey view model', () => {
  let n = 0;
  const a = (at: string, over: Partial<JourneyAction> = {}): JourneyAction => ({
    event_key: `k${++n}`, event_type: 'INPUT_CHANGED', event_timestamp: at, scenario_id: 's1', scenario_name: 'S1', model_name: 'M', node_id: null, node_name: null,
    run_id: null, run_status: null, fail_reason: null, request_id: null, description: '', ...over,
  });
  const sessions = sessionize([
    a('2026-11-10T09:00:00.000Z'),
    a('2026-11-10T09:45:00.000Z', { scenario_id: 's2', event_type: 'RUN_STARTED', run_status: 'failed' }),
    a('2026-11-10T09:50:00.000Z', { scenario_id: 's2' }),
    a('2026-11-12T10:00:00.000Z'),
  ]);

  it('zero-fills actions per day over the range and stacks them: other actions, runs, failed runs', () => {
    const m = journeyDayModel(
      [
        { day: '2026-11-10', actions: 3, sessions: 2, scenarios: 2, runs: 1, failed_runs: 1 },
        { day: '2026-11-12', actions: 1, sessions: 1, scenarios: 1, runs: 0, failed_runs: 0 },
      ],
      { from: '2026-11-10', to: '2026-11-13', days: 3 },
    );
    assert.deepEqual(m.days, ['2026-11-10', '2026-11-11', '2026-11-12']);
    assert.deepEqual(
      m.series.map((s) => [s.key, s.data]),
      [
        ['other', [2, 0, 1]],
        ['success', [0, 0, 0]],
        ['failed', [1, 0, 0]],
      ],
    );
    assert.equal(m.total, 4);
  });

  it('filters sessions by scenario and by start day; describes them', () => {
    assert.equal(sessions.length, 3);
    assert.deepEqual(filterSessions(sessions, { scenarioId: 's2', day: null }).map((s) => s.index), [2]);
    assert.deepEqual(filterSessions(sessions, { scenarioId: null, day: '2026-11-12' }).map((s) => s.index), [3]);
    assert.deepEqual(filterSessions(sessions, { scenarioId: 's1', day: '2026-11-10' }).map((s) => s.index), [1]);
    assert.equal(sessionTitle(sessions[1]!), 'Session 2 · 2026-11-10 09:45 – 09:50 UTC');
    assert.equal(sessionMeta(sessions[1]!), '5 min 0 s · 2 actions · 1 scenario · 1 input change · 1 run (1 failed)');
    assert.equal(sessionMeta(sessions[0]!), '1 action · 1 scenario · 1 input change');
    assert.equal(formatGap(45 * 60_000), '45 min');
    assert.equal(formatGap(26 * 3_600_000), '1 d 2 h');
  });
});

function actions(): OverviewActions {
  const noop = (): void => undefined;
  return {
    refresh: noop, runEtl: noop, setRange: noop, setCustomRange: noop, setField: noop, setErrorText: noop, clearFilters: noop, drill: noop, closeDrill: noop,
    selectDay: noop, showTrend: noop, openTimeline: noop, compare: noop, reveal: noop, openUser: noop, openRun: noop, exportTable: noop, showAll: noop, mountChart: noop,
  };
}

describe('overview: category trend sparkline', () => {
  it('draws one mark per day, zero as the lowest block and the maximum as the full one', () => {
    assert.equal(sparkline([0, 1, 2, 4]), '▁▃▅█');
    assert.equal(sparkline([0, 0]), '▁▁');
  });
  it('sums long ranges into at most 20 marks, oldest first', () => {
    const days = Array.from({ length: 90 }, (_, i) => (i >= 85 ? 3 : 0));
    const s = sparkline(days);
    assert.equal([...s].length, 18); // 90 days in spans of 5
    assert.equal([...s].at(-1), '█');
    assert.ok([...s].slice(0, -1).every((c) => c === '▁'));
  });
});
