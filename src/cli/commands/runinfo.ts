import { idCommand } from '../command';
import { printRunInfo } from '../format';

export const runinfoCommand = idCommand({
  synopsis: 'runinfo ID',
  about: 'what an id is (run, scenario, request)',
  read: (engine, id) => engine.runInfo(id),
  output: (info) => ({ json: info, human: () => printRunInfo(info) }),
});
