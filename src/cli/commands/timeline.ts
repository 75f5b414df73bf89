import { timelineJson } from '../../engine/contract';
import { requireUuid } from '../../engine/analyses';
import { need } from '../args';
import type { CliCommand } from '../command';
import { printTimeline } from '../format';

export const timelineCommand: CliCommand = {
  name: 'timeline',
  usage: ['  timeline SCENARIO_ID                         lifecycle, input changes, runs, failed node calcs'],
  validate(args) {
    requireUuid(need(args.positionals, 1, 'timeline SCENARIO_ID')[0], 'scenario id');
  },
  needs: 'engine',
  async run({ args, engine }) {
    const rows = await engine.read((x) => x.timeline(args.positionals[0]));
    return {
      json: timelineJson(rows),
      human: () => printTimeline(rows),
    };
  },
};
