/** The scenario timeline panel (PanelTypes.timeline): one panel per scenario. */
import type * as vscode from 'vscode';
import type { Engine } from '../../engine/engine';
import type { TimelinePayload, TimelineSubject, TimelineToHost } from '../../shared/protocol/timeline';
import { BasePanel, type PanelContext } from './basePanel';

export class TimelinePanel extends BasePanel<TimelineSubject, TimelinePayload, TimelineToHost> {
  constructor(panel: vscode.WebviewPanel, ctx: PanelContext, subject: TimelineSubject) {
    super(panel, ctx, subject, 'timeline');
    void this.load();
  }

  protected fetch(engine: Engine): Promise<TimelinePayload> {
    const id = this.subject.scenarioId;
    return engine.read(async (a) => {
      const scenario = await a.requireScenario(id);
      const [events, runs] = await Promise.all([a.timeline(scenario.scenario_id), a.runs(scenario.scenario_id)]);
      return { scenario, events, runs };
    });
  }

  protected titleFor(p: TimelinePayload): string {
    return `Timeline: ${p.scenario.scenario_name}`;
  }
}
