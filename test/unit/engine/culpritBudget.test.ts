import { strict as assert } from 'node:assert';
import { CULPRIT_LIMITS, historyScenarios } from '../../../src/engine/analyses';

describe('culprit ranking: the history probe budget', () => {
  it('reads 64 other scenarios for up to 5 candidates, fewer as candidates grow, never under 16', () => {
    const cases: Array<[number, number]> = [
      [0, 64],
      [1, 64],
      [5, 64],
      [6, 53],
      [10, 32],
      [19, 16],
      [20, 16],
      [500, 16],
    ];
    for (const [candidates, scenarios] of cases) assert.equal(historyScenarios(candidates), scenarios, `${candidates} candidates`);
  });

  it('keeps scenarios × candidates within the budget above the floor', () => {
    for (let n = 1; n <= 20; n++) {
      const s = historyScenarios(n);
      if (s > CULPRIT_LIMITS.historyScenariosMin) assert.ok(s * n <= CULPRIT_LIMITS.historyProbes, `${n} candidates × ${s} scenarios`);
    }
  });
});
