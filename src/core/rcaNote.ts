import type { Categorized } from './errorCategory';
import { summarizeValue } from './jsonDiff';
import { candidatesOfDiff } from './diff';
import { codeSpan, escapeMarkdown, fencedBlock, readable, readableCell, tableCodeSpan, tableHeader, tableRow, truncate } from './markdown';
import { withheldValuesSentence } from './privacy';
import { compareIso, formatDuration } from './time';
import type {
  DiffChangedNode,
  ErrorSignature,
  InputChange,
  Iso,
  NodeCalc,
  RunDiff,
  RunSummary,
  ScenarioListItem,
  TimelineEvent,
} from './types';

export interface RcaNoteInput {
  /** Shown in the footer; passed in so the note is deterministic. */
  generatedAt: Iso;
  /** Where the data came from, e.g. `postgres://host/db` (no credentials) or `demo`. */
  sourceLabel: string;
  /** The named environment the data was read in (Production, UAT…); absent: not shown. */
  environment?: string;
  scenario: ScenarioListItem;
  failedRun: RunSummary;
  lastSuccess: RunSummary | null;
  /** diffRuns(lastSuccess, failedRun), null when there is no baseline. */
  diff: RunDiff | null;
  /** Input saves between the last success and the failed run. */
  changesBeforeFailure: InputChange[];
  /** The scenario's timeline; the note shows an excerpt around last success → failure. */
  timeline: TimelineEvent[];
  failedNodes: NodeCalc[];
  /** Where else the same error occurs. */
  signature: ErrorSignature | null;
  links?: { powerBiUrl?: string };
  /** Command name used in the Reproduce section (default `clearsight-rca`). */
  cliName?: string;
  /** The failure's error category (src/core/errorCategory.ts); absent: not shown. */
  category?: Categorized | null;
  /** What the run's logs say; absent or null: no log source was configured (no section). */
  logs?: RcaLogs | null;
}

/** The "Errors in the logs" section's input. */
export interface RcaLogs {
  /** What was searched (file globs, log groups). */
  searched: string[];
  /** The first ERROR/FATAL record of the run, or null. */
  firstError: { timestamp: Iso | null; level: string | null; message: string; stack: string | null; source: string; location: string } | null;
  /** Error records in all. */
  errorCount: number;
  /** Sources that could not be searched, with why. */
  problems: string[];
}

/** Stack lines shown in a note: the first and the last ones (where the exception is). */
export const NOTE_STACK_LINES = 12;

export const TIMELINE_EXCERPT_MAX_ROWS = 25;
/** Events shown before the last success's run starts. */
export const TIMELINE_CONTEXT_BEFORE = 3;
/** Rows kept at the start of a too long excerpt (the rest come from the end). */
const TIMELINE_HEAD_ROWS = 5;
const MAX_PATH_ROWS = 15;
const MAX_CHANGE_ROWS = 50;
const MAX_FAILED_NODE_ROWS = 50;
const CELL_TEXT = 160;
const VALUE_TEXT = 60;

export type TimelineExcerptRow = { event: TimelineEvent } | { omitted: number };

/**
 * The timeline rows shown in the note: events sorted by time (then event_key), from
 * TIMELINE_CONTEXT_BEFORE events before the last success's run through the failed run's
 * last event (or its completion time when it has no event of its own). Without a last
 * success the excerpt ends at the failure and starts as early as allowed. At most `max`
 * rows: when longer, the first rows and the last rows are kept with one `omitted` row
 * between them (without a last success only the last rows are kept).
 */
