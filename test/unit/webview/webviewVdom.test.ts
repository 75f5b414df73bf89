import assert from 'node:assert/strict';
import type { RunDiff, RunSummary, ScenarioListItem, TimelineEvent } from '../../../src/core/types';
import { byTestId, escapeHtml, h, isSafeAttrName, renderToString, textOf } from '../../../webview/common/vdom';
import { dataTable, errorView, runFacts, facts } from '../../../webview/common/ui';
import { detailsView, headerView as timelineHeader, eventsSection } from '../../../webview/timeline/view';
import { headerView as snapshotHeader, nodesSection } from '../../../webview/snapshot/view';
import { bodyView, headerView as diffHeader } from '../../../webview/diff/view';
import { NO_FILTER } from '../../../webview/timeline/model';
import { runSummary } from '../fixtures';
import { detailParts } from '../../../webview/diff/model';

const XSS = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(2)>';
const noop: any = new Proxy({}, { get: () => () => undefined });
const source = { label: 'demo', demo: true, source: 'reporting' as const };

function run(over: Partial<RunSummary> = {}): RunSummary {
  return runSummary({
    ...{ run_id: '00000000-0000-4000-8000-00000000000b', scenario_id: '00000000-0000-4000-8000-0000000000aa', scenario_name: `Prévision ${XSS}` },
    ...{ model_name: `Model ${IMG}`, run_status: 'failed', run_complete_at: '2026-03-01T10:01:00.000Z', duration_ms: 60_000 },
    ...{ run_by: `eve${XSS}`, fail_reason: `ZeroDivisionError in ${XSS} | pipe` },
    ...over,
  });
}

/** Tags the views build; any other element in the output came from data. */
const VIEW_TAGS = new Set(
  'div span p ul li h1 h2 h3 h4 header section article aside table caption thead tbody tr th td dl dt dd code pre details summary strong button vscode-button vscode-icon vscode-badge vscode-single-select vscode-option vscode-textfield vscode-progress-ring'.split(' '),
);

