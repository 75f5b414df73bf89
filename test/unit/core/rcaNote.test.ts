import assert from 'node:assert/strict';
import { diffRuns } from '../../../src/core/diff';
import { codeSpan, escapeMarkdown, escapeTableCell, fencedBlock, readable, readableCell, tableCodeSpan, truncate } from '../../../src/core/markdown';
import { buildRcaNote, timelineExcerpt } from '../../../src/core/rcaNote';
import type { RcaNoteInput } from '../../../src/core/rcaNote';
import type {
  ErrorSignature,
  EventType,
  InputChange,
  NodeCalc,
  RunSummary,
  ScenarioListItem,
  SnapshotNode,
  TimelineEvent,
} from '../../../src/core/types';
import { runSummary } from '../fixtures';

// ---------------------------------------------------------------------------------------
// helpers

/**
 * Removes fenced code blocks and inline code spans (CommonMark rules, simplified), leaving
 * the text a renderer would interpret as markdown/HTML.
 */
function stripCode(md: string): string {
  const out: string[] = [];
  let fence: number | null = null;
  for (const line of md.split('\n')) {
    if (fence === null) {
      const open = /^(`{3,})/.exec(line);
      if (open) {
        fence = open[1]!.length;
        continue;
      }
      out.push(line);
    } else {
      const close = /^(`{3,})\s*$/.exec(line);
      if (close && close[1]!.length >= fence) fence = null;
    }
  }
  assert.equal(fence, null, 'every fenced block is closed');
  return out.join('\n').replace(/(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, '');
}

/** The contents of the fenced blocks of a markdown text. */
function fencedContents(md: string): string[] {
  const blocks: string[] = [];
  let fence: number | null = null;
  let cur: string[] = [];
  for (const line of md.split('\n')) {
    if (fence === null) {
      const open = /^(`{3,})/.exec(line);
      if (open) {
        fence = open[1]!.length;
        cur = [];
      }
    } else {
      const close = /^(`{3,})\s*$/.exec(line);
      if (close && close[1]!.length >= fence) {
        fence = null;
        blocks.push(cur.join('\n'));
      } else {
        cur.push(line);
      }
    }
  }
  return blocks;
}

/** Number of cells of a GFM table row (pipes escaped with a backslash do not count). */
function cellCount(row: string): number {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).length;
}

/** Checks that every table in the note has rows with as many cells as its header. */
function assertTablesWellFormed(md: string): number {
  const lines = md.split('\n');
  let tables = 0;
  for (let i = 0; i < lines.length - 1; i++) {
    if (/^\|( --- \|)+$/.test(lines[i + 1]!) && lines[i]!.startsWith('|')) {
      tables++;
      const n = cellCount(lines[i]!);
      assert.equal(cellCount(lines[i + 1]!), n);
      for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j++) {
        assert.equal(cellCount(lines[j]!), n, `row ${j}: ${lines[j]}`);
      }
    }
  }
  return tables;
}

function section(md: string, heading: string): string {
  const start = md.indexOf(`## ${heading}\n`);
  assert.ok(start >= 0, `section ${heading} present`);
  const next = md.indexOf('\n## ', start + 3);
  return md.slice(start, next < 0 ? undefined : next);
}

// ---------------------------------------------------------------------------------------
// fixtures

const EVIL = '<script>alert(1)</script>';
const SCN = '11111111-1111-4111-8111-111111111111';
const RUN_OK = 'aaaaaaaa-0000-4000-8000-000000000001';
const RUN_FAIL = 'bbbbbbbb-0000-4000-8000-000000000002';
const NODE_RATES = 'cccccccc-0000-4000-8000-000000000003';
const NODE_OTHER = 'dddddddd-0000-4000-8000-000000000004';

const scenarioName = `${EVIL} | Prévision – 日本 \`q\` *bold*`;
const failReason = `Node "Rates" failed: ${EVIL} | value \`x\` ${'`'.repeat(3)} fence ${'`'.repeat(5)} and\n\`\`\`\nnot a fence end\n${'`'.repeat(4)}`;

function runOf(id: string, status: RunSummary['run_status'], at: string, reason: string | null): RunSummary {
  const names = { scenario_id: SCN, scenario_name: scenarioName, model_id: 'model-1', model_name: 'Revenue <Model> | v2' };
  const times = { run_at: at, run_complete_at: at.replace('10:00', '10:05'), duration_ms: 300_000 };
  return runSummary({ run_id: id, ...names, run_status: status, ...times, run_by: 'alice|<b>', run_req_id: 'eeeeeeee-0000-4000-8000-000000000005', fail_reason: reason });
}

