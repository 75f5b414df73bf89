import { intFlag, isoFlag, need, str } from '../args';
import type { CliCommand } from '../command';
import { printScenarios } from '../format';

const SYNOPSIS = 'scenarios [--status S] [--search TEXT] [--failed-since ISO] [--limit N]';

export const scenariosCommand: CliCommand = {
  name: 'scenarios',
  usage: [`  ${SYNOPSIS}`],
  validate(args) {
    need(args.positionals, 0, SYNOPSIS);
    isoFlag(args.flags, 'failed-since');
    intFlag(args.flags, 'limit', 1, 10_000);
  },
  needs: 'engine',
  async run({ args, engine }) {
    const rows = await engine.primary.scenarios({
      status: str(args.flags, 'status'),
      search: str(args.flags, 'search'),
      failedSince: isoFlag(args.flags, 'failed-since'),
      limit: intFlag(args.flags, 'limit', 1, 10_000) ?? 50,
    });
    return {
      json: rows.map((r) => ({
        scenario_id: r.scenario_id,
        scenario_name: r.scenario_name,
        status: r.status,
        model_name: r.model_name,
        last_run_at: r.last_run_at,
        last_run_status: r.last_run_status,
        runs: r.runs,
        failed_runs: r.failed_runs,
      })),
      human: () => printScenarios(rows),
    };
  },
};
