import { idCommand } from '../command';
import { printChanges } from '../format';

export const changesCommand = idCommand({
  synopsis: 'changes SCENARIO_ID',
  about: 'input changes (saves repeating a hash left out)',
  read: (engine, id) => engine.read((x) => x.changes(id)),
  output: (rows) => ({
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
  }),
});
