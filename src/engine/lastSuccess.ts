/** "Last success vs first failure": the pair of runs the one-click comparison opens. */
import { UserError } from '../core/errors';
import { lastSuccessBefore } from '../shared/runOrder';
import type { Engine } from './engine';

export interface DiffTarget {
  scenarioId?: string;
  runId?: string;
}

export interface RunPair {
  runA: string;
  runB: string;
}

/**
 * The pair "last success vs first failure":
 * - for a run: the last successful run of its scenario before it, and the run;
 * - for a scenario: the engine's failurePair (last success before the latest failure
 *   streak, and the first failure of that streak).
 * Throws a UserError saying why when there is no such pair.
 */
export async function resolveLastSuccessPair(engine: Engine, target: DiffTarget): Promise<RunPair> {
  if (target.runId) {
    const runId = target.runId;
    return engine.read(async (a) => {
      const run = await a.requireRun(runId);
      const prior = lastSuccessBefore(await a.runs(run.scenario_id), run.run_id);
      if (!prior) throw new UserError(`run ${run.run_id} of scenario "${run.scenario_name}" has no successful run before it to compare with`);
      return { runA: prior.run_id, runB: run.run_id };
    });
  }
  if (target.scenarioId) {
    const scenarioId = target.scenarioId;
    return engine.read(async (a) => {
      const s = await a.requireScenario(scenarioId);
      const { lastSuccess, firstFailure } = await a.failurePair(s.scenario_id);
      if (!firstFailure) throw new UserError(`scenario "${s.scenario_name}" has no failed run to compare`);
      if (!lastSuccess) throw new UserError(`scenario "${s.scenario_name}" has no successful run before its first failure (run ${firstFailure.run_id})`);
      return { runA: lastSuccess.run_id, runB: firstFailure.run_id };
    });
  }
  throw new UserError('choose a scenario or a run to compare with its last success');
}
