/** The input snapshot panel (PanelTypes.snapshot): one panel per run. */
import type { Engine } from '../../engine/engine';
import type { SnapshotPayload, SnapshotSubject, SnapshotToHost } from '../../shared/protocol/snapshot';
import { previousRun } from '../../shared/runOrder';
import { compareSnapshots } from '../../shared/snapshotCompare';
import { BasePanel } from './basePanel';

export class SnapshotPanel extends BasePanel<SnapshotSubject, SnapshotPayload, SnapshotToHost> {
  protected fetch(engine: Engine): Promise<SnapshotPayload> {
    const id = this.subject.runId;
    return engine.read(async (a) => {
      const run = await a.requireRun(id);
      const [snapshot, runs] = await Promise.all([a.snapshot(run.run_id), a.runs(run.scenario_id)]);
      const prev = previousRun(runs, run.run_id);
      const prevSnapshot = prev ? await a.snapshot(prev.run_id) : null;
      return { run, snapshot, previousRun: prev, changes: compareSnapshots(snapshot.nodes, prevSnapshot?.nodes ?? null) };
    });
  }

  protected titleFor(p: SnapshotPayload): string {
    return `Inputs: ${p.run.scenario_name} @ ${p.run.run_at.slice(0, 16).replace('T', ' ')}`;
  }
}
