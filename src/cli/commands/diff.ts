import { requireUuid } from '../../engine/analyses';
import { need } from '../args';
import type { CliCommand } from '../command';
import { printDiff } from '../format';
import { ENGINE_OPTIONS, optionList, text, value } from '../options';

const SCENARIO = text('scenario', 'SCENARIO_ID', "the scenario's last success against its first failure after it");

export const diffCommand: CliCommand = {
  name: 'diff',
  usage: ['  diff RUN_A RUN_B | diff --scenario SCENARIO_ID  changed inputs, most likely cause first'],
  options: optionList(SCENARIO, ENGINE_OPTIONS),
  validate(args) {
    const scenario = value(args, SCENARIO);
    if (scenario !== undefined) {
      need(args.positionals, 0, 'diff --scenario SCENARIO_ID');
      requireUuid(scenario, 'scenario id');
    } else {
      need(args.positionals, 2, 'diff RUN_A RUN_B | diff --scenario SCENARIO_ID').forEach((x) => requireUuid(x, 'run id'));
    }
  },
  needs: 'engine',
  async run({ args, engine }) {
    const scenario = value(args, SCENARIO);
    const [a, b] = args.positionals;
    const d = await engine.read((x) => (scenario ? x.diffScenario(scenario) : x.diff(a, b)));
    return { json: d, human: () => printDiff(d) };
  },
};
