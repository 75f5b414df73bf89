import { requireUuid } from '../../engine/analyses';
import { need } from '../args';
import type { CliCommand } from '../command';
import { printChanges } from '../format';

export const changesCommand: CliCommand = {
  name: 'changes',
  usage: ['  changes SCENARIO_ID                          input changes (saves repeating a hash left out)'],
  validate(args) {
    requireUuid(need(args.positionals, 1, 'changes SCENARIO_ID')[0], 'scenario id');
  },
  needs: 'engine',
  async run({ args, engine }) {
    const rows = await engine.read((x) => x.changes(args.positionals[0]));
    return {
      json: rows.map((c) => ({
        node_id: c.node_id,
        node_name: c.node_name,
        changed_at: c.changed_at,
        changed_by: c.changed_by,
        previous_hash: c.previous_hash,
        current_hash: c.current_hash,
        change_type: c.change_type,
      })),
      human: () => printChanges(rows),
    };
  },
};