const scenario: ScenarioListItem = {
  scenario_id: SCN,
  scenario_name: scenarioName,
  status: 'submitted',
  model_id: 'model-1',
  model_name: 'Revenue <Model> | v2',
  last_run_id: RUN_FAIL,
  last_run_at: '2026-03-02T10:00:00.000Z',
  last_run_status: 'failed',
  last_fail_reason: failReason,
  runs: 2,
  failed_runs: 1,
};

const lastSuccess = runOf(RUN_OK, 'success', '2026-03-01T10:00:00.000Z', null);
const failedRun = runOf(RUN_FAIL, 'failed', '2026-03-02T10:00:00.000Z', failReason);

function snapNode(id: string, name: string, hash: string, data: unknown, savedAt: string): SnapshotNode {
  return {
    node_id: id,
    node_name: name,
    node_type: 'input',
    node_group: null,
    node_seq: 1,
    input_hash: hash,
    input_data: data,
    saved_at: savedAt,
    saved_by: 'bob <b@x>',
  };
}

const failedCalc: NodeCalc = {
  calc_id: 'calc-1',
  run_id: RUN_FAIL,
  node_id: NODE_RATES,
  node_name: `Rates ${EVIL}`,
  node_type: 'calc',
  status: 'failed',
  fail_reason: `bad | rate\n${EVIL}`,
  processing_start_at: '2026-03-02T10:00:01.000Z',
  processing_end_at: '2026-03-02T10:00:03.500Z',
  processing_duration: 2.5,
};

function makeDiff() {
  return diffRuns({
    runA: lastSuccess,
    runB: failedRun,
    snapshotA: {
      run_id: RUN_OK,
      scenario_id: SCN,
      run_at: lastSuccess.run_at,
      nodes: [
        snapNode(NODE_RATES, `Rates ${EVIL}`, 'h1', { rates: [0.1, 0.2], 'note|x': 'a' }, '2026-02-28T09:00:00.000Z'),
        snapNode(NODE_OTHER, 'Other', 'o1', { v: 1 }, '2026-02-28T09:00:00.000Z'),
      ],
    },
    snapshotB: {
      run_id: RUN_FAIL,
      scenario_id: SCN,
      run_at: failedRun.run_at,
      nodes: [
        snapNode(NODE_RATES, `Rates ${EVIL}`, 'h2', { rates: [0.1, '0.2`|'], 'note|x': EVIL }, '2026-03-01T12:00:00.000Z'),
        snapNode(NODE_OTHER, 'Other', 'o2', { v: 2 }, '2026-03-01T13:00:00.000Z'),
      ],
    },
    calcsA: [],
    calcsB: [failedCalc],
  });
}

function event(i: number, type: EventType, at: string, runId: string | null, description = `event ${i}`): TimelineEvent {
  return {
    event_type: type,
    event_timestamp: at,
    event_user: 'carol',
    node_id: null,
    node_name: null,
    run_id: runId,
    request_id: null,
    description,
    details: {},
    event_key: `${type}:${String(i).padStart(3, '0')}`,
    scenario_id: SCN,
  };
}

const timeline: TimelineEvent[] = [
  event(1, 'SCENARIO_CREATED', '2026-02-27T08:00:00.000Z', null),
  event(2, 'INPUT_CHANGED', '2026-02-28T09:00:00.000Z', null),
  event(3, 'RUN_STARTED', '2026-03-01T10:00:00.000Z', RUN_OK),
  event(4, 'RUN_COMPLETED', '2026-03-01T10:05:00.000Z', RUN_OK),
  event(5, 'INPUT_CHANGED', '2026-03-01T12:00:00.000Z', null, `rates set to ${EVIL} | pipe`),
  event(6, 'RUN_STARTED', '2026-03-02T10:00:00.000Z', RUN_FAIL),
  event(7, 'NODE_CALC_FAILED', '2026-03-02T10:00:03.500Z', RUN_FAIL),
  event(8, 'RUN_FAILED', '2026-03-02T10:05:00.000Z', RUN_FAIL),
  event(9, 'SCENARIO_UPDATED', '2026-03-03T10:00:00.000Z', null, 'after the failure'),
];

