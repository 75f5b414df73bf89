/**
 * `etl --scenario-id ID`: bad input is one clear message and exit code 1, before any
 * connection (the loading itself: test/integration/auditFacts.test.ts).
 */
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  // No connection variable and no --demo: nothing here may reach a database.
  const code = await main(argv, { env: {}, out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('etl --scenario-id: bad input', () => {
  it('not a UUID: exit 1, one line naming the value', async () => {
    const r = await run(['etl', '--scenario-id', 'scenario-42']);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /--scenario-id: not a scenario id \(a UUID\): 'scenario-42'\n$/);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  });

  it('with --full, --incremental, --since or --verify: exit 1, says why', async () => {
    const id = '0f1e2d3c-4b5a-4968-8776-655443322110';
    for (const extra of [['--full'], ['--incremental'], ['--since', '2026-11-01'], ['--verify']]) {
      const r = await run(['etl', '--scenario-id', id, ...extra]);
      assert.equal(r.code, 1, extra.join(' '));
      assert.match(r.err, /--scenario-id loads one scenario's whole history: use it without --full, --incremental, --since and --verify/, extra.join(' '));
    }
  });

  it('is in the help of etl', async () => {
    const r = await run(['help', 'etl']);
    assert.equal(r.code, 0);
    assert.match(r.out, /--scenario-id ID/);
  });
});
