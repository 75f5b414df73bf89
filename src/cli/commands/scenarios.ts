import { need } from '../args';
import type { CliCommand } from '../command';
import { printScenarios } from '../format';
import { ENGINE_OPTIONS, isoDate, optionList, text, value, whole } from '../options';

const STATUS = text('status', 'S', 'scenarios of this status');
const SEARCH = text('search', 'TEXT', 'names containing TEXT, or ids starting with it');
const FAILED_SINCE = isoDate('failed-since', 'scenarios with a failed run since then');
const LIMIT = whole('limit', 'N', 1, 10_000, 'at most N scenarios (default 50)');

const SYNOPSIS = 'scenarios [--status S] [--search TEXT] [--failed-since ISO] [--limit N]';

export const scenariosCommand: CliCommand = {
  name: 'scenarios',
  usage: [`  ${SYNOPSIS}`],
  options: optionList(STATUS, SEARCH, FAILED_SINCE, LIMIT, ENGINE_OPTIONS),
  validate(args) {
    need(args.positionals, 0, SYNOPSIS);
  },
  needs: 'engine',
  async run({ args, engine }) {
    const rows = await engine.primary.scenarios({
      status: value(args, STATUS),
      search: value(args, SEARCH),
      failedSince: value(args, FAILED_SINCE),
      limit: value(args, LIMIT) ?? 50,
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
