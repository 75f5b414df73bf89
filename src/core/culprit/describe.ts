/** Plain-text renderings of the culprit ranking (the CLI's human output). Pure. */
import type { CulpritEvidence, Explanation } from '../types';

/** `  ▸ named in the fail reason` lines, strongest first. */
export function evidenceLines(evidence: readonly CulpritEvidence[], indent = '    '): string[] {
  return evidence.map((e) => `${indent}- ${e.detail} [${e.signal}]`);
}

/** The explain command's text: candidates, most likely first, with their evidence. */
export function explainText(x: Explanation): string {
  const out = [`run ${x.run_id}: the inputs that changed, most likely cause first${x.baseline_run_id ? ` (compared with the last success ${x.baseline_run_id})` : ' (no success before it: every input in force is a candidate)'}`];
  out.push(`confidence ${x.confidence}: ${x.verdict.summary}`);
  x.candidates.forEach((c, i) => {
    out.push(`${i + 1}. ${c.node_name} (${c.change}) score ${c.score}`);
    out.push(...evidenceLines(c.evidence));
  });
  return out.join('\n');
}
