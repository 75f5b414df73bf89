import { explainText } from '../../core/culprit/describe';
import { idCommand } from '../command';

export const explainCommand = idCommand({
  synopsis: 'explain RUN_ID',
  about: "a failed run's likely causes with their evidence",
  read: (engine, id) => engine.read((e) => e.explain(id)),
  output: (x) => ({ json: x, human: () => explainText(x) }),
});