const changes: InputChange[] = [
  {
    node_id: NODE_RATES,
    node_name: `Rates ${EVIL}`,
    changed_at: '2026-03-01T12:00:00.000Z',
    changed_by: 'bob | <b>',
    previous_hash: 'h1',
    current_hash: 'h2',
    change_type: 'VALUE_CHANGED',
    node_data_id: 'ffffffff-0000-4000-8000-000000000006',
    request_id: null,
  },
];

const signature: ErrorSignature = {
  signature: `Node '<s>' failed: ${EVIL}`,
  example: failReason,
  count: 4,
  scenario_ids: [SCN, '22222222-2222-4222-8222-222222222222'],
  run_ids: [RUN_FAIL, 'r2', 'r3', 'r4'],
  model_names: ['Revenue <Model> | v2'],
  first_seen: '2026-02-01T00:00:00.000Z',
  last_seen: '2026-03-02T10:05:00.000Z',
  category: 'other',
};

function input(overrides: Partial<RcaNoteInput> = {}): RcaNoteInput {
  return {
    generatedAt: '2026-03-04T09:00:00.000Z',
    sourceLabel: 'demo <db>',
    scenario,
    failedRun,
    lastSuccess,
    diff: makeDiff(),
    changesBeforeFailure: changes,
    timeline,
    failedNodes: [failedCalc],
    signature,
    links: { powerBiUrl: "https://app.powerbi.com/r?filter=T%2FF%20eq%20'x'" },
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------

describe('markdown helpers', () => {
  it('escapeMarkdown escapes markdown punctuation and HTML', () => {
    assert.equal(escapeMarkdown(EVIL), '&lt;script&gt;alert\\(1\\)&lt;/script&gt;');
    assert.equal(escapeMarkdown('a*b_c`d[e](f)#g+h-i!j|k{l}m\\n~o'), 'a\\*b\\_c\\`d\\[e\\]\\(f\\)\\#g\\+h\\-i\\!j\\|k\\{l\\}m\\\\n\\~o');
    assert.equal(escapeMarkdown('Tom & Jerry'), 'Tom &amp; Jerry');
    assert.equal(escapeMarkdown('&lt;'), '&amp;lt;');
    assert.equal(escapeMarkdown('1. item\n2. x'), '1\\. item\n2\\. x');
    assert.equal(escapeMarkdown('Prévision – 日本'), 'Prévision – 日本');
  });

  it('readable keeps plain text verbatim and puts anything Markdown or HTML would act on in a code span', () => {
    assert.equal(readable('NSCLC 2L – Base case (DE), 50 % share'), 'NSCLC 2L – Base case (DE), 50 % share');
    assert.equal(readable("Crohn's – DE tender: run_id 7"), "Crohn's – DE tender: run_id 7");
    assert.equal(readable(EVIL), '`<script>alert(1)</script>`');
    assert.equal(readable('$(zap) alert'), '`$(zap) alert`');
    assert.equal(readable('*bold* _x_'), '`*bold* _x_`');
    assert.equal(readable('Tom &amp; Jerry'), '`Tom &amp; Jerry`');
    assert.equal(readable('- item'), '`- item`');
    assert.equal(readable('1. first'), '`1. first`');
    assert.equal(readableCell('a | b'), '`a \\| b`');
    assert.equal(readableCell('Price per unit (EUR)'), 'Price per unit (EUR)');
  });

  it('escapeTableCell turns line breaks into spaces and escapes pipes', () => {
    assert.equal(escapeTableCell('a|b\nc\r\nd'), 'a\\|b c d');
    assert.equal(escapeTableCell(''), ' ');
  });

  it('truncate adds an ellipsis and respects code points', () => {
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('abc', 3), 'abc');
    assert.equal(truncate('😀😀😀😀', 3), '😀😀…');
    assert.equal(truncate('abc', 0), '');
  });

  it('codeSpan uses a fence longer than any backtick run inside', () => {
    assert.equal(codeSpan('x'), '`x`');
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('a``b```c'), '````a``b```c````');
    assert.equal(codeSpan('`start'), '`` `start ``');
    assert.equal(codeSpan('two\nlines'), '`two lines`');
    assert.equal(codeSpan(''), '` `');
    assert.equal(tableCodeSpan('a|b'), '`a\\|b`');
  });

  it('fencedBlock cannot be closed from inside', () => {
    const text = 'a\n```\n````\nb';
    const block = fencedBlock(text, 'text');
    assert.equal(block, '`````text\na\n```\n````\nb\n`````');
    assert.deepEqual(fencedContents(block), [text]);
    assert.equal(fencedBlock('x'), '```\nx\n```');
  });
});