export function timelineExcerpt(
  events: TimelineEvent[],
  lastSuccess: RunSummary | null,
  failedRun: RunSummary,
  max = TIMELINE_EXCERPT_MAX_ROWS,
): TimelineExcerptRow[] {
  const sorted = [...events].sort(
    (a, b) => compareIso(a.event_timestamp, b.event_timestamp) || (a.event_key < b.event_key ? -1 : a.event_key > b.event_key ? 1 : 0),
  );
  let end = -1;
  for (let i = sorted.length - 1; i >= 0; i--) {
    if (sorted[i]!.run_id === failedRun.run_id) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    const limit = failedRun.run_complete_at ?? failedRun.run_at;
    for (let i = sorted.length - 1; i >= 0; i--) {
      if (compareIso(sorted[i]!.event_timestamp, limit) <= 0) {
        end = i;
        break;
      }
    }
  }
  if (end < 0 || max <= 0) return [];
  let start = 0;
  if (lastSuccess) {
    let anchor = sorted.findIndex(
      (e) => e.run_id === lastSuccess.run_id || compareIso(e.event_timestamp, lastSuccess.run_at) >= 0,
    );
    if (anchor < 0 || anchor > end) anchor = end;
    start = Math.max(0, anchor - TIMELINE_CONTEXT_BEFORE);
  }
  const slice = sorted.slice(start, end + 1);
  if (slice.length <= max) return slice.map((event) => ({ event }));
  if (max === 1) return [{ event: slice[slice.length - 1]! }];
  const head = lastSuccess ? Math.min(TIMELINE_HEAD_ROWS, Math.floor((max - 1) / 2)) : 0;
  const tail = max - 1 - head;
  return [
    ...slice.slice(0, head).map((event) => ({ event })),
    { omitted: slice.length - head - tail },
    ...slice.slice(slice.length - tail).map((event) => ({ event })),
  ];
}

// ---------------------------------------------------------------------------------------
// formatting helpers

/** User text on one line: verbatim when it reads the same raw and rendered, else a code span. */
function inline(text: string | null | undefined, fallback = '—'): string {
  if (text === null || text === undefined || text.trim() === '') return fallback;
  return readable(text);
}

function cell(text: string | null | undefined, max = CELL_TEXT): string {
  if (text === null || text === undefined || text.trim() === '') return '—';
  return readableCell(truncate(text.replace(/\s+/g, ' ').trim(), max));
}

const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/** A timestamp as text: ISO strings verbatim (nothing to escape), anything else escaped. */
function ts(iso: Iso | null | undefined): string {
  if (!iso) return '—';
  return ISO_SHAPE.test(iso) ? iso : readable(iso);
}

function shortId(id: string): string {
  return id.slice(0, 8);
}

function idSpan(id: string | null | undefined, table = false): string {
  if (!id) return '—';
  return table ? tableCodeSpan(id) : codeSpan(id);
}

function shortSpan(id: string | null | undefined, table = false): string {
  return id ? idSpan(shortId(id), table) : '—';
}

