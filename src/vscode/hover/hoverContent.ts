/**
 * What a run-id hover and "Look Up Selection" show for a run, a scenario or a request id:
 * markdown for the hover (with the exact list of commands its links use, for
 * `MarkdownString.isTrusted = { enabledCommands }`) and plain facts + actions for a
 * QuickPick. Every user- or database-provided text is escaped.
 * No `vscode` import: unit-tested in plain mocha.
 */
import { failureCategory } from '../../core/errorCategory';
import { codeSpan } from '../../core/markdown';
import { formatDuration } from '../../core/time';
import type { RunInfo, RunSummary, ScenarioListItem } from '../../core/types';
import { Commands } from '../constants';
import type { IdArg } from '../services';
import { formatUtc, formatWhen, isFailing, isOpen, mdExcerpt, mdText, mdValue, oneLine, runStatusIcon, shortId, statusWord } from '../tree/format';

export interface HoverContent {
  markdown: string;
  /** Command ids the links use: exactly what `isTrusted.enabledCommands` must allow. */
  commands: string[];
}

export interface LookupAction {
  title: string;
  /** Codicon id for QuickPick items. */
  icon: string;
  command: string;
  args: IdArg;
}

export const FAIL_REASON_MAX = 300;
export const NODE_REASON_MAX = 150;
export const MAX_FAILED_NODES = 5;
export const MAX_REQUEST_MATCHES = 5;

type KnownInfo = Exclude<RunInfo, { kind: 'unknown' }>;

/** Every data value goes into hover markdown escaped (tree/format mdValue), enums and numbers included. */
const escaped = mdValue;
type RequestMatch = Extract<RunInfo, { kind: 'request' }>['matches'][number];