describe('timelineExcerpt', () => {
  it('spans from just before the last success through the failed run', () => {
    const rows = timelineExcerpt(timeline, lastSuccess, failedRun);
    const keys = rows.map((r) => ('event' in r ? r.event.event_key.split(':')[1] : 'omitted'));
    // 3 events of context before the last success's run starts (only 2 exist), up to RUN_FAILED.
    assert.deepEqual(keys, ['001', '002', '003', '004', '005', '006', '007', '008']);
  });

  it('keeps head and tail with an omitted marker when too long, at most max rows', () => {
    const many: TimelineEvent[] = [];
    for (let i = 0; i < 60; i++) {
      const at = new Date(Date.UTC(2026, 2, 1, 10, i)).toISOString();
      many.push(event(i, 'INPUT_CHANGED', at, null));
    }
    many.push(event(60, 'RUN_STARTED', '2026-03-01T09:59:00.000Z', RUN_OK));
    many.push(event(61, 'RUN_FAILED', '2026-03-01T12:00:00.000Z', RUN_FAIL));
    const rows = timelineExcerpt(many, { ...lastSuccess, run_at: '2026-03-01T09:59:00.000Z' }, failedRun, 25);
    assert.equal(rows.length, 25);
    const omitted = rows.filter((r) => 'omitted' in r);
    assert.equal(omitted.length, 1);
    const last = rows[rows.length - 1]!;
    assert.ok('event' in last && last.event.event_type === 'RUN_FAILED');
    const first = rows[0]!;
    assert.ok('event' in first && first.event.event_type === 'RUN_STARTED');
    const shown = rows.filter((r) => 'event' in r).length;
    assert.equal(shown + (omitted[0] as { omitted: number }).omitted, 62);
  });

  it('without a last success shows the events leading up to the failure', () => {
    const rows = timelineExcerpt(timeline, null, failedRun, 3);
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[0], { omitted: 6 });
    const last = rows[2]!;
    assert.ok('event' in last && last.event.event_type === 'RUN_FAILED');
  });

  it('is empty when no event precedes the failure', () => {
    assert.deepEqual(timelineExcerpt([], lastSuccess, failedRun), []);
  });
});