/** No element from data may appear: every `<` of data is escaped, so only view tags open. */
function assertNoInjection(html: string): void {
  assert.ok(!html.includes('<script'), 'a <script> element was rendered');
  assert.ok(!html.includes('<img'), 'an <img> element was rendered');
  for (const m of html.matchAll(/<([a-zA-Z][\w-]*)/g)) assert.ok(VIEW_TAGS.has(m[1]!), `unexpected element <${m[1]}>`);
  // Attributes are only the ones views set: name="value" pairs whose values are escaped.
  for (const m of html.matchAll(/<[a-zA-Z][\w-]*((?:\s+[\w:-]+(?:="[^"<>]*")?)*)\s*>/g)) {
    for (const a of m[1]!.matchAll(/\s+([\w:-]+)(?:="[^"]*")?/g)) if (a[1]!.toLowerCase().startsWith('on')) assert.fail(`event handler attribute ${a[1]}`);
  }
}

describe('webview vdom', () => {
  it('the injection check itself catches raw markup', () => {
    assert.throws(() => assertNoInjection('<p><img src=x onerror=alert(2)></p>'));
    assert.throws(() => assertNoInjection('<p><b onclick="x">t</b></p>'));
    assert.throws(() => assertNoInjection('<div onmouseover="x"></div>'));
    assertNoInjection('<p title="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;">&lt;script&gt;</p>');
  });

  it('escapes text and attribute values when rendering', () => {
    const v = h('p', { title: IMG, 'data-x': 'a&b' }, XSS, ' & ', 3);
    assert.equal(renderToString(v), `<p title="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" data-x="a&amp;b">&lt;script&gt;alert(1)&lt;/script&gt; &amp; 3</p>`);
    assert.equal(textOf(v), `${XSS} & 3`);
  });

  it('refuses event-handler, style and URL attributes, script tags and innerHTML', () => {
    assert.throws(() => h('div', { onclick: 'x' }));
    assert.throws(() => h('div', { OnMouseOver: 'x' }));
    assert.throws(() => h('div', { style: 'color:red' }));
    assert.throws(() => h('a', { href: 'javascript:alert(1)' }));
    assert.throws(() => h('img', { src: 'x' }));
    assert.throws(() => h('div', { 'a b': 'x' }));
    assert.throws(() => h('script'));
    assert.throws(() => h('iframe'));
    assert.throws(() => h('div', { props: { innerHTML: XSS } }));
    assert.equal(isSafeAttrName('data-testid'), true);
    assert.equal(isSafeAttrName('aria-label'), true);
    assert.equal(isSafeAttrName('onload'), false);
  });

  it('drops false / null attributes, writes true as a bare attribute, flattens children', () => {
    const v = h('details', { open: true, hidden: false, title: null }, ['a', null, false, ['b', undefined]], 0);
    assert.equal(renderToString(v), '<details open>ab0</details>');
    assert.equal(escapeHtml(`'"`), '&#39;&quot;');
  });

  it('finds nodes by data-testid', () => {
    const v = h('div', null, h('span', { 'data-testid': 'x' }, 'one'), h('p', null, h('b', { 'data-testid': 'x' }, 'two')));
    assert.deepEqual(byTestId(v, 'x').map(textOf), ['one', 'two']);
  });

  it('renders a table with one Tab stop, keys and test ids', () => {
    const t = dataTable({
      id: 't',
      caption: 'c',
      columns: [{ label: 'A' }],
      rows: ['x', 'y', 'z'],
      key: (r) => r,
      cells: (r) => [r],
      rowTestId: 'row',
      selected: 'y',
      onOpen: () => undefined,
    });
    const rows = byTestId(t, 'row');
    assert.deepEqual(rows.map((r) => r.attrs.tabindex), [-1, 0, -1]);
    assert.deepEqual(rows.map((r) => r.attrs['aria-current']), [undefined, 'true', undefined]);
    assert.deepEqual(rows.map((r) => r.attrs['data-key']), ['x', 'y', 'z']);
  });

  it('renders markup in a fail reason, scenario name, user or error as text (timeline)', () => {
    const scenario: ScenarioListItem = {
      scenario_id: '00000000-0000-4000-8000-0000000000aa',
      scenario_name: `Prévision 日本 – ${XSS}`,
      status: `draft${IMG}`,
      model_id: 'm',
      model_name: `M ${XSS}`,
      last_run_id: null,
      last_run_at: null,
      last_run_status: 'failed',
      last_fail_reason: XSS,
      runs: 1,
      failed_runs: 1,
    };
    const ev: TimelineEvent = {
      event_type: 'RUN_FAILED',
      event_timestamp: '2026-03-01T10:01:00.000Z',
      event_user: `mallory${IMG}`,
      node_id: null,
      node_name: `node ${XSS}`,
      run_id: run().run_id,
      request_id: null,
      description: `Run failed: ${XSS}`,
      details: { fail_reason: XSS, [IMG]: 1 },
      event_key: `RUN_END:${IMG}`,
      scenario_id: scenario.scenario_id,
    };
    const payload = { scenario, events: [ev], runs: [run()] };
    const html = [
      renderToString(timelineHeader(payload, { ...source, label: `db${XSS}` }, noop)),
      renderToString(detailsView(ev, [run()], noop)),
      renderToString(
        eventsSection({ events: [ev], total: 1, filter: NO_FILTER, selected: ev.event_key, limit: 10, scenarioName: scenario.scenario_name, where: 'demo' }, noop, () => undefined),
      ),
    ].join('\n');
    assertNoInjection(html);
    assert.ok(html.includes('Prévision 日本 – &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('data-key="RUN_END:&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"'));
    assert.equal(textOf(byTestId(detailsView(ev, [run()], noop), 'event-description')[0]!), `Run failed: ${XSS}`);
  });

  it('renders markup as text in the snapshot and diff views', () => {
    const r = run();
    const nodes = [
      { node_id: 'n1', node_name: `Node ${XSS}`, node_type: 'input', node_group: IMG, node_seq: 1, input_hash: 'h1', input_data: { note: XSS }, saved_at: r.run_at, saved_by: IMG },
    ];
    const snapPayload = { run: r, snapshot: { run_id: r.run_id, scenario_id: r.scenario_id, run_at: r.run_at, nodes }, previousRun: null, changes: { n1: 'unknown' as const } };
    const diff: RunDiff = {
      run_a: run({ run_status: 'success', fail_reason: null }),
      run_b: r,
      changed: [
        {
          node_id: 'n1',
          node_name: `Node ${XSS}`,
          node_type: 'input',
          before: { input_hash: 'a', input_data: { x: 1 }, saved_at: null, saved_by: null },
          after: { input_hash: 'b', input_data: { x: XSS }, saved_at: r.run_at, saved_by: IMG },
          paths: ['$.x'],
          path_changes: [{ path: '$.x', kind: 'type', before: 1, after: XSS }],
          failed_in_b: true,
          score: 6,
          evidence: [{ signal: 'named_in_reason', detail: `named in the fail reason of \`${XSS}\`` }],
        },
      ],
      added: [],
      removed: [],
      unchanged_count: 3,
      calc: [{ node_id: 'n1', node_name: IMG, status_a: 'success', status_b: 'failed', fail_reason_b: XSS, duration_a: 1, duration_b: 2 }],
      confidence: 'strong',
      verdict: { kind: 'input', node_id: 'n1', summary: `Likely cause: \`Node ${XSS}\` changed — named in ${IMG}` },
    };
    const dPayload = { diff, maxPaths: 200 };
    const html = [
      renderToString(snapshotHeader(snapPayload, source, noop)),
      renderToString(nodesSection(snapPayload, nodes, { type: '', show: '', search: '' }, 'demo', noop)),
      renderToString(diffHeader(dPayload, source, noop)),
      ...bodyView(dPayload, source, new Set(), noop).map((c) => renderToString(c as never)),
      renderToString(errorView(`Could not load ${XSS}`, `unknown run id ${IMG}`, () => undefined)),
      renderToString(facts(runFacts(r))),
    ].join('\n');
    assertNoInjection(html);
    const body = bodyView(dPayload, source, new Set(), noop).map((c) => c as never);
    const header = body.flatMap((c) => byTestId(c, 'diff-node-header'));
    assert.equal(header.length, 1);
    assert.equal(header[0]!.attrs['data-culprit'], 'true');
    assert.equal(textOf(body.flatMap((c) => byTestId(c, 'diff-node-name'))[0]!), `Node ${XSS}`);
    assert.deepEqual(body.flatMap((c) => byTestId(c, 'path-cell')).map(textOf), ['$.x']);
    assert.equal(textOf(body.flatMap((c) => byTestId(c, 'calc-fail-reason'))[0]!), XSS);
  });
});

describe('diff view: the ranking and its evidence', () => {
  it('splits evidence details into words and code, whatever the backticks', () => {
    assert.deepEqual(detailParts('named in the fail reason of `Net price`'), [
      { code: false, text: 'named in the fail reason of ' },
      { code: true, text: 'Net price' },
    ]);
    assert.deepEqual(detailParts('key `` a`b `` and `x`'), [
      { code: false, text: 'key ' },
      { code: true, text: 'a`b' },
      { code: false, text: ' and ' },
      { code: true, text: 'x' },
    ]);
    assert.deepEqual(detailParts('an unclosed ` tick'), [{ code: false, text: 'an unclosed ` tick' }]);
  });

  it('lists the evidence beside the node with data as code, and says when it is weak', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const ranked: RunDiff['changed'][number] = {
      node_id: 'n1', node_name: 'Share', node_type: 'input',
      before: { input_hash: 'a', input_data: 0.2, saved_at: null, saved_by: null },
      after: { input_hash: 'b', input_data: 1.8, saved_at: null, saved_by: null },
      paths: ['$'], path_changes: [{ path: '$', kind: 'changed', before: 0.2, after: 1.8 }], failed_in_b: false,
      score: 4.5,
      evidence: [{ signal: 'outside_history', detail: `1.8 is above 1 in \`${evil}\`` }, { signal: 'recency', detail: 'the last save before the failed run' }],
    };
    const strong = { confidence: 'strong' as const, verdict: { kind: 'input' as const, node_id: 'n1', summary: `Likely cause: \`Share\` changed — 1.8 is above 1 in \`${evil}\`.` } };
    const weakVerdict = { confidence: 'weak' as const, verdict: { kind: 'unknown' as const, node_id: null, summary: 'Possible causes, none decisive: only circumstantial evidence (the order of the saves) points at `Share`.' } };
    const render = (c: RunDiff['changed'][number], v: Pick<RunDiff, 'confidence' | 'verdict'> = strong) =>
      bodyView({ diff: { run_a: { run_id: 'a', run_status: 'success' } as RunSummary, run_b: { run_id: 'b', run_status: 'failed', fail_reason: 'x' } as RunSummary, changed: [c], added: [], removed: [], unchanged_count: 0, calc: [], ...v }, maxPaths: 200 }, { label: 'demo', demo: true, source: 'reporting' }, new Set(), (() => undefined) as never).map((x) => x as never);
    const body = render(ranked);
    const verdict = body.flatMap((c) => byTestId(c, 'verdict'))[0]!;
    assert.equal(verdict.attrs['data-confidence'], 'strong');
    assert.equal(textOf(verdict), `Confidence strong: Likely cause: Share changed — 1.8 is above 1 in ${evil}.`);
    const items = body.flatMap((c) => byTestId(c, 'evidence-item'));
    assert.deepEqual(items.map((i) => i.attrs['data-signal']), ['outside_history', 'recency']);
    assert.equal(textOf(items[0]!), `1.8 is above 1 in ${evil}`);
    assertNoInjection(body.map((c) => renderToString(c)).join('\n'));
    assert.equal(textOf(body.flatMap((c) => byTestId(c, 'score'))[0]!), 'score 4.5');
    assert.equal(textOf(body.flatMap((c) => byTestId(c, 'likely-culprit'))[0]!), 'likely cause · confidence strong');
    const weak = render({ ...ranked, evidence: [ranked.evidence[1]!], score: 0.5 }, weakVerdict);
    assert.equal(weak.flatMap((c) => byTestId(c, 'likely-culprit')).length, 0);
    assert.equal(textOf(weak.flatMap((c) => byTestId(c, 'weak-evidence'))[0]!), 'possible cause · confidence weak');
    // A failure of the platform: the top candidate is shown as not blamed.
    const infra = render(ranked, { confidence: 'none', verdict: { kind: 'infrastructure', node_id: null, summary: 'Not an input: the failure looks like a deadlock — the fail reason reads `deadlock detected`.' } });
    assert.equal(infra.flatMap((c) => byTestId(c, 'likely-culprit')).length, 0);
    assert.equal(textOf(infra.flatMap((c) => byTestId(c, 'not-blamed'))[0]!), 'not blamed: not an input · confidence none');
    assert.equal(weak.flatMap((c) => byTestId(c, 'diff-node-header'))[0]!.attrs['data-culprit'], 'false');
  });
});

describe('diff view: the likely culprit', () => {
  const node = (id: string, failed: boolean): RunDiff['changed'][number] => ({
    node_id: id,
    node_name: `Node ${id}`,
    node_type: 'input',
    before: { input_hash: 'a', input_data: 1, saved_at: null, saved_by: null },
    after: { input_hash: 'b', input_data: 2, saved_at: null, saved_by: null },
    paths: ['$'],
    path_changes: [{ path: '$', kind: 'changed', before: 1, after: 2 }],
    failed_in_b: failed,
    score: failed ? 6 : 0.5,
    evidence: failed ? [{ signal: 'calc_failed', detail: 'its own calculation failed in this run' }] : [{ signal: 'outside_history', detail: '0 at `$.value` is outside every value' }],
  });
  const diffOf = (statusB: RunSummary['run_status'], changed: RunDiff['changed']): RunDiff => ({
    run_a: { run_id: 'a', run_status: 'success' } as RunSummary,
    run_b: { run_id: 'b', run_status: statusB, fail_reason: statusB === 'success' ? null : 'boom' } as RunSummary,
    changed,
    added: [],
    removed: [],
    unchanged_count: 0,
    calc: [],
    confidence: statusB === 'success' ? 'none' : 'strong',
    verdict: { kind: statusB === 'success' ? 'unknown' : 'input', node_id: statusB === 'success' ? null : changed[0]!.node_id, summary: 'Likely cause: `Node n1`.' },
  });
  const headers = (d: RunDiff) =>
    bodyView({ diff: d, maxPaths: 200 }, { label: 'demo', demo: true, source: 'reporting' }, new Set(), (() => undefined) as never)
      .map((c) => c as never)
      .flatMap((c) => byTestId(c, 'diff-node-header'));

  it('marks the first changed node of a failed comparison, even when the failure is downstream', () => {
    for (const status of ['failed', 'timeout'] as const) {
      const hs = headers(diffOf(status, [node('n1', false), node('n2', false)]));
      assert.deepEqual(hs.map((x) => x.attrs['data-culprit']), ['true', 'false'], status);
      assert.equal(hs[0]!.children.flat(3).some((c) => JSON.stringify(c).includes('likely-culprit')), true);
    }
  });

  it('marks nothing when run B succeeded', () => {
    const hs = headers(diffOf('success', [node('n1', false)]));
    assert.deepEqual(hs.map((x) => x.attrs['data-culprit']), ['false']);
  });
});
