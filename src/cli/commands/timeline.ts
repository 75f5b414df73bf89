import { timelineJson } from '../../engine/contract';
import { idCommand } from '../command';
import { printTimeline } from '../format';

export const timelineCommand = idCommand({
  synopsis: 'timeline SCENARIO_ID',
  about: 'lifecycle, input changes, runs, failed node calcs',
  read: (engine, id) => engine.read((x) => x.timeline(id)),
  output: (rows) => ({ json: timelineJson(rows), human: () => printTimeline(rows) }),
});