/** `command:` URI with its arguments JSON-encoded; parentheses encoded so the markdown link cannot break. */
export function commandUri(command: string, args: unknown[]): string {
  const encoded = encodeURIComponent(JSON.stringify(args)).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${encoded}`;
}

/** A markdown link for an action; `label` must already be markdown-safe. */
export function commandLink(label: string, action: LookupAction): string {
  return `[${label}](${commandUri(action.command, [action.args])})`;
}

function openTimeline(scenarioId: string, title = 'Open Timeline'): LookupAction {
  return { title, icon: 'history', command: Commands.openTimeline, args: { scenarioId } };
}

function compare(args: IdArg): LookupAction {
  return { title: 'Compare with Last Success', icon: 'git-compare', command: Commands.compareWithLastSuccess, args };
}

function rcaNote(args: IdArg): LookupAction {
  return { title: 'RCA Note', icon: 'note', command: Commands.generateRcaNote, args };
}

function ticket(args: IdArg): LookupAction {
  return { title: 'Open Ticket', icon: 'issues', command: Commands.openTicket, args };
}

/** What the hover adds from the settings: Open Ticket (a ticket template is set), the environment's name. */
export interface HoverOptions {
  ticket?: boolean;
  environment?: string;
}

function diagnostics(args: IdArg): LookupAction {
  return { title: 'Run Diagnostics', icon: 'pulse', command: Commands.runDiagnostics, args };
}

/** Distinct scenarios of a request's matches, in order. */
function requestScenarios(matches: readonly RequestMatch[]): Array<{ id: string; name: string }> {
  const seen = new Map<string, string>();
  for (const m of matches) if (!seen.has(m.scenario_id)) seen.set(m.scenario_id, m.scenario_name);
  return [...seen].map(([id, name]) => ({ id, name }));
}

/** What can be done from a known id: Open Timeline always; Compare / RCA only where something failed. */
export function actionsFor(info: KnownInfo, options: HoverOptions = {}): LookupAction[] {
  switch (info.kind) {
    case 'run': {
      const r = info.run;
      const out = [openTimeline(r.scenario_id)];
      if (isFailing(r.run_status)) {
        out.push(compare({ scenarioId: r.scenario_id, runId: r.run_id }), rcaNote({ scenarioId: r.scenario_id, runId: r.run_id }));
        if (options.ticket) out.push(ticket({ scenarioId: r.scenario_id, runId: r.run_id }));
      }
      out.push(diagnostics({ scenarioId: r.scenario_id, runId: r.run_id }));
      return out;
    }
    case 'scenario': {
      const s = info.scenario;
      const out = [openTimeline(s.scenario_id)];
      if (s.failed_runs > 0) out.push(compare({ scenarioId: s.scenario_id }));
      if (isFailing(s.last_run_status)) out.push(rcaNote({ scenarioId: s.scenario_id }));
      return out;
    }
    case 'request': {
      const scenarios = requestScenarios(info.matches).slice(0, 3);
      return scenarios.map((s) => openTimeline(s.id, scenarios.length > 1 ? `Open Timeline: ${oneLine(s.name, 40)}` : 'Open Timeline'));
    }
  }
}

function linksLine(actions: LookupAction[]): string {
  return actions.map((a) => commandLink(mdText(a.title), a)).join(' · ');
}

function uniqueCommands(actions: LookupAction[]): string[] {
  return [...new Set(actions.map((a) => a.command))];
}

function runLines(r: RunSummary): string[] {
  let when = `Started ${escaped(formatUtc(r.run_at))}`;
  if (r.duration_ms !== null) when += ` · took ${escaped(formatDuration(r.duration_ms))}`;
  else if (isOpen(r.run_status)) when += ` · still ${escaped(statusWord(r.run_status))}`;
  if (r.run_by) when += ` · by ${mdText(r.run_by)}`;
  return [
    `$(${runStatusIcon(r.run_status).id}) **Run ${escaped(statusWord(r.run_status))}** · ${mdText(r.scenario_name)}`,
    when,
    `Model ${mdText(r.model_name)} · run ${codeSpan(r.run_id)}`,
  ];
}

function scenarioLines(s: ScenarioListItem, now: number): string[] {
  return [
    `$(${runStatusIcon(s.last_run_status).id}) **Scenario** ${mdText(s.scenario_name)}`,
    `Model ${mdText(s.model_name)} · status ${mdText(String(s.status))}`,
    s.last_run_at
      ? `Last run ${escaped(statusWord(s.last_run_status))} · ${escaped(formatUtc(s.last_run_at))} (${escaped(formatWhen(s.last_run_at, now))})`
      : 'Never run',
    `Runs: ${escaped(s.runs)} · failed: ${escaped(s.failed_runs)} · scenario ${codeSpan(s.scenario_id)}`,
  ];
}

const MATCH_WHAT: Record<RequestMatch['what'], string> = {
  run: 'Run',
  input_save: 'Input save',
  scenario_created: 'Scenario created',
  scenario_updated: 'Scenario updated',
  scenario_submitted: 'Scenario submitted',
  scenario_locked: 'Scenario locked',
};

/** `Input save of node X in scenario Y · 2026-03-01 10:00:00 UTC · by alice` (markdown or plain). */
function describeMatch(m: RequestMatch, markdown: boolean): string {
  const t = (s: string): string => (markdown ? `**${mdText(s)}**` : s);
  let text: string;
  switch (m.what) {
    case 'run':
      text = `Run${m.run_id ? ` ${markdown ? codeSpan(shortId(m.run_id)) : shortId(m.run_id)}` : ''} of ${t(m.scenario_name)}`;
      break;
    case 'input_save':
      text = `Input save of node ${t(m.node_name ?? '?')} in ${t(m.scenario_name)}`;
      break;
    default:
      text = `${markdown ? escaped(MATCH_WHAT[m.what] ?? m.what) : (MATCH_WHAT[m.what] ?? m.what)}: ${t(m.scenario_name)}`;
  }
  text += ` · ${markdown ? escaped(formatUtc(m.at)) : formatUtc(m.at)}`;
  if (m.user) text += ` · by ${markdown ? mdText(m.user) : m.user}`;
  return text;
}

/** A failed run's error category (from its fail reason, else its first failed node's), or null. */
function runCategory(info: Extract<RunInfo, { kind: 'run' }>): string | null {
  return failureCategory(info.run.run_status, info.run.fail_reason ?? info.failed_nodes[0]?.fail_reason ?? null);
}

type RunVerdict = NonNullable<Extract<RunInfo, { kind: 'run' }>['verdict']>;

/** The top candidate with the verdict's confidence beside it, as plain words. */
export function topCandidateText(v: RunVerdict): string | null {
  if (!v.top) return null;
  const what = v.confidence === 'strong' && v.verdict.node_id === v.top.node_id ? 'likely cause' : v.verdict.kind === 'infrastructure' ? 'not blamed: not an input' : v.confidence === 'weak' ? 'possible cause' : 'not blamed';
  return `${what} · confidence ${v.confidence}`;
}

/** `**Top candidate:** **Peak share** (changed) — possible cause · confidence weak`, then the verdict's sentence. */
function verdictLines(v: RunVerdict): string {
  const top = v.top ? `**Top candidate:** **${mdText(v.top.node_name)}** (${v.top.change}) — ${topCandidateText(v)}` : `**Confidence:** ${v.confidence}`;
  // The sentence's data are code spans (src/core/culprit/verdict.ts): safe as Markdown.
  return `${top}  \n${v.verdict.summary}`;
}

/** The hover for a known id; `undefined` for an unknown one (no hover, no noise). */
export function buildHover(info: RunInfo, now = Date.now(), options: HoverOptions = {}): HoverContent | undefined {
  if (info.kind === 'unknown') return undefined;
  const actions = actionsFor(info, options);
  const sections: string[] = [];
  switch (info.kind) {
    case 'run': {
      const r = info.run;
      sections.push(runLines(r).join('  \n'));
      const category = runCategory(info);
      if (category) sections.push(`**Error category:** ${escaped(category)}`);
      if (info.verdict) sections.push(verdictLines(info.verdict));
      if (r.fail_reason) sections.push(`**Fail reason:** ${mdExcerpt(r.fail_reason, FAIL_REASON_MAX)}`);
      if (info.failed_nodes.length > 0) {
        const shown = info.failed_nodes.slice(0, MAX_FAILED_NODES).map(
          (c) => `- **${mdText(c.node_name)}**: ${c.fail_reason ? mdExcerpt(c.fail_reason, NODE_REASON_MAX) : 'no fail reason recorded'}`,
        );
        const more = info.failed_nodes.length - shown.length;
        if (more > 0) shown.push(`- … and ${more} more`);
        sections.push(`**Failed nodes (${info.failed_nodes.length}):**\n\n${shown.join('\n')}`);
      }
      break;
    }
    case 'scenario': {
      const s = info.scenario;
      sections.push(scenarioLines(s, now).join('  \n'));
      if (isFailing(s.last_run_status) && s.last_fail_reason) {
        sections.push(`**Last fail reason:** ${mdExcerpt(s.last_fail_reason, FAIL_REASON_MAX)}`);
      }
      break;
    }
    case 'request': {
      const lines = info.matches.slice(0, MAX_REQUEST_MATCHES).map((m) => `- ${describeMatch(m, true)}`);
      const more = info.matches.length - lines.length;
      if (more > 0) lines.push(`- … and ${more} more`);
      sections.push(`$(link) **Request** ${codeSpan(info.id)}\n\n${lines.join('\n')}`);
      break;
    }
  }
  if (options.environment) sections.push(`$(server-environment) environment ${escaped(options.environment)}`);
  sections.push(linksLine(actions));
  return { markdown: sections.join('\n\n'), commands: uniqueCommands(actions) };
}

/** The one line shown when a lookup failed: `ClearSight: cannot look up 1a2b3c4d: <message>`. */
export function buildErrorHover(id: string, message: string): HoverContent {
  return { markdown: `ClearSight: cannot look up ${shortId(id)}: ${mdExcerpt(message, 200)}`, commands: [] };
}

/** Plain-text version for notifications. */
export function lookupErrorText(id: string, message: string): string {
  return `ClearSight: cannot look up ${shortId(id)}: ${oneLine(message, 200)}`;
}

export function unknownIdText(id: string, label: string): string {
  return `${id} is not a known run, scenario or request id in ${label}`;
}

export interface Fact {
  icon: string;
  label: string;
  detail?: string;
  /** Text copied when the fact is picked. */
  copy?: string;
}

export interface LookupSummary {
  title: string;
  facts: Fact[];
  actions: LookupAction[];
}

/** The same facts as the hover, as plain text for a QuickPick. */
export function summarize(info: KnownInfo, now = Date.now()): LookupSummary {
  const facts: Fact[] = [];
  let title: string;
  switch (info.kind) {
    case 'run': {
      const r = info.run;
      title = `Run ${shortId(r.run_id)} ${statusWord(r.run_status)} · ${oneLine(r.scenario_name, 80)}`;
      facts.push({ icon: runStatusIcon(r.run_status).id, label: `Run ${statusWord(r.run_status)}`, detail: r.run_id, copy: r.run_id });
      facts.push({ icon: 'beaker', label: oneLine(r.scenario_name, 120), detail: `scenario · model ${oneLine(r.model_name, 80)}`, copy: r.scenario_id });
      let when = formatUtc(r.run_at);
      if (r.duration_ms !== null) when += ` · took ${formatDuration(r.duration_ms)}`;
      facts.push({ icon: 'calendar', label: when, detail: r.run_by ? `by ${r.run_by}` : undefined });
      const category = runCategory(info);
      if (category) facts.push({ icon: 'tag', label: `Error category: ${category}` });
      if (info.verdict) {
        const v = info.verdict;
        facts.push({
          icon: v.confidence === 'strong' ? 'target' : 'question',
          label: v.top ? `Top candidate: ${oneLine(v.top.node_name, 80)} — ${topCandidateText(v)}` : `Confidence ${v.confidence}`,
          detail: oneLine(v.verdict.summary.replace(/`/g, ''), 160),
        });
      }
      if (r.fail_reason) facts.push({ icon: 'error', label: oneLine(r.fail_reason, FAIL_REASON_MAX), detail: 'fail reason', copy: r.fail_reason });
      for (const c of info.failed_nodes.slice(0, MAX_FAILED_NODES)) {
        facts.push({
          icon: 'symbol-field',
          label: oneLine(c.node_name, 120),
          detail: c.fail_reason ? oneLine(c.fail_reason, NODE_REASON_MAX) : 'no fail reason recorded',
          copy: c.fail_reason ?? undefined,
        });
      }
      if (info.failed_nodes.length > MAX_FAILED_NODES) facts.push({ icon: 'ellipsis', label: `… and ${info.failed_nodes.length - MAX_FAILED_NODES} more failed nodes` });
      break;
    }
    case 'scenario': {
      const s = info.scenario;
      title = `Scenario ${oneLine(s.scenario_name, 80)}`;
      facts.push({ icon: 'beaker', label: oneLine(s.scenario_name, 120), detail: `model ${oneLine(s.model_name, 80)} · status ${s.status}`, copy: s.scenario_id });
      facts.push({
        icon: runStatusIcon(s.last_run_status).id,
        label: s.last_run_at ? `Last run ${statusWord(s.last_run_status)} · ${formatUtc(s.last_run_at)} (${formatWhen(s.last_run_at, now)})` : 'Never run',
        detail: `${s.runs} runs, ${s.failed_runs} failed`,
        copy: s.last_run_id ?? undefined,
      });
      if (isFailing(s.last_run_status) && s.last_fail_reason) {
        facts.push({ icon: 'error', label: oneLine(s.last_fail_reason, FAIL_REASON_MAX), detail: 'last fail reason', copy: s.last_fail_reason });
      }
      break;
    }
    case 'request': {
      title = `Request ${shortId(info.id)}`;
      for (const m of info.matches.slice(0, MAX_REQUEST_MATCHES)) {
        facts.push({ icon: m.what === 'run' ? 'play' : m.what === 'input_save' ? 'save' : 'beaker', label: describeMatch(m, false), copy: m.run_id ?? m.scenario_id });
      }
      if (info.matches.length > MAX_REQUEST_MATCHES) facts.push({ icon: 'ellipsis', label: `… and ${info.matches.length - MAX_REQUEST_MATCHES} more` });
      break;
    }
  }
  return { title, facts, actions: actionsFor(info) };
}
