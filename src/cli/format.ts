/** Human-readable output of the CLI (with --json, commands print their JSON instead). */
import { evidenceLines } from '../core/culprit/describe';
import { jsonText, summarizeValue } from '../core/jsonDiff';
import { WITHHELD } from '../core/privacy';
import { formatDuration } from '../core/time';
import type { InputChange, RunDiff, RunInfo, ScenarioListItem, Snapshot, TimelineEvent } from '../core/types';

/** The CLI's JSON output (`--json`): indented, depth-limited (src/core/jsonDiff.ts jsonText), so any input prints. */
export function jsonOutput(value: unknown): string {
  return jsonText(value, 2);
}

export function table(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.min(60, Math.max(...all.map((r) => (r[i] ?? '').length))));
  const line = (r: string[]): string =>
    r
      .map((c, i) => {
        const t = (c ?? '').replace(/\s+/g, ' ');
        return (t.length > widths[i] ? `${t.slice(0, widths[i] - 1)}…` : t).padEnd(widths[i]);
      })
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const short = (id: string | null): string => (id ? id.slice(0, 8) : '');
export const when = (iso: string | null): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');

export function printScenarios(rows: ScenarioListItem[]): string {
  if (rows.length === 0) return 'no scenarios match';
  return table(
    rows.map((r) => [r.scenario_id, r.scenario_name, r.status, r.model_name, when(r.last_run_at), r.last_run_status ?? '', `${r.failed_runs}/${r.runs}`]),
    ['scenario_id', 'name', 'status', 'model', 'last run', 'result', 'failed'],
  );
}

export function printTimeline(rows: TimelineEvent[]): string {
  return table(
    rows.map((e) => [when(e.event_timestamp), e.event_type, e.event_user ?? '', e.description, short(e.run_id)]),
    ['time (UTC)', 'event', 'user', 'description', 'run'],
  );
}

export function printChanges(rows: InputChange[]): string {
  if (rows.length === 0) return 'no input changes';
  return table(
    rows.map((c) => [when(c.changed_at), c.node_name, c.change_type, c.changed_by ?? '', `${c.previous_hash ?? '∅'} → ${c.current_hash ?? '∅'}`]),
    ['time (UTC)', 'node', 'change', 'by', 'hash'],
  );
}

export function printSnapshot(s: Snapshot): string {
  const head = `run ${s.run_id} at ${when(s.run_at)} (scenario ${s.scenario_id})`;
  return `${head}\n${table(
    s.nodes.map((n) => [n.node_name, n.node_type, n.input_hash ?? '—', when(n.saved_at), n.input_withheld ? WITHHELD : n.input_data === null || n.input_data === undefined ? '' : summarizeValue(n.input_data, 200)]),
    ['node', 'type', 'hash', 'saved', 'value'],
  )}`;
}

export function printDiff(d: RunDiff): string {
  const out = [
    `A: run ${d.run_a.run_id} ${d.run_a.run_status} at ${when(d.run_a.run_at)}`,
    `B: run ${d.run_b.run_id} ${d.run_b.run_status} at ${when(d.run_b.run_at)}`,
    `confidence ${d.confidence}: ${d.verdict.summary}`,
    '',
  ];
  if (d.values_withheld) out.push('input values are withheld in this reporting copy: changed paths only', '');
  if (d.changed.length === 0) out.push('no input changed');
  for (const c of d.changed) {
    out.push(`changed: ${c.node_name}${c.failed_in_b ? '  (failed in B)' : ''}  score ${c.score}`, ...evidenceLines(c.evidence, '  '));
    const show = (v: unknown): string => (v === undefined ? '∅' : c.values_withheld ? WITHHELD : summarizeValue(v));
    for (const p of c.path_changes.slice(0, 10)) out.push(`  ${p.path}: ${show(p.before)} → ${show(p.after)}`);
    if (c.path_changes.length > 10) out.push(`  … ${c.path_changes.length - 10} more paths`);
  }
  for (const n of d.added) out.push(`added: ${n.node_name}  score ${n.score}`, ...evidenceLines(n.evidence, '  '));
  for (const n of d.removed) out.push(`removed: ${n.node_name}  score ${n.score}`, ...evidenceLines(n.evidence, '  '));
  out.push(`unchanged: ${d.unchanged_count} nodes`);
  for (const c of d.calc) out.push(`calc: ${c.node_name}: ${c.status_a ?? '—'} → ${c.status_b ?? '—'}${c.fail_reason_b ? `: ${c.fail_reason_b}` : ''}`);
  return out.join('\n');
}

export function printRunInfo(r: RunInfo): string {
  switch (r.kind) {
    case 'run': {
      const x = r.run;
      const lines = [
        `run ${x.run_id}: ${x.run_status}`,
        `scenario: ${x.scenario_name} (${x.scenario_id})`,
        `started ${when(x.run_at)} by ${x.run_by ?? '?'}; duration ${formatDuration(x.duration_ms)}`,
      ];
      if (x.fail_reason) lines.push(`fail reason: ${x.fail_reason}`);
      for (const n of r.failed_nodes) lines.push(`failed node: ${n.node_name}${n.fail_reason ? `: ${n.fail_reason}` : ''}`);
      return lines.join('\n');
    }
    case 'scenario':
      return `scenario ${r.id}: ${r.scenario.scenario_name} (${r.scenario.status}, model ${r.scenario.model_name}); last run ${r.scenario.last_run_status ?? 'none'} ${when(r.scenario.last_run_at)}`;
    case 'request':
      return [`request ${r.id}:`, ...r.matches.map((m) => `  ${m.what} ${when(m.at)} ${m.user ?? ''} scenario ${m.scenario_name}${m.node_name ? ` node ${m.node_name}` : ''}${m.run_id ? ` run ${m.run_id}` : ''}`)].join('\n');
    case 'unknown':
      return `${r.id}: not a known run, scenario or request id`;
  }
}
