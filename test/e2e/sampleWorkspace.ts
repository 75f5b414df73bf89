/**
 * The workspace the e2e sessions open: an application log naming the demo's failed runs,
 * scenarios and request ids, taken from the demo generator so they always exist in the
 * embedded demo database.
 */
import { generateDemo } from '../../src/demo/generator';
import type { DemoPlatformStory, DemoStory } from '../../src/demo/stories';

export interface SampleWorkspace {
  stories: DemoStory[];
  platform: DemoPlatformStory[];
  files: Record<string, string>;
}

export function sampleWorkspace(): SampleWorkspace {
  const { list: stories, platform } = generateDemo().stories;
  const lines: string[] = [];
  let minute = 0;
  const at = (): string => `2026-03-02T08:${String(minute++ % 60).padStart(2, '0')}:00.000Z`;
  for (const s of stories) {
    lines.push(`${at()} INFO  scheduler  run ${s.last_success_run_id} of scenario ${s.scenario_id} finished: success`);
    lines.push(`${at()} INFO  scheduler  run ${s.failed_run_id} of scenario ${s.scenario_id} started`);
    lines.push(`${at()} ERROR worker     run ${s.failed_run_id} ${s.failed_status}: ${s.fail_reason}`);
  }
  for (const p of platform) {
    lines.push(`${at()} INFO  scheduler  run ${p.failed_run_id} of scenario ${p.scenario_id} started`);
    lines.push(`${at()} ERROR worker     run ${p.failed_run_id} ${p.failed_status}: ${p.fail_reason.split('\n')[0]}`);
  }
  lines.push(`${at()} WARN  api        no such run 00000000-0000-4000-8000-000000000000`);
  return { stories, platform, files: { 'app.log': `${lines.join('\n')}\n` } };
}
