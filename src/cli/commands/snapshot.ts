import { requireUuid } from '../../engine/analyses';
import { need } from '../args';
import type { CliCommand } from '../command';
import { printSnapshot } from '../format';

export const snapshotCommand: CliCommand = {
  name: 'snapshot',
  usage: ['  snapshot RUN_ID                              the inputs in force when the run started'],
  validate(args) {
    requireUuid(need(args.positionals, 1, 'snapshot RUN_ID')[0], 'run id');
  },
  needs: 'engine',
  async run({ args, engine }) {
    const s = await engine.read((x) => x.snapshot(args.positionals[0]));
    return {
      json: {
        run_id: s.run_id,
        scenario_id: s.scenario_id,
        run_at: s.run_at,
        nodes: s.nodes.map((n) => ({
          node_id: n.node_id,
          node_name: n.node_name,
          node_type: n.node_type,
          input_hash: n.input_hash,
          input_data: n.input_data ?? null,
        })),
      },
      human: () => printSnapshot(s),
    };
  },
};