describe('buildRcaNote', () => {
  it('has the title and all sections in order', () => {
    const md = buildRcaNote(input());
    const firstLine = md.split('\n')[0]!;
    assert.equal(
      firstLine,
      '# RCA: ``<script>alert(1)</script> | Prévision – 日本 `q` *bold*`` — run bbbbbbbb failed',
    );
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    assert.deepEqual(headings, [
      '## Summary',
      '## Verdict',
      '## What changed before the failure',
      '## Failing nodes',
      '## Timeline excerpt',
      '## Same error elsewhere',
      '## Reproduce',
    ]);
    assert.ok(md.endsWith('\n'));
  });

  it('names the environment it was read in, in the summary and the footer; none: no such line', () => {
    const md = buildRcaNote(input({ environment: 'UAT <eu>' }));
    assert.match(section(md, 'Summary'), /^- \*\*Environment:\*\* `UAT <eu>` \(/m);
    assert.match(md, /in environment `UAT <eu>`\._\n$/);
    assert.doesNotMatch(buildRcaNote(input()), /Environment:|in environment/);
  });

  it('never contains raw HTML from user text outside code, and keeps unicode', () => {
    const md = buildRcaNote(input());
    const prose = stripCode(md);
    assert.ok(!prose.includes('<script'), 'no raw <script> outside code');
    // The only raw '<' left outside code is the angle-bracket link destination.
    const withoutLink = prose.replace(/\]\(<https:[^>\s]*>\)/g, '](link)');
    assert.ok(!withoutLink.includes('<'), withoutLink.split('\n').filter((l) => l.includes('<')).join('\n'));
    assert.ok(md.includes('Prévision – 日本'));
    assert.ok(md.includes('**Model:** `Revenue <Model> | v2`'));
    // Reads cleanly raw: no HTML entities and no backslash escapes of ordinary punctuation.
    assert.doesNotMatch(md, /&lt;|&gt;|&amp;/);
    assert.doesNotMatch(prose, /\\[()[\]*_#+!.<>-]/);
    // Safe rendered: no emphasis, link, image or theme icon syntax from the data outside code.
    assert.doesNotMatch(prose, /\*bold\*|\$\(|\]\((?!<https)/);
  });

  it('puts the fail reason verbatim in a fenced block that it cannot break out of', () => {
    const md = buildRcaNote(input());
    const summary = section(md, 'Summary');
    const blocks = fencedContents(summary);
    assert.deepEqual(blocks, [failReason]);
    assert.ok(summary.includes(`${'`'.repeat(6)}text\n`), 'fence longer than the 5-backtick run inside');
  });

  it('renders well-formed tables even with pipes and newlines in the data', () => {
    const md = buildRcaNote(input());
    assert.ok(assertTablesWellFormed(md) >= 4);
  });

  it('summarises the run', () => {
    const summary = section(buildRcaNote(input()), 'Summary');
    assert.ok(summary.includes('**failed**'));
    assert.ok(summary.includes('started 2026-03-02T10:00:00.000Z, ended 2026-03-02T10:05:00.000Z'));
    assert.ok(summary.includes('**Duration:** 5 min 0 s'));
    assert.ok(summary.includes('**Run by:** `alice|<b>`'));
    assert.ok(summary.includes(`**Last success:** run \`${RUN_OK}\``));
    assert.ok(summary.includes('`Revenue <Model> | v2`'));
  });

  it('names the top-ranked input as likely cause with its evidence, paths and values, then the runners-up', () => {
    const cause = section(buildRcaNote(input()), 'Verdict');
    assert.match(cause, /^## Verdict\n\nLikely cause: `Rates <script>alert\(1\)<\/script>` changed — its own calculation failed in this run \(judged on the database alone, no logs read\)\. _Confidence: strong\._\n/);
    assert.ok(cause.includes('**`Rates <script>alert(1)</script>`** changed between the last success (run `aaaaaaaa`) and the failed run — saved at 2026-03-01T12:00:00.000Z by `bob <b@x>`. Why it ranks first (score 9.25):'), cause);
    assert.ok(cause.includes('\n- its own calculation failed in this run\n- the fail reason contains its new value `"<script>alert(1)</script>"`\n'), cause);
    assert.ok(cause.includes('| `$.rates[1]` | type | `0.2` | ``"0.2`\\|"`` |'), cause);
    assert.ok(cause.includes('| `$["note\\|x"]` | changed | `"a"` | `"<script>alert(1)</script>"` |'), cause);
    assert.ok(cause.includes('Runners-up:\n\n2. **Other** (changed, score 0.5): only the order of the saves'), cause);
    assert.ok(!cause.includes('Other changed nodes'));
  });

  it('says the evidence is weak, naming no cause, when only circumstantial evidence ranks the inputs', () => {
    const d = makeDiff();
    const weak = {
      ...d,
      changed: d.changed.map((c) => ({ ...c, failed_in_b: false, score: 0.5, evidence: [{ signal: 'recency', detail: 'the last save before the failed run' }] })),
      confidence: 'weak' as const,
      verdict: { kind: 'unknown' as const, node_id: null, summary: 'Possible causes, none decisive: only circumstantial evidence (the order of the saves) points at `Other`.' },
    };
    const cause = section(buildRcaNote(input({ diff: weak })), 'Verdict');
    assert.match(cause, /^## Verdict\n\nPossible causes, none decisive: only circumstantial evidence \(the order of the saves\) points at `Other`\. _Confidence: weak\._\n\nWhat points at each input that changed since the last success \(run `aaaaaaaa`\):\n\n1\. \*\*/);
    assert.ok(!cause.includes('Likely cause'));
    assert.ok(!cause.includes('Why it ranks first'));
  });

  it('blames no input for a failure of the platform, and lists what changed as not blamed', () => {
    const d = makeDiff();
    const infra = {
      ...d,
      confidence: 'none' as const,
      verdict: { kind: 'infrastructure' as const, node_id: null, summary: 'Not an input: the failure looks like an out-of-memory kill — the fail reason reads `MemoryError`.' },
    };
    const cause = section(buildRcaNote(input({ diff: infra })), 'Verdict');
    assert.match(cause, /^## Verdict\n\nNot an input: the failure looks like an out-of-memory kill — the fail reason reads `MemoryError`\. _Confidence: none\._\n\nInputs that changed since the last success \(run `aaaaaaaa`\), none blamed: \*\*/);
    assert.ok(!/Likely cause|Why it ranks first|Runners-up/.test(cause), cause);
  });

  it('evidence and names with markup, icons, pipes and backticks read cleanly raw and stay inert rendered', () => {
    const d = makeDiff();
    const name = 'Share $(zap) | `x` <img src=x onerror=alert(1)> _a_';
    const changed = d.changed.map((c, i) =>
      i === 0 ? { ...c, node_name: name, evidence: [{ signal: 'named_in_reason', detail: `named in the fail reason of ${codeSpan(name)}` }], score: 6 } : c,
    );
    const md = buildRcaNote(input({ diff: { ...d, changed, verdict: { ...d.verdict, summary: `Likely cause: ${codeSpan(name)} changed.` } } }));
    const cause = section(md, 'Verdict');
    assert.ok(cause.includes(`**${codeSpan(name)}** changed`), cause);
    assert.ok(cause.includes(`- named in the fail reason of ${codeSpan(name)}`));
    const prose = stripCode(cause);
    assert.doesNotMatch(prose, /\$\(|<img|\|\s*`x`|_a_/);
    assert.doesNotMatch(cause, /&lt;|\\\(/);
    assertTablesWellFormed(md);
  });

  it('says no input changed when the diff is empty, with a hint', () => {
    const d = makeDiff();
    const cause = section(buildRcaNote(input({ diff: { ...d, changed: [], added: [], removed: [] } })), 'Verdict');
    assert.match(cause, /No input changed since the last success/);
    assert.match(cause, /check the node calcs/);
    const timeoutCause = section(
      buildRcaNote(
        input({ failedRun: { ...failedRun, run_status: 'timeout' }, diff: { ...d, changed: [], added: [], removed: [] } }),
      ),
      'Verdict',
    );
    assert.match(timeoutCause, /timed out/);
  });

  it('handles a failure without any previous success', () => {
    const md = buildRcaNote(input({ lastSuccess: null, diff: null, changesBeforeFailure: [] }));
    assert.match(section(md, 'Verdict'), /No successful run precedes this failure/);
    assert.match(section(md, 'Summary'), /Last success:\*\* none/);
    const repro = section(md, 'Reproduce');
    assert.ok(!repro.includes(' diff '), 'no diff command without a baseline');
    assert.ok(repro.includes(`clearsight-rca snapshot ${RUN_FAIL}`));
  });

  it('lists changes, failing nodes, timeline and signature', () => {
    const md = buildRcaNote(input());
    const changed = section(md, 'What changed before the failure');
    assert.ok(changed.includes('| 2026-03-01T12:00:00.000Z | `Rates <script>alert(1)</script>`'), changed);
    assert.ok(changed.includes('`bob \\| <b>`'), changed);
    assert.ok(changed.includes('value changed'));
    const failing = section(md, 'Failing nodes');
    assert.ok(failing.includes('`bad \\| rate <script>alert(1)</script>`'), failing);
    assert.ok(failing.includes('2.5 s'));
    const tl = section(md, 'Timeline excerpt');
    assert.ok(tl.includes('**RUN_FAILED**'));
    assert.ok(tl.includes('(failed run)') && tl.includes('(last success)'));
    assert.ok(!tl.includes('after the failure'));
    assert.ok(tl.includes('`rates set to <script>'), tl);
    const same = section(md, 'Same error elsewhere');
    assert.ok(same.includes('4 failed runs in 2 scenarios'));
    assert.ok(same.includes('`22222222-2222-4222-8222-222222222222`'));
    assert.ok(!same.includes(`\`${SCN}\``), 'this scenario is not listed as "other"');
    assert.ok(same.includes('**First seen:** 2026-02-01T00:00:00.000Z'));
  });

  it('shows reproduce commands with ids and the Power BI link', () => {
    const repro = section(buildRcaNote(input({ cliName: 'npx clearsight-rca' })), 'Reproduce');
    // An unsafe cliName falls back to the default.
    assert.deepEqual(fencedContents(repro), [
      [
        `clearsight-rca snapshot ${RUN_FAIL}`,
        `clearsight-rca diff ${RUN_OK} ${RUN_FAIL}`,
        `clearsight-rca timeline ${SCN}`,
      ].join('\n'),
    ]);
    assert.ok(repro.includes(`**Scenario id:** \`${SCN}\``));
    assert.ok(repro.includes("[Open in Power BI](<https://app.powerbi.com/r?filter=T%2FF%20eq%20'x'>)"));
    const custom = section(buildRcaNote(input({ cliName: 'csrca' })), 'Reproduce');
    assert.ok(custom.includes(`csrca snapshot ${RUN_FAIL}`));
    const noLink = buildRcaNote(input({ links: { powerBiUrl: 'javascript:alert(1)' } }));
    assert.ok(!noLink.includes('javascript:'));
  });

  it('shell-quotes unusual ids in commands', () => {
    const odd = { ...failedRun, run_id: "x'; rm -rf /" };
    const repro = section(buildRcaNote(input({ failedRun: odd })), 'Reproduce');
    assert.ok(repro.includes(`clearsight-rca snapshot 'x'\\''; rm -rf /'`));
  });

  it('is deterministic and uses generatedAt, not the clock', () => {
    const a = buildRcaNote(input());
    const b = buildRcaNote(input());
    assert.equal(a, b);
    assert.ok(a.includes('at 2026-03-04T09:00:00.000Z from `demo <db>`'));
    const c = buildRcaNote(input({ generatedAt: '2030-01-01T00:00:00.000Z' }));
    assert.notEqual(a, c);
  });

  it('copes with missing optional data', () => {
    const md = buildRcaNote(
      input({ failedRun: { ...failedRun, fail_reason: null, run_by: null }, failedNodes: [], timeline: [], signature: null, links: undefined }),
    );
    assert.match(md, /No fail reason recorded/);
    assert.match(md, /No node calculation failed/);
    assert.match(md, /No timeline events/);
    assert.match(md, /The run has no fail reason to match/);
    assert.ok(!md.includes('Open in Power BI'));
    assertTablesWellFormed(md);
  });
});

describe('buildRcaNote: error category and errors in the logs', () => {
  const stack = ['Traceback (most recent call last):', ...Array.from({ length: 20 }, (_, i) => `  File "/app/m${i}.py", line ${i}, in f${i}`), 'ZeroDivisionError: division by zero'].join('\n');

  it('shows the category in the summary and the first error line with its trimmed stack and source', () => {
    const md = buildRcaNote(
      input({
        category: { category: 'calculation', rule: 'calculation (arithmetic, convergence)', from: 'logs' },
        logs: {
          searched: ['logs/*.log'],
          firstError: { timestamp: '2026-03-02T10:04:00.000Z', level: 'ERROR', message: `node failed ${EVIL}`, stack, source: 'files', location: 'logs/engine.log:42' },
          errorCount: 2,
          problems: ['cloudwatch: no permission to read log group /x in eu-west-1 (AccessDeniedException)'],
        },
      }),
    );
    assert.match(md, /- \*\*Error category:\*\* calculation \(from the logs\)/);
    const section = md.slice(md.indexOf('## Errors in the logs'), md.indexOf('## Timeline excerpt'));
    assert.ok(md.indexOf('## Failing nodes') < md.indexOf('## Errors in the logs'));
    assert.match(section, /First of 2 error lines, 2026-03-02T10:04:00\.000Z, files: `logs\/engine\.log:42`/);
    assert.match(section, /AccessDeniedException/);
    // The stack: first line, a marker, the last lines (the exception) — 12 lines in all.
    const block = section.slice(section.indexOf('```text\n') + 8, section.lastIndexOf('\n```'));
    const lines = block.split('\n');
    assert.equal(lines[0], `node failed ${EVIL}`);
    assert.equal(lines[1], 'Traceback (most recent call last):');
    assert.equal(lines[2], '… 11 lines …');
    assert.equal(lines.at(-1), 'ZeroDivisionError: division by zero');
    assert.equal(lines.length, 13);
    assert.doesNotMatch(section.replace(/(`{3,})text\n[\s\S]*?\n\1/g, ''), /<script>/);
  });

  it('says when the logs hold no error line, and leaves the section out without log sources', () => {
    const none = buildRcaNote(input({ logs: { searched: ['/var/log/engine/*.log'], firstError: null, errorCount: 0, problems: [] } }));
    assert.ok(none.includes('## Errors in the logs\n\n_No error line for this run in `/var/log/engine/*.log`._'), none);
    assert.doesNotMatch(buildRcaNote(input()), /Errors in the logs|Error category/);
  });
});
