/** Plain-text renderings of the culprit ranking (the CLI's human output). Pure. */
import type { CulpritEvidence, Explanation } from '../types';

/** `  ▸ named in the fail reason` lines, strongest first. */
export function evidenceLines(evidence: readonly CulpritEvidence[], indent = '    '): string[] {
  return evidence.map((e) => `${indent}- ${e.detail} [${e.signal}]`);
}

/** The explain command's text: candidates, most likely first, with their evidence. */
export function explainText(x: Explanation): string {
  const out = [`run ${x.run_id}: likely causes${x.baseline_run_id ? ` (compared with the last success ${x.baseline_run_id})` : ' (no success before it: every input in force is a candidate)'}`];
  if (x.candidates.length === 0) out.push('no input differs from the baseline: the cause is probably not an input edit');
  x.candidates.forEach((c, i) => {
    out.push(`${i + 1}. ${c.node_name} (${c.change}) score ${c.score}`);
    out.push(...evidenceLines(c.evidence));
  });
  if (x.candidates.length > 0 && x.candidates.every((c) => c.evidence.every((e) => e.signal === 'recency'))) {
    out.push('the evidence is weak: nothing but the order of the saves points at a candidate');
  }
  return out.join('\n');
}
