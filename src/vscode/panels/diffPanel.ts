/** The run diff panel (PanelTypes.diff): one panel per (run A, run B) pair. */
import { DEFAULT_MAX_CHANGES } from '../../core/jsonDiff';
import type { Engine } from '../../engine/engine';
import type { DiffPayload, DiffSubject, DiffToHost } from '../../shared/protocol/diff';
import { BasePanel } from './basePanel';

export class DiffPanel extends BasePanel<DiffSubject, DiffPayload, DiffToHost> {
  protected async fetch(engine: Engine): Promise<DiffPayload> {
    const { runA, runB } = this.subject;
    const diff = await engine.read((a) => a.diff(runA, runB));
    return { diff, maxPaths: DEFAULT_MAX_CHANGES };
  }

  protected titleFor(p: DiffPayload): string {
    return `Diff: ${p.diff.run_b.scenario_name}`;
  }
}
