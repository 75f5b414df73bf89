import { formatDuration } from '../../core/time';
import { Analyses } from '../../engine/analyses';
import { logSources } from '../../engine/diagnostics';
import { rcaNote } from '../../engine/reports';
import { runEtl } from '../../etl/etl';
import { NAME, need } from '../args';
import type { CliCommand } from '../command';
import { powerBi } from '../connect';
import { printScenarios } from '../format';

/** The README's first command: the demo end to end, in one go. */
export const demoCommand: CliCommand = {
  name: 'demo',
  usage: ['  demo                                         seed the demo, run the ETL, investigate a failure'],
  validate(args) {
    need(args.positionals, 0, 'demo');
  },
  needs: 'nothing',
  async run({ args, io }) {
    const { demoLogsFolder, openDemo } = await import('../../demo/demoDb');
    const db = await openDemo({ onProgress: (m) => io.err(`${NAME}: ${m}`) });
    try {
      const out: string[] = [];
      const etl = await runEtl({ source: db, target: db, mode: 'full' });
      out.push(`# ClearSight RCA demo\n\nETL (full) in ${formatDuration(etl.duration_ms)}: ${Object.entries(etl.loaded).map(([t, n]) => `${n} ${t}`).join(', ')}\n`);
      const a = new Analyses(db, 'reporting');
      const failing = (await a.scenarios({ limit: 200 })).filter((s) => s.last_run_status === 'failed' || s.last_run_status === 'timeout');
      out.push(`## Failing scenarios (${failing.length})\n\n${printScenarios(failing.slice(0, 10))}\n`);
      const target = failing.find((s) => s.failed_runs > 0 && s.runs > s.failed_runs) ?? failing[0];
      if (target) {
        out.push(`## Investigation of "${target.scenario_name}"\n`);
        const logs = { sources: logSources({ paths: [demoLogsFolder()], cwd: process.cwd() }) };
        out.push(await rcaNote(a, target.scenario_id, { powerBi: powerBi(args, io.env), cliName: NAME, logs }));
      }
      return { text: out.join('\n') };
    } finally {
      await db.close();
    }
  },
};
