import assert from 'node:assert/strict';
import type { LogLine } from '../../../src/logs/types';
import type { DiagnosticsPayload } from '../../../src/shared/protocol/diagnostics';
import { byTestId, renderToString, textOf, type VNode } from '../../../webview/common/vdom';
import { NO_LOG_FILTER, filterLines, levelClass, locationText, logsMarkdown } from '../../../webview/diagnostics/model';
import { headerView, logsView, type DiagnosticsActions } from '../../../webview/diagnostics/view';

const RUN = '3f2a1b4c-1111-2222-3333-444455556666';
const EVIL = '<script>alert(1)</script>';

function line(over: Partial<LogLine>): LogLine {
  return { timestamp: '2026-03-01T10:00:00.000Z', level: 'INFO', source: 'files', message: 'm', stack: null, ids: [RUN], origin: '/logs/engine.log', line: 1, url: null, ...over };
}

const lines: LogLine[] = [
  line({ message: `run ${RUN} started`, line: 10 }),
  line({ timestamp: '2026-03-01T10:00:01.000Z', level: 'DEBUG', message: 'node A calculated', line: 11 }),
  line({ timestamp: '2026-03-01T10:00:02.000Z', level: 'WARN', source: 'cloudwatch', message: 'slow node', origin: '/cs/engine / i-1', line: null, url: 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#x' }),
  line({ timestamp: '2026-03-01T10:00:03.000Z', level: 'ERROR', message: `node failed ${EVIL}`, stack: 'Traceback (most recent call last):\n  File "a.py", line 1\nZeroDivisionError: division by zero', line: 12 }),
  line({ timestamp: null, level: null, message: 'undated', origin: '/logs/old.log.gz', line: null }),
];

function payload(over: Partial<DiagnosticsPayload> = {}): DiagnosticsPayload {
  return {
    run: {
      run_id: RUN,
      scenario_id: 's',
      scenario_name: `Budget ${EVIL}`,
      model_id: 'm',
      model_name: 'M',
      run_status: 'failed',
      run_at: '2026-03-01T10:00:00.000Z',
      run_complete_at: '2026-03-01T10:00:05.000Z',
      duration_ms: 5000,
      run_by: 'alice',
      run_req_id: null,
      fail_reason: 'ZeroDivisionError: division by zero',
    },
    failedNodes: [],
    category: { category: 'calculation', rule: 'calculation (arithmetic, convergence)', from: 'fail_reason' },
    lines,
    sources: [
      { kind: 'files', label: 'logs/**/*.log', count: 4, truncated: false, error: null, notes: [] },
      { kind: 'cloudwatch', label: 'CloudWatch eu-west-1: /cs/engine', count: 1, truncated: false, error: null, notes: [] },
    ],
    window: { from: '2026-03-01T09:50:00.000Z', to: '2026-03-01T10:10:05.000Z', marginMinutes: 10 },
    capMessage: null,
    noSources: false,
    readFrom: 'live from files logs/**/*.log; CloudWatch eu-west-1: /cs/engine',
    ...over,
  };
}

const opened: number[] = [];
const actions: DiagnosticsActions = {
  refresh() {},
  openTimeline() {},
  openSnapshot() {},
  compareWithLastSuccess() {},
  rcaNote() {},
  openLine: (i) => opened.push(i),
  openLogSettings() {},
  setFilter() {},
  clearFilters() {},
  copyLines() {},
};

describe('Run Diagnostics webview', () => {
  it('filters by lowest level, source and text (message, stack, origin), keeping payload indexes', () => {
    assert.deepEqual(filterLines(lines, NO_LOG_FILTER).map((r) => r.index), [0, 1, 2, 3, 4]);
    assert.deepEqual(filterLines(lines, { ...NO_LOG_FILTER, level: 'WARN' }).map((r) => r.index), [2, 3]);
    assert.deepEqual(filterLines(lines, { ...NO_LOG_FILTER, level: 'INFO', source: 'files' }).map((r) => r.index), [0, 3]);
    assert.deepEqual(filterLines(lines, { ...NO_LOG_FILTER, search: 'ZERODIVISION' }).map((r) => r.index), [3]);
    assert.deepEqual(filterLines(lines, { ...NO_LOG_FILTER, search: 'old.log' }).map((r) => r.index), [4]);
    assert.equal(levelClass('FATAL'), 'lvl-error');
    assert.equal(locationText(lines[0]), 'logs/engine.log:10');
    assert.equal(locationText(lines[2]), '/cs/engine / i-1');
  });

  it('shows every line with its level, the stack collapsed in <details>, and opens lines by index', () => {
    const v = logsView(payload(), filterLines(lines, NO_LOG_FILTER), NO_LOG_FILTER, actions);
    const rows = byTestId(v, 'log-line');
    assert.equal(rows.length, 5);
    assert.deepEqual(byTestId(v, 'log-level').map((n) => textOf(n)), ['INFO', 'DEBUG', 'WARN', 'ERROR', '—']);
    const stacks = byTestId(v, 'log-stack');
    assert.equal(stacks.length, 1);
    assert.equal(stacks[0].tag, 'details');
    assert.equal((stacks[0] as unknown as { attrs: Record<string, unknown> }).attrs.open, undefined, 'collapsed');
    assert.match(textOf(stacks[0]), /Stack trace \(3 lines\)Traceback \(most recent call last\)/);
    // Files with a line and CloudWatch lines open; a .gz record without a line does not.
    const open = byTestId(v, 'open-line');
    assert.equal(open.length, 4);
    (open[3].on.click as () => void)();
    assert.deepEqual(opened, [3]);
    const html = renderToString(v);
    assert.ok(!html.includes(EVIL) && html.includes('&lt;script&gt;'), 'escaped');
    assert.match(textOf(byTestId(v, 'log-sources')[0]), /logs\/\*\*\/\*\.log: 4 lines/);
    assert.equal(textOf(byTestId(v, 'log-read-from')[0]), 'Read live from files logs/**/*.log; CloudWatch eu-west-1: /cs/engine');
    const stored = logsView(payload({ readFrom: 'from the reporting schema, loaded at 2026-03-01 11:00 UTC (files)' }), filterLines(lines, NO_LOG_FILTER), NO_LOG_FILTER, actions);
    assert.equal(textOf(byTestId(stored, 'log-read-from')[0]), 'Read from the reporting schema, loaded at 2026-03-01 11:00 UTC (files)');
  });

  it('says when no source is configured, when nothing matched and when a source failed', () => {
    const none = logsView(payload({ lines: [], sources: [], noSources: true }), [], NO_LOG_FILTER, actions);
    assert.match(textOf(byTestId(none, 'logs-none')[0]), /No log source is configured/);
    const empty = logsView(payload({ lines: [] }), [], NO_LOG_FILTER, actions);
    assert.match(textOf(byTestId(empty, 'logs-empty')[0]), /No log line names this run/);
    const failed = logsView(payload({ sources: [{ kind: 'cloudwatch', label: 'CloudWatch', count: 0, truncated: false, error: 'no permission to read log group /x (AccessDeniedException)', notes: [] }] }), filterLines(lines, NO_LOG_FILTER), NO_LOG_FILTER, actions);
    assert.match(textOf(byTestId(failed, 'log-sources')[0]), /AccessDeniedException/);
  });

  it('header: status, category, fail reason, snapshot / diff / timeline / RCA one click away', () => {
    const v = headerView(payload(), { label: 'demo', demo: true, source: 'reporting' }, actions) as VNode;
    assert.equal(textOf(byTestId(v, 'error-category')[0]), 'calculation');
    for (const id of ['open-snapshot', 'compare-last-success', 'open-timeline', 'rca-note']) assert.equal(byTestId(v, id).length, 1, id);
    assert.match(renderToString(v), /Budget &lt;script&gt;/);
  });

  it('copies the shown lines as a Markdown table', () => {
    const md = logsMarkdown(filterLines(lines, { ...NO_LOG_FILTER, level: 'ERROR' }), 'Log lines');
    assert.equal(md.split('\n').length, 5);
    assert.match(md, /\| 2026-03-01T10:00:03\.000Z \| ERROR \| node failed .*\(\+3 stack lines\) \| files: \/logs\/engine\.log:12 \|/);
  });
});
