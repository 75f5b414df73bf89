import { requireUuid } from '../../engine/analyses';
import { need } from '../args';
import type { CliCommand } from '../command';
import { printRunInfo } from '../format';

export const runinfoCommand: CliCommand = {
  name: 'runinfo',
  usage: ['  runinfo ID                                   what an id is (run, scenario, request)'],
  validate(args) {
    requireUuid(need(args.positionals, 1, 'runinfo ID')[0]);
  },
  needs: 'engine',
  async run({ args, engine }) {
    const info = await engine.runInfo(args.positionals[0]);
    return { json: info, human: () => printRunInfo(info) };
  },
};
