import * as assert from 'node:assert/strict';
import { NotFoundError, UserError } from '../../../src/core/errors';
import type { Analyses } from '../../../src/engine/analyses';
import { Engine } from '../../../src/engine/engine';

/** Stand-ins for the two sources: only their identity matters to Engine.read. */
const primary = { name: 'reporting' } as unknown as Analyses;
const fallback = { name: 'prod' } as unknown as Analyses;

describe('Engine.read: the fallback source', () => {
  it('an id the primary source does not know (NotFoundError) is read from the fallback', async () => {
    const engine = new Engine(primary, fallback);
    const seen: unknown[] = [];
    const answer = await engine.read(async (a) => {
      seen.push(a);
      if (a === primary) throw new NotFoundError('unknown run id 1 (not found on reporting)');
      return 'from prod';
    });
    assert.equal(answer, 'from prod');
    assert.deepEqual(seen, [primary, fallback]);
  });

  it('other user errors, even ones worded "unknown …", are not retried', async () => {
    const engine = new Engine(primary, fallback);
    let calls = 0;
    await assert.rejects(
      engine.read(async () => {
        calls++;
        throw new UserError('unknown sslmode');
      }),
      /unknown sslmode/,
    );
    assert.equal(calls, 1);
  });

  it('without a fallback the NotFoundError reaches the caller', async () => {
    const engine = new Engine(primary, null);
    await assert.rejects(
      engine.read(async () => {
        throw new NotFoundError('unknown scenario id 2');
      }),
      (err: unknown) => err instanceof NotFoundError && err.exitCode === 1,
    );
  });
});
