import { explainText } from '../../core/culprit/describe';
import { requireUuid } from '../../engine/analyses';
import { need } from '../args';
import type { CliCommand } from '../command';

export const explainCommand: CliCommand = {
  name: 'explain',
  usage: ['  explain RUN_ID                               a failed run\'s likely causes with their evidence'],
  validate(args) {
    requireUuid(need(args.positionals, 1, 'explain RUN_ID')[0], 'run id');
  },
  needs: 'engine',
  async run({ args, engine }) {
    const x = await engine.read((e) => e.explain(args.positionals[0]));
    return { json: x, human: () => explainText(x) };
  },
};
