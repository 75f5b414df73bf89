import assert from 'node:assert/strict';
import type { NodeCalc, RunInfo, RunSummary, ScenarioListItem } from '../../../src/core/types';
import { Commands } from '../../../src/vscode/constants';
import {
  actionsFor,
  buildErrorHover,
  buildHover,
  commandUri,
  FAIL_REASON_MAX,
  lookupErrorText,
  summarize,
  unknownIdText,
} from '../../../src/vscode/hover/hoverContent';
import { runSummary } from '../fixtures';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const RUN = '3f2a9c1e-7b4d-4e21-9a0b-1c2d3e4f5a6b';
const SCEN = '11111111-1111-4111-8111-111111111111';

function run(over: Partial<RunSummary> = {}): RunSummary {
  return runSummary({
    ...{ run_id: RUN, scenario_id: SCEN, scenario_name: 'Budget 2026', model_id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', model_name: 'Revenue', run_status: 'failed' },
    ...{ run_at: '2026-03-10T09:00:00.000Z', run_complete_at: '2026-03-10T09:00:04.200Z', duration_ms: 4200, run_by: 'alice', fail_reason: 'Node Growth failed' },
    ...over,
  });
}

function calc(n: number, over: Partial<NodeCalc> = {}): NodeCalc {
  return {
    calc_id: `33333333-3333-4333-8333-${String(n).padStart(12, '0')}`,
    run_id: RUN,
    node_id: `44444444-4444-4444-8444-${String(n).padStart(12, '0')}`,
    node_name: `Node ${n}`,
    node_type: 'formula',
    status: 'failed',
    fail_reason: `reason ${n}`,
    processing_start_at: null,
    processing_end_at: null,
    processing_duration: null,
    ...over,
  };
}

function scenario(over: Partial<ScenarioListItem> = {}): ScenarioListItem {
  return {
    scenario_id: SCEN,
    scenario_name: 'Budget 2026',
    status: 'submitted',
    model_id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    model_name: 'Revenue',
    last_run_id: RUN,
    last_run_at: '2026-03-10T09:00:00.000Z',
    last_run_status: 'failed',
    last_fail_reason: 'Node Growth failed',
    runs: 12,
    failed_runs: 4,
    ...over,
  };
}

function runInfo(r: Partial<RunSummary> = {}, nodes: NodeCalc[] = []): RunInfo {
  return { kind: 'run', id: RUN, run: run(r), failed_nodes: nodes };
}

/** The command links of a markdown text, decoded: [command, args]. */
function links(md: string): Array<[string, unknown]> {
  return [...md.matchAll(/\]\(command:([\w.]+)\?([^)\s]*)\)/g)].map((m) => [m[1], JSON.parse(decodeURIComponent(m[2]))]);
}

