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
      json: rows.map((e) => ({
        event_type: e.event_type,
        event_timestamp: e.event_timestamp,
        event_user: e.event_user,
        node_id: e.node_id,
        node_name: e.node_name,
        run_id: e.run_id,
        request_id: e.request_id,
        description: e.description,
        details: e.details,
      })),
      human: () => printTimeline(rows),
    };
  },
};
