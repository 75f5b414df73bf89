import { idCommand } from '../command';
import { printSnapshot } from '../format';

export const snapshotCommand = idCommand({
  synopsis: 'snapshot RUN_ID',
  about: 'the inputs in force when the run started',
  read: (engine, id) => engine.read((x) => x.snapshot(id)),
  output: (s) => ({
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
        ...(n.input_withheld ? { input_withheld: true, changed_paths: n.changed_paths ?? [] } : {}),
      })),
      ...(s.values_withheld ? { values_withheld: true } : {}),
    },
    human: () => printSnapshot(s),
  }),
});
