import * as assert from 'node:assert/strict';
import { isNavigation, navigationOf } from '../../../src/shared/navigation';

const RUN = '3F2A9C1E-0000-4000-8000-00000000000A';
const SCN = '11111111-1111-4111-8111-111111111111';

describe('navigation messages from webviews (validated once for every panel)', () => {
  it('keeps well-formed messages, ids lower-cased and users trimmed', () => {
    assert.deepEqual(navigationOf({ type: 'openTimeline', scenarioId: SCN }), { type: 'openTimeline', scenarioId: SCN });
    assert.deepEqual(navigationOf({ type: 'openSnapshot', runId: RUN }), { type: 'openSnapshot', runId: RUN.toLowerCase() });
    assert.deepEqual(navigationOf({ type: 'openDiagnostics', runId: RUN }), { type: 'openDiagnostics', runId: RUN.toLowerCase() });
    assert.deepEqual(navigationOf({ type: 'openDiff', runA: SCN, runB: RUN }), { type: 'openDiff', runA: SCN, runB: RUN.toLowerCase() });
    assert.deepEqual(navigationOf({ type: 'compareWithLastSuccess', scenarioId: SCN }), { type: 'compareWithLastSuccess', scenarioId: SCN });
    assert.deepEqual(navigationOf({ type: 'rcaNote', scenarioId: SCN, runId: RUN }), { type: 'rcaNote', scenarioId: SCN, runId: RUN.toLowerCase() });
    assert.deepEqual(navigationOf({ type: 'openUser', user: '  alice@example.com ' }), { type: 'openUser', user: 'alice@example.com' });
    assert.deepEqual(navigationOf({ type: 'runEtl', extra: 1 }), { type: 'runEtl' });
  });

  it('drops what names something wrongly', () => {
    for (const bad of [
      { type: 'openTimeline', scenarioId: 'x' },
      { type: 'openTimeline' },
      { type: 'openSnapshot', runId: `${RUN} ` },
      { type: 'openDiagnostics', runId: SCN.slice(1) },
      { type: 'openDiff', runA: RUN },
      { type: 'compareWithLastSuccess' },
      { type: 'compareWithLastSuccess', runId: 'nope', scenarioId: SCN },
      { type: 'rcaNote', runId: 42 },
      { type: 'openUser', user: '   ' },
      { type: 'openUser', user: 'a\u0000b' },
      { type: 'openUser', user: 'x'.repeat(201) },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      null,
      'openOverview',
    ]) {
      assert.equal(navigationOf(bad), null, JSON.stringify(bad));
    }
  });

  it('tells navigation from a panel’s own messages', () => {
    assert.equal(isNavigation({ type: 'openOverview' }), true);
    assert.equal(isNavigation({ type: 'setFilter' }), false);
    assert.equal(isNavigation({ type: 'copyMarkdown' }), false);
  });
});