/** Shell-safe argument. */
function shellArg(arg: string): string {
  return /^[A-Za-z0-9_./:@=-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A link target for `[text](<url>)`: only http(s), no characters that end the destination. */
function safeLinkTarget(url: string): string | null {
  if (!/^https?:\/\//i.test(url)) return null;
  return url.replace(/[\s<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** formatDuration output (digits, letters, spaces, —) needs no escaping. */
function seconds(s: number | null): string {
  return s === null ? '—' : formatDuration(s * 1000);
}

const STATUS_WORD: Record<string, string> = { failed: 'failed', timeout: 'timed out', success: 'succeeded' };

// ---------------------------------------------------------------------------------------
// sections

function summarySection(input: RcaNoteInput): string[] {
  const { scenario, failedRun: run, lastSuccess } = input;
  const lines = [
    '## Summary',
    '',
    ...(input.environment ? [`- **Environment:** ${inline(input.environment)} (${inline(input.sourceLabel)})`] : []),
    `- **Scenario:** ${inline(scenario.scenario_name)} (${idSpan(scenario.scenario_id)}), status ${inline(scenario.status)}`,
    `- **Model:** ${inline(run.model_name || scenario.model_name)}`,
    `- **Run:** ${idSpan(run.run_id)} — **${inline(STATUS_WORD[run.run_status] ?? run.run_status)}**`,
    `- **When:** started ${ts(run.run_at)}, ended ${ts(run.run_complete_at)}`,
    `- **Duration:** ${formatDuration(run.duration_ms)}`,
    `- **Run by:** ${inline(run.run_by)}`,
  ];
  if (run.run_req_id) lines.push(`- **Request id:** ${idSpan(run.run_req_id)}`);
  lines.push(
    lastSuccess
      ? `- **Last success:** run ${idSpan(lastSuccess.run_id)} at ${ts(lastSuccess.run_at)} by ${inline(lastSuccess.run_by)}`
      : '- **Last success:** none before this failure',
  );
  if (input.category) lines.push(`- **Error category:** ${inline(input.category.category)}${input.category.from === 'logs' ? ' (from the logs)' : ''}`);
  lines.push('', '**Fail reason:**', '');
  if (run.fail_reason && run.fail_reason.trim() !== '') lines.push(fencedBlock(run.fail_reason, 'text'));
  else lines.push('_No fail reason recorded on the run._');
  return lines;
}

/** A node whose values the reporting copy withholds: the paths its save changed, no values. */
function withheldPaths(node: DiffChangedNode): string[] {
  if (node.paths.length === 0) return ['Its values are withheld in this reporting copy, and no changed path is recorded for the save in force.'];
  const shown = node.paths.slice(0, MAX_PATH_ROWS).map((p) => codeSpan(p));
  const more = node.paths.length - shown.length;
  return [`Changed paths (values withheld): ${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}.`];
}

function pathTable(node: DiffChangedNode): string[] {
  if (node.values_withheld) return withheldPaths(node);
  if (node.path_changes.length === 0) {
    return ['The stored hash changed but the JSON data is identical (re-saved with the same content).'];
  }
  const lines = [tableHeader(['Path', 'Change', 'Before', 'After'])];
  for (const p of node.path_changes.slice(0, MAX_PATH_ROWS)) {
    lines.push(
      tableRow([
        tableCodeSpan(p.path),
        readableCell(p.kind),
        tableCodeSpan(summarizeValue(p.before, VALUE_TEXT)),
        tableCodeSpan(summarizeValue(p.after, VALUE_TEXT)),
      ]),
    );
  }
  const more = node.path_changes.length - MAX_PATH_ROWS;
  if (more > 0) lines.push('', `… and ${more} more changed path${more === 1 ? '' : 's'}.`);
  return lines;
}

const CHANGE_WORD = { changed: 'changed', added: 'got a value', removed: 'lost its value' } as const;

/** Evidence of a candidate as list items (details are our words with data in code spans). */
function evidenceItems(evidence: ReadonlyArray<{ detail: string }>): string[] {
  return evidence.map((e) => `- ${e.detail}`);
}

/** What changed, most likely first, as `**name** (changed)` (at most 10 named). */
function changedList(ranked: ReadonlyArray<{ node_name: string; change: keyof typeof CHANGE_WORD }>): string {
  const names = ranked.slice(0, 10).map((c) => `**${inline(c.node_name)}** (${CHANGE_WORD[c.change]})`);
  return `${names.join(', ')}${ranked.length > 10 ? `, and ${ranked.length - 10} more` : ''}`;
}

/**
 * The verdict (src/core/culprit/verdict.ts, computed once with the diff): its first paragraph
 * is the verdict's own sentence, in the words of its confidence ("Likely cause" only when
 * strong; "Possible causes, none decisive" when weak; "Not an input: …" for a failure of the
 * platform), then the evidence behind it.
 */
function verdictSection(input: RcaNoteInput): string[] {
  const { diff, lastSuccess, failedRun } = input;
  const lines = ['## Verdict', ''];
  const timeoutHint =
    failedRun.run_status === 'timeout'
      ? ' The run timed out: compare node calc durations with the last success and check the scenario size and server load.'
      : '';
  if (!lastSuccess) {
    lines.push(
      'No successful run precedes this failure, so there is no baseline to compare the inputs with. ' +
        `Start from the fail reason and the failing nodes below.${timeoutHint}`,
    );
    return lines;
  }
  const baseline = `the last success (run ${shortSpan(lastSuccess.run_id)})`;
  if (!diff) {
    lines.push(`No input diff was computed. Compare the inputs with ${baseline} using the commands under Reproduce.${timeoutHint}`);
    return lines;
  }
  const ranked = candidatesOfDiff(diff);
  lines.push(`${diff.verdict.summary} _Confidence: ${diff.confidence}._`, '');
  if (diff.verdict.kind === 'infrastructure') {
    lines.push(
      ranked.length === 0
        ? `No input changed since ${baseline}. Check the platform: the failing nodes, the logs and the same error elsewhere below.${timeoutHint}`
        : `Inputs that changed since ${baseline}, none blamed: ${changedList(ranked)}. Rerun the scenario before undoing any of them.${timeoutHint}`,
    );
    return lines;
  }
  if (ranked.length === 0) {
    lines.push(
      `No input changed since ${baseline}. The cause is probably not an input edit: check the node calcs ` +
        `(failing nodes and durations below), timeouts and the calculation environment.${timeoutHint}`,
    );
    return lines;
  }
  const changedOf = (id: string): DiffChangedNode | undefined => diff.changed.find((c) => c.node_id === id);
  if (diff.confidence === 'strong') {
    const top = ranked[0]!;
    const topChanged = top.change === 'changed' ? changedOf(top.node_id) : undefined;
    const saved = topChanged ? ` — saved at ${ts(topChanged.after.saved_at)} by ${inline(topChanged.after.saved_by)}` : '';
    lines.push(`**${inline(top.node_name)}** ${CHANGE_WORD[top.change]} between ${baseline} and the failed run${saved}. Why it ranks first (score ${top.score}):`, '');
    lines.push(...evidenceItems(top.evidence));
    if (topChanged) lines.push('', ...pathTable(topChanged));
  }
  const shown = diff.confidence === 'strong' ? ranked.slice(1, 3) : ranked.slice(0, 3);
  if (shown.length > 0) {
    lines.push(...(diff.confidence === 'strong' ? ['', 'Runners-up:', ''] : [`What points at each input that changed since ${baseline}:`, '']));
    const first = diff.confidence === 'strong' ? 2 : 1;
    shown.forEach((c, i) => {
      const why = c.evidence.filter((e) => e.signal !== 'recency').map((e) => e.detail);
      lines.push(`${i + first}. **${inline(c.node_name)}** (${CHANGE_WORD[c.change]}, score ${c.score}): ${why.length > 0 ? why.join('; ') : 'only the order of the saves'}`);
    });
  }
  const others = ranked.slice(3);
  if (others.length > 0) {
    const names = others.slice(0, 10).map((n) => inline(n.node_name));
    const rest = others.length > 10 ? `, and ${others.length - 10} more` : '';
    lines.push('', `Other changed nodes: ${names.join(', ')}${rest}.`);
  }
  if (timeoutHint) lines.push('', timeoutHint.trim());
  return lines;
}

function changesSection(input: RcaNoteInput): string[] {
  const lines = ['## What changed before the failure', ''];
  const changes = [...input.changesBeforeFailure].sort(
    (a, b) => compareIso(a.changed_at, b.changed_at) || (a.node_name < b.node_name ? -1 : a.node_name > b.node_name ? 1 : 0),
  );
  if (changes.length === 0) {
    lines.push(
      input.lastSuccess
        ? '_No input was saved between the last success and the failed run._'
        : '_No input saves recorded before the failed run._',
    );
    return lines;
  }
  lines.push(tableHeader(['Saved at', 'Node', 'Change', 'By', 'Hash before → after', 'Request']));
  for (const c of changes.slice(0, MAX_CHANGE_ROWS)) {
    lines.push(
      tableRow([
        ts(c.changed_at),
        cell(c.node_name),
        c.change_type === 'INITIAL_VALUE' ? 'initial value' : 'value changed',
        cell(c.changed_by),
        `${shortSpan(c.previous_hash, true)} → ${shortSpan(c.current_hash, true)}`,
        shortSpan(c.request_id, true),
      ]),
    );
  }
  const more = changes.length - MAX_CHANGE_ROWS;
  if (more > 0) lines.push('', `… and ${more} more.`);
  return lines;
}

function failingNodesSection(input: RcaNoteInput): string[] {
  const lines = ['## Failing nodes', ''];
  if (input.failedNodes.length === 0) {
    lines.push('_No node calculation failed: the run failed at scenario level (see the fail reason and timeline)._');
    return lines;
  }
  const nodes = [...input.failedNodes].sort(
    (a, b) =>
      compareIso(a.processing_start_at, b.processing_start_at) ||
      (a.node_name < b.node_name ? -1 : a.node_name > b.node_name ? 1 : 0),
  );
  lines.push(tableHeader(['Node', 'Type', 'Status', 'Started', 'Duration', 'Fail reason']));
  for (const n of nodes.slice(0, MAX_FAILED_NODE_ROWS)) {
    lines.push(
      tableRow([
        cell(n.node_name),
        cell(n.node_type),
        cell(n.status),
        ts(n.processing_start_at),
        seconds(n.processing_duration),
        cell(n.fail_reason, 300),
      ]),
    );
  }
  const more = nodes.length - MAX_FAILED_NODE_ROWS;
  if (more > 0) lines.push('', `… and ${more} more.`);
  return lines;
}

const ALARM_EVENTS = new Set(['RUN_FAILED', 'RUN_TIMEOUT', 'NODE_CALC_FAILED']);

/** A stack for a note: at most NOTE_STACK_LINES lines, the first and the last ones kept. */
export function trimStack(stack: string, max = NOTE_STACK_LINES): string {
  const lines = stack.split('\n');
  if (lines.length <= max) return stack;
  const tail = lines.slice(lines.length - (max - 2));
  return [lines[0], `… ${lines.length - 1 - tail.length} lines …`, ...tail].join('\n');
}

function logsSection(input: RcaNoteInput): string[] {
  const logs = input.logs;
  if (!logs) return [];
  const lines = ['## Errors in the logs', ''];
  const searched = logs.searched.map((s) => inline(s)).join('; ');
  for (const p of logs.problems) lines.push(`- ${inline(p)}`);
  if (logs.problems.length > 0) lines.push('');
  const e = logs.firstError;
  if (!e) {
    lines.push(`_No error line for this run in ${searched || 'the configured logs'}._`);
    return lines;
  }
  lines.push(
    `First of ${logs.errorCount} error line${logs.errorCount === 1 ? '' : 's'}, ${ts(e.timestamp)}, ${inline(e.source)}: ${codeSpan(e.location)}`,
    '',
    fencedBlock(e.stack ? `${e.message}\n${trimStack(e.stack)}` : e.message, 'text'),
  );
  return lines;
}

function timelineSection(input: RcaNoteInput): string[] {
  const lines = ['## Timeline excerpt', ''];
  const rows = timelineExcerpt(input.timeline, input.lastSuccess, input.failedRun);
  if (rows.length === 0) {
    lines.push('_No timeline events recorded up to the failure._');
    return lines;
  }
  lines.push(tableHeader(['Time', 'Event', 'Node', 'User', 'Run', 'Description']));
  for (const row of rows) {
    if ('omitted' in row) {
      lines.push(tableRow(['…', `_${row.omitted} events omitted_`, ' ', ' ', ' ', ' ']));
      continue;
    }
    const e = row.event;
    const type = readableCell(e.event_type);
    let run = shortSpan(e.run_id, true);
    if (e.run_id && e.run_id === input.failedRun.run_id) run += ' (failed run)';
    else if (e.run_id && e.run_id === input.lastSuccess?.run_id) run += ' (last success)';
    lines.push(
      tableRow([
        ts(e.event_timestamp),
        ALARM_EVENTS.has(e.event_type) ? `**${type}**` : type,
        cell(e.node_name),
        cell(e.event_user),
        run,
        cell(e.description),
      ]),
    );
  }
  return lines;
}

function signatureSection(input: RcaNoteInput): string[] {
  const lines = ['## Same error elsewhere', ''];
  const sig = input.signature;
  if (!sig) {
    lines.push(
      input.failedRun.fail_reason ? '_No signature information available._' : '_The run has no fail reason to match._',
    );
    return lines;
  }
  const others = sig.scenario_ids.filter((id) => id !== input.scenario.scenario_id);
  lines.push(
    `- **Signature:** ${codeSpan(truncate(sig.signature, 200))}`,
    `- **Occurrences:** ${sig.count} failed run${sig.count === 1 ? '' : 's'} in ${sig.scenario_ids.length} scenario${sig.scenario_ids.length === 1 ? '' : 's'}`,
    `- **Models:** ${sig.model_names.length ? sig.model_names.map((m) => inline(m)).join(', ') : '—'}`,
  );
  if (others.length === 0) {
    lines.push('- **Other scenarios:** none — this error has only been seen in this scenario');
  } else {
    const shown = others.slice(0, 10).map((id) => idSpan(id));
    const rest = others.length > 10 ? `, and ${others.length - 10} more` : '';
    lines.push(`- **Other scenarios:** ${shown.join(', ')}${rest}`);
  }
  lines.push(`- **First seen:** ${ts(sig.first_seen)}`, `- **Last seen:** ${ts(sig.last_seen)}`);
  return lines;
}

function reproduceSection(input: RcaNoteInput): string[] {
  const cli = input.cliName && /^[A-Za-z0-9_./-]+$/.test(input.cliName) ? input.cliName : 'clearsight-rca';
  const { scenario, failedRun, lastSuccess } = input;
  const lines = [
    '## Reproduce',
    '',
    `- **Scenario id:** ${idSpan(scenario.scenario_id)}`,
    `- **Failed run id:** ${idSpan(failedRun.run_id)}`,
    `- **Last success run id:** ${idSpan(lastSuccess?.run_id)}`,
  ];
  if (failedRun.run_req_id) lines.push(`- **Run request id:** ${idSpan(failedRun.run_req_id)}`);
  const cmds = [`${cli} snapshot ${shellArg(failedRun.run_id)}`];
  if (lastSuccess) cmds.push(`${cli} diff ${shellArg(lastSuccess.run_id)} ${shellArg(failedRun.run_id)}`);
  cmds.push(`${cli} timeline ${shellArg(scenario.scenario_id)}`);
  lines.push('', fencedBlock(cmds.join('\n'), 'sh'));
  const pbi = input.links?.powerBiUrl ? safeLinkTarget(input.links.powerBiUrl) : null;
  if (pbi) lines.push('', `[Open in Power BI](<${pbi}>)`);
  return lines;
}

/**
 * Builds a Markdown RCA note for a ticket. Deterministic for a given input (no clock
 * access); every user-provided text is escaped, the fail reason sits in a fenced block
 * whose fence is longer than any backtick run inside it.
 */
/** Says when the inputs' values are withheld (a reporting copy loaded with --no-input-values). */
function withheldSection(input: RcaNoteInput): string[] {
  const sentence = withheldValuesSentence(input.diff?.values_withheld === true);
  return sentence ? [sentence] : [];
}

export function buildRcaNote(input: RcaNoteInput): string {
  const title = `# RCA: ${inline(input.scenario.scenario_name, '(unnamed scenario)')} — run ${escapeMarkdown(shortId(input.failedRun.run_id))} failed`;
  const sections = [
    [title],
    summarySection(input),
    withheldSection(input),
    verdictSection(input),
    changesSection(input),
    failingNodesSection(input),
    logsSection(input),
    timelineSection(input),
    signatureSection(input),
    reproduceSection(input),
    ['---', '', `_Generated by ClearSight RCA at ${ts(input.generatedAt)} from ${inline(input.sourceLabel)}${input.environment ? ` in environment ${inline(input.environment)}` : ''}._`],
  ];
  return `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join('\n'))
    .join('\n\n')}\n`;
}
