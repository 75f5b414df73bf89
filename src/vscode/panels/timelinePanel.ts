/** The scenario timeline panel (PanelTypes.timeline): one panel per scenario. */
import type { Engine } from '../../engine/engine';
import type { TimelinePayload, TimelineSubject, TimelineToHost } from '../../shared/protocol/timeline';
import { BasePanel } from './basePanel';

export class TimelinePanel extends BasePanel<TimelineSubject, TimelinePayload, TimelineToHost> {
  protected fetch(engine: Engine): Promise<TimelinePayload> {
    return engine.read(async (a) => {
      const scenario = await a.requireScenario(this.subject.scenarioId);
      const [events, runs] = await Promise.all([a.timeline(scenario.scenario_id), a.runs(scenario.scenario_id)]);
      return { scenario, events, runs };
    });
  }

  protected titleFor(p: TimelinePayload): string {
    return `Timeline: ${p.scenario.scenario_name}`;
  }
}
