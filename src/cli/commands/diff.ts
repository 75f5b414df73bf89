import { requireUuid } from '../../engine/analyses';
import { need, str } from '../args';
import type { CliCommand } from '../command';
import { printDiff } from '../format';

export const diffCommand: CliCommand = {
  name: 'diff',
  usage: ['  diff RUN_A RUN_B | diff --scenario SCENARIO_ID  changed inputs, most likely cause first'],
  validate(args) {
    if (args.flags.has('scenario')) {
      need(args.positionals, 0, 'diff --scenario SCENARIO_ID');
      requireUuid(str(args.flags, 'scenario')!, 'scenario id');
    } else {
      need(args.positionals, 2, 'diff RUN_A RUN_B | diff --scenario SCENARIO_ID').forEach((x) => requireUuid(x, 'run id'));
    }
  },
  needs: 'engine',
  async run({ args, engine }) {
    const scenario = str(args.flags, 'scenario');
    const [a, b] = args.positionals;
    const d = await engine.read((x) => (scenario ? x.diffScenario(scenario) : x.diff(a, b)));
    return { json: d, human: () => printDiff(d) };
  },
};
