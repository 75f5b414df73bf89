/** The reporting schema's answers against production's, for the tests of each layout. */
import assert from 'node:assert/strict';
import type { Analyses } from '../../src/engine/analyses';
import { demo } from './setup';

/** Every story scenario's timeline, changes, snapshots (last success, failure) and diff are the same from both. */
export async function assertStoriesAnswerAlike(rep: Analyses, prod: Analyses): Promise<void> {
  for (const story of demo().stories.list) {
    assert.deepEqual(await rep.timeline(story.scenario_id), await prod.timeline(story.scenario_id), `timeline ${story.id}`);
    assert.deepEqual(await rep.changes(story.scenario_id), await prod.changes(story.scenario_id), `changes ${story.id}`);
    for (const run of [story.last_success_run_id, story.failed_run_id]) {
      assert.deepEqual(await rep.snapshot(run), await prod.snapshot(run), `snapshot ${story.id}`);
    }
    assert.deepEqual(await rep.diffScenario(story.scenario_id), await prod.diffScenario(story.scenario_id), `diff ${story.id}`);
  }
}
