import { isFailedRun } from '../../core/runRules';
import { formatDuration } from '../../core/time';
import { Analyses } from '../../engine/analyses';
import { logSources } from '../../engine/diagnostics';
import { rcaNote } from '../../engine/reports';
import { runEtl } from '../../etl/etl';
import { NAME, need } from '../args';
import type { CliCommand } from '../command';
import { powerBi } from '../connect';
import { printScenarios } from '../format';
import { POWER_BI_OPTIONS } from '../options';

/**
 * The stories `demo` may open, best first: a culprit that is not the last edit, then the
 * stories whose cause the fail reason states. The first one the ranking explains with strong
 * confidence is opened (the first of the list if none is).
 */
export const DEMO_OPENING_STORIES = ['culprit-not-last', 'growth-rate-invalid', 'division-by-zero', 'null-input'] as const;

/** The README's first command: the demo end to end, in one go. */
export const demoCommand: CliCommand = {
  name: 'demo',
  usage: ['  demo                                         seed the demo, run the ETL, open a failure story'],
  options: POWER_BI_OPTIONS,
  validate(args) {
    need(args.positionals, 0, 'demo');
  },
  needs: 'nothing',
  async run({ args, io }) {
    const { demoLogsFolder, demoStories, openDemo } = await import('../../demo/demoDb');
    const db = await openDemo({ onProgress: (m) => io.err(`${NAME}: ${m}`) });
    try {
      const out: string[] = [];
      const etl = await runEtl({ source: db, target: db, mode: 'full' });
      out.push(`# ClearSight RCA demo\n\nETL (full) in ${formatDuration(etl.duration_ms)}: ${Object.entries(etl.loaded).map(([t, n]) => `${n} ${t}`).join(', ')}\n`);
      const a = new Analyses(db, 'reporting');
      const failing = (await a.scenarios({ limit: 200 })).filter((s) => isFailedRun(s.last_run_status));
      out.push(`## Failing scenarios (${failing.length})\n\n${printScenarios(failing.slice(0, 10))}\n`);
      const stories = demoStories();
      let opened = stories.byId[DEMO_OPENING_STORIES[0]];
      for (const id of DEMO_OPENING_STORIES) {
        const x = await a.explain(stories.byId[id].failed_run_id);
        if ((x as { confidence?: unknown }).confidence === 'strong' && x.candidates[0]?.node_id === stories.byId[id].culprit_node_id) {
          opened = stories.byId[id];
          break;
        }
      }
      out.push(`## Failure story: ${opened.title}\n\nScenario "${opened.scenario_name}", failed run ${opened.failed_run_id}.\n`);
      const logs = { sources: logSources({ paths: [demoLogsFolder()], cwd: process.cwd() }) };
      out.push(await rcaNote(a, opened.failed_run_id, { powerBi: powerBi(args, io.env), cliName: NAME, logs }));
      const others = [
        ...stories.list.filter((s) => s.id !== opened.id).map((s) => ({ title: s.title, run: s.failed_run_id })),
        ...stories.platform.map((p) => ({ title: `${p.title} (no input caused it)`, run: p.failed_run_id })),
      ];
      out.push(
        [
          `## The other failure stories (${others.length})`,
          '',
          `Open any of them the same way (\`report\`: the RCA note with the demo's logs; \`explain RUN_ID --demo\`: the ranking alone):`,
          '',
          ...others.map((o) => `- ${o.title}:\n  \`${NAME} report ${o.run} --demo\``),
          '',
        ].join('\n'),
      );
      return { text: out.join('\n') };
    } finally {
      await db.close();
    }
  },
};