describe('hover content: command links', () => {
  it('encodes arguments as a JSON array and keeps parentheses out of the link', () => {
    const uri = commandUri(Commands.openTimeline, [{ scenarioId: SCEN }]);
    assert.equal(uri, `command:clearsight.openTimeline?${encodeURIComponent(JSON.stringify([{ scenarioId: SCEN }]))}`);
    const odd = commandUri('x.y', [{ a: "(it's)!*" }]);
    assert.ok(!/[()'!*]/.test(odd.slice('command:x.y?'.length)));
    assert.deepEqual(JSON.parse(decodeURIComponent(odd.slice('command:x.y?'.length))), [{ a: "(it's)!*" }]);
  });
});

describe('hover content: runs', () => {
  it('failed run: status icon, scenario, time, duration, user, reason, failed nodes and three links', () => {
    const h = buildHover(runInfo({}, [calc(1), calc(2)]), NOW);
    assert.ok(h);
    const md = h.markdown;
    assert.ok(md.startsWith('$(error) **Run failed** · Budget 2026'));
    assert.ok(md.includes('Started 2026-03-10 09:00:00 UTC · took 4.2 s · by alice'));
    assert.ok(md.includes(`run \`${RUN}\``));
    assert.ok(md.includes('**Fail reason:** Node Growth failed'));
    assert.ok(md.includes('**Failed nodes (2):**'));
    assert.ok(md.includes('- **Node 1**: reason 1'));
    assert.deepEqual(links(md), [
      [Commands.openTimeline, [{ scenarioId: SCEN }]],
      [Commands.compareWithLastSuccess, [{ scenarioId: SCEN, runId: RUN }]],
      [Commands.generateRcaNote, [{ scenarioId: SCEN, runId: RUN }]],
      [Commands.runDiagnostics, [{ scenarioId: SCEN, runId: RUN }]],
    ]);
    assert.deepEqual(h.commands, [Commands.openTimeline, Commands.compareWithLastSuccess, Commands.generateRcaNote, Commands.runDiagnostics]);
  });

  it('with a ticket template: Open Ticket after RCA Note (failed runs only); with an environment: its name, escaped', () => {
    const h = buildHover(runInfo({}, [calc(1)]), NOW, { ticket: true, environment: 'UAT *eu*' });
    assert.ok(h);
    assert.deepEqual(
      links(h.markdown).map(([c]) => c),
      [Commands.openTimeline, Commands.compareWithLastSuccess, Commands.generateRcaNote, Commands.openTicket, Commands.runDiagnostics],
    );
    assert.ok(h.commands.includes(Commands.openTicket));
    assert.ok(h.markdown.includes('$(server-environment) environment UAT \\*eu\\*'), h.markdown);
    const ok = buildHover(runInfo({ run_status: 'success', fail_reason: null }, []), NOW, { ticket: true });
    assert.ok(ok && !ok.commands.includes(Commands.openTicket));
  });

  it('failed run: the confidence next to the top candidate, then the verdict; plain text for the picker', () => {
    const name = 'Peak *share* $(zap) <b>';
    const weak = runInfo({}, [calc(1)]);
    if (weak.kind !== 'run') throw new Error('run');
    weak.verdict = {
      confidence: 'weak',
      verdict: { kind: 'unknown', node_id: null, summary: 'Possible causes, none decisive: only circumstantial evidence (the order of the saves) points at `Peak *share* $(zap) <b>`.' },
      top: { node_id: 'n1', node_name: name, change: 'changed', score: 1.875 },
    };
    const md = buildHover(weak, NOW)!.markdown;
    assert.ok(md.includes('**Top candidate:** **Peak \\*share\\* '), md);
    assert.ok(md.includes('(changed) — possible cause · confidence weak  \nPossible causes, none decisive:'), md);
    assert.ok(!md.includes('likely cause'));
    const facts = summarize(weak, NOW).facts.map((f) => f.label);
    assert.ok(facts.includes(`Top candidate: ${name} — possible cause · confidence weak`), facts.join('\n'));
    const strong = { ...weak, verdict: { confidence: 'strong' as const, verdict: { kind: 'input' as const, node_id: 'n1', summary: 'Likely cause: `Peak share` changed — named in the fail reason.' }, top: weak.verdict.top } };
    assert.ok(buildHover(strong, NOW)!.markdown.includes('— likely cause · confidence strong'));
    const infra = { ...weak, verdict: { confidence: 'none' as const, verdict: { kind: 'infrastructure' as const, node_id: null, summary: 'Not an input: the failure looks like a deadlock — the fail reason reads `deadlock detected`.' }, top: weak.verdict.top } };
    assert.ok(buildHover(infra, NOW)!.markdown.includes('— not blamed: not an input · confidence none  \nNot an input: the failure looks like a deadlock'));
  });

  it('failed run: its error category from the fail reason; a timed-out run is a timeout; none for a success', () => {
    const zero = buildHover(runInfo({ fail_reason: "ZeroDivisionError: division by zero in node 'Share'" }), NOW);
    assert.ok(zero?.markdown.includes('**Error category:** calculation'));
    const timeout = buildHover(runInfo({ run_status: 'timeout', fail_reason: 'worker stopped' }), NOW);
    assert.ok(timeout?.markdown.includes('**Error category:** timeout'));
    assert.ok(!buildHover(runInfo({ run_status: 'success', fail_reason: null }), NOW)?.markdown.includes('Error category'));
  });

  it('successful and running runs: only Open Timeline and Run Diagnostics, no reason', () => {
    const ok = buildHover(runInfo({ run_status: 'success', fail_reason: null }), NOW);
    assert.ok(ok?.markdown.startsWith('$(pass) **Run succeeded**'));
    assert.deepEqual(ok?.commands, [Commands.openTimeline, Commands.runDiagnostics]);
    assert.equal(links(ok?.markdown ?? '').length, 2);
    assert.ok(!ok?.markdown.includes('Fail reason'));
    const running = buildHover(runInfo({ run_status: 'running', fail_reason: null, duration_ms: null, run_complete_at: null, run_by: null }), NOW);
    assert.ok(running?.markdown.startsWith('$(sync~spin) **Run running**'));
    assert.ok(running?.markdown.includes('Started 2026-03-10 09:00:00 UTC · still running  \n'));
    const timeout = buildHover(runInfo({ run_status: 'timeout' }), NOW);
    assert.ok(timeout?.markdown.startsWith('$(watch) **Run timed out**'));
    assert.equal(timeout?.commands.length, 4);
  });

  it('escapes <script>, pipes, backticks and link syntax in everything user-provided', () => {
    const evil = '<script>alert(1)</script> | `rm -rf` [click](command:workbench.action.terminal.sendSequence) $(zap)';
    const h = buildHover(
      runInfo({ scenario_name: evil, model_name: evil, run_by: evil, fail_reason: evil }, [calc(1, { node_name: evil, fail_reason: evil })]),
      NOW,
    );
    assert.ok(h);
    const md = h.markdown;
    assert.ok(!md.includes('<script>'), 'no raw HTML');
    assert.ok(md.includes('&lt;script&gt;'));
    assert.ok(!/[^\\]\|/.test(md.replace(/\]\(command:[^)]*\)/g, '')), 'every pipe escaped');
    assert.ok(!md.includes(' `rm'), 'no unescaped backtick');
    assert.ok(md.includes('\\`rm \\-rf\\`'));
    assert.ok(!md.includes('](command:workbench'), 'no injected command link');
    assert.ok(!/(^|[^\\])\$\(zap/.test(md), 'no injected theme icon');
    // Only our own links, and only our commands are enabled.
    assert.deepEqual(
      links(md).map(([c]) => c),
      [Commands.openTimeline, Commands.compareWithLastSuccess, Commands.generateRcaNote, Commands.runDiagnostics],
    );
  });

  it('truncates long fail reasons to ~300 characters on one line', () => {
    const long = `first line\n${'x'.repeat(2000)}`;
    const h = buildHover(runInfo({ fail_reason: long }), NOW);
    const line = h?.markdown.split('\n').find((l) => l.startsWith('**Fail reason:**')) ?? '';
    const text = line.slice('**Fail reason:** '.length);
    assert.ok(text.startsWith('first line x'));
    assert.ok(text.endsWith('…'));
    assert.equal(Array.from(text).length, FAIL_REASON_MAX);
  });

  it('lists at most 5 failed nodes and says how many more', () => {
    const nodes = [1, 2, 3, 4, 5, 6, 7].map((n) => calc(n));
    const md = buildHover(runInfo({}, nodes), NOW)?.markdown ?? '';
    assert.ok(md.includes('**Failed nodes (7):**'));
    assert.equal((md.match(/^- \*\*Node \d\*\*/gm) ?? []).length, 5);
    assert.ok(md.includes('- … and 2 more'));
    const noReason = buildHover(runInfo({}, [calc(1, { fail_reason: null })]), NOW)?.markdown ?? '';
    assert.ok(noReason.includes('- **Node 1**: no fail reason recorded'));
  });
});

describe('hover content: scenarios, requests, unknown, errors', () => {
  it('failing scenario: facts and Open Timeline / Compare (scenario) / RCA links', () => {
    const h = buildHover({ kind: 'scenario', id: SCEN, scenario: scenario() }, NOW);
    assert.ok(h);
    assert.ok(h.markdown.startsWith('$(error) **Scenario** Budget 2026'));
    assert.ok(h.markdown.includes('Model Revenue · status submitted'));
    assert.ok(h.markdown.includes('Last run failed · 2026-03-10 09:00:00 UTC (3 h ago)'));
    assert.ok(h.markdown.includes('Runs: 12 · failed: 4'));
    assert.ok(h.markdown.includes('**Last fail reason:** Node Growth failed'));
    assert.deepEqual(links(h.markdown), [
      [Commands.openTimeline, [{ scenarioId: SCEN }]],
      [Commands.compareWithLastSuccess, [{ scenarioId: SCEN }]],
      [Commands.generateRcaNote, [{ scenarioId: SCEN }]],
    ]);
  });

  it('healthy scenario: no RCA; never failed: no Compare either; never run', () => {
    const healed = buildHover({ kind: 'scenario', id: SCEN, scenario: scenario({ last_run_status: 'success', last_fail_reason: null }) }, NOW);
    assert.deepEqual(healed?.commands, [Commands.openTimeline, Commands.compareWithLastSuccess]);
    assert.ok(!healed?.markdown.includes('fail reason'));
    const clean = buildHover({ kind: 'scenario', id: SCEN, scenario: scenario({ last_run_status: 'success', failed_runs: 0 }) }, NOW);
    assert.deepEqual(clean?.commands, [Commands.openTimeline]);
    const never = buildHover(
      { kind: 'scenario', id: SCEN, scenario: scenario({ last_run_at: null, last_run_id: null, last_run_status: null, runs: 0, failed_runs: 0 }) },
      NOW,
    );
    assert.ok(never?.markdown.includes('Never run'));
  });

  it('request id: what it belongs to, with scenario, time, user and Open Timeline', () => {
    const info: RunInfo = {
      kind: 'request',
      id: RUN,
      matches: [
        { what: 'input_save', scenario_id: SCEN, scenario_name: 'Budget | 2026', run_id: null, node_name: 'Growth *rate*', at: '2026-03-01T10:00:00.000Z', user: 'bob' },
        { what: 'run', scenario_id: SCEN, scenario_name: 'Budget | 2026', run_id: RUN, node_name: null, at: '2026-03-01T10:05:00.000Z', user: null },
        { what: 'scenario_created', scenario_id: SCEN, scenario_name: 'Budget | 2026', run_id: null, node_name: null, at: '2026-02-01T10:00:00.000Z', user: 'carol' },
      ],
    };
    const h = buildHover(info, NOW);
    assert.ok(h);
    assert.ok(h.markdown.startsWith(`$(link) **Request** \`${RUN}\``));
    assert.ok(h.markdown.includes('- Input save of node **Growth \\*rate\\*** in **Budget \\| 2026** · 2026-03-01 10:00:00 UTC · by bob'));
    assert.ok(h.markdown.includes('- Run `3f2a9c1e` of **Budget \\| 2026** · 2026-03-01 10:05:00 UTC'));
    assert.ok(h.markdown.includes('- Scenario created: **Budget \\| 2026** · 2026-02-01 10:00:00 UTC · by carol'));
    assert.deepEqual(links(h.markdown), [[Commands.openTimeline, [{ scenarioId: SCEN }]]]);
    assert.deepEqual(h.commands, [Commands.openTimeline]);
  });

  it('request id spanning scenarios: one Open Timeline per scenario (at most 3), capped list', () => {
    const matches = [1, 2, 3, 4, 5, 6].map((n) => ({
      what: 'run' as const,
      scenario_id: `11111111-1111-4111-8111-00000000000${n}`,
      scenario_name: `S${n}`,
      run_id: null,
      node_name: null,
      at: '2026-03-01T10:00:00.000Z',
      user: null,
    }));
    const h = buildHover({ kind: 'request', id: RUN, matches }, NOW);
    assert.equal(links(h?.markdown ?? '').length, 3);
    assert.ok(h?.markdown.includes('[Open Timeline: S1]'));
    assert.ok(h?.markdown.includes('- … and 1 more'));
    assert.deepEqual(h?.commands, [Commands.openTimeline]);
  });

  it('unknown ids give no hover at all', () => {
    assert.equal(buildHover({ kind: 'unknown', id: RUN }, NOW), undefined);
  });

  it('errors give one short escaped line without commands', () => {
    const h = buildErrorHover(RUN, 'could not connect: <host> | down\nmore');
    assert.equal(h.markdown, 'ClearSight: cannot look up 3f2a9c1e: could not connect: &lt;host&gt; \\| down more');
    assert.deepEqual(h.commands, []);
    assert.equal(lookupErrorText(RUN, 'boom\nstack'), 'ClearSight: cannot look up 3f2a9c1e: boom stack');
    assert.equal(unknownIdText(RUN, 'demo'), `${RUN} is not a known run, scenario or request id in demo`);
  });
});

describe('hover content: Look Up Selection summary', () => {
  it('run: title, facts and the same actions as the hover', () => {
    const info = runInfo({}, [calc(1)]);
    const s = summarize(info as Exclude<RunInfo, { kind: 'unknown' }>, NOW);
    assert.equal(s.title, 'Run 3f2a9c1e failed · Budget 2026');
    assert.deepEqual(
      s.facts.map((f) => f.label),
      ['Run failed', 'Budget 2026', '2026-03-10 09:00:00 UTC · took 4.2 s', 'Error category: other', 'Node Growth failed', 'Node 1'],
    );
    assert.equal(s.facts[0].copy, RUN);
    assert.equal(s.facts[2].detail, 'by alice');
    assert.deepEqual(
      s.actions.map((a) => [a.title, a.command, a.args]),
      [
        ['Open Timeline', Commands.openTimeline, { scenarioId: SCEN }],
        ['Compare with Last Success', Commands.compareWithLastSuccess, { scenarioId: SCEN, runId: RUN }],
        ['RCA Note', Commands.generateRcaNote, { scenarioId: SCEN, runId: RUN }],
        ['Run Diagnostics', Commands.runDiagnostics, { scenarioId: SCEN, runId: RUN }],
      ],
    );
  });

  it('scenario and request summaries', () => {
    const sc = summarize({ kind: 'scenario', id: SCEN, scenario: scenario() }, NOW);
    assert.equal(sc.title, 'Scenario Budget 2026');
    assert.ok(sc.facts.some((f) => f.label.startsWith('Last run failed · 2026-03-10 09:00:00 UTC (3 h ago)')));
    assert.equal(sc.actions.length, 3);
    const rq = summarize(
      {
        kind: 'request',
        id: RUN,
        matches: [{ what: 'scenario_locked', scenario_id: SCEN, scenario_name: 'B', run_id: null, node_name: null, at: '2026-03-01T10:00:00.000Z', user: 'x' }],
      },
      NOW,
    );
    assert.equal(rq.title, 'Request 3f2a9c1e');
    assert.deepEqual(
      rq.facts.map((f) => f.label),
      ['Scenario locked: B · 2026-03-01 10:00:00 UTC · by x'],
    );
    assert.deepEqual(actionsFor({ kind: 'request', id: RUN, matches: [] }), []);
  });
});
