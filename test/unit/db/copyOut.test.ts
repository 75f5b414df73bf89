/**
 * The COPY … TO STDOUT reader (src/db/pgCopy.ts) turns the server's CopyData chunks into
 * batches of whole rows. Its batches are checked here against a reference split of the
 * same bytes: no row lost, none invented, none cut, at most one empty-handed flush.
 */
import assert from 'node:assert/strict';
import type { Connection } from 'pg';
import { CopyOutQuery } from '../../../src/db/pgCopy';
import { splitRows } from '../../../src/db/copyFormat';

/** A seeded PRNG (mulberry32), so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'Z', '0', '\\t', '\\n', '\\\\', 'é', '日', '🙂', '\t', '-', '{"k":1}'];

/** `n` COPY text rows (escaped newlines inside values; a raw newline only ends a row). */
function rows(n: number, rnd: () => number): string[] {
  return Array.from({ length: n }, (_, i) => {
    let s = `${i}\t`;
    const len = Math.floor(rnd() * 40);
    for (let k = 0; k < len; k++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
    return `${s}\n`;
  });
}

interface FakeConnection {
  paused: boolean;
  query(text: string): void;
  stream: { pause(): void; resume(): void };
}

function fakeConnection(): FakeConnection {
  const c: FakeConnection = {
    paused: false,
    query: () => undefined,
    stream: { pause: () => void (c.paused = true), resume: () => void (c.paused = false) },
  };
  return c;
}

/** Feeds `data` to a CopyOutQuery in chunks cut at `cuts`, as the protocol parser would. */
async function readThrough(data: Buffer, cuts: number[], maxRows: number, rowCount: number): Promise<Buffer[]> {
  const q = new CopyOutQuery('COPY x TO STDOUT', maxRows);
  q.submit(fakeConnection() as unknown as Connection);
  const out: Buffer[] = [];
  const reading = (async () => {
    for await (const b of q.batches()) out.push(Buffer.from(b));
  })();
  let at = 0;
  for (const cut of [...cuts, data.length]) {
    // The parser reuses its buffer: hand over a copy that is then scribbled over.
    const chunk = Buffer.from(data.subarray(at, cut));
    q.handleCopyData({ chunk });
    chunk.fill(0x0a);
    at = cut;
  }
  q.handleCommandComplete({ text: `COPY ${rowCount}` });
  q.handleReadyForQuery();
  await reading;
  assert.equal(await q.done, rowCount);
  return out;
}

function assertWholeRows(batches: Buffer[], data: Buffer, maxRows: number, label: string): void {
  assert.equal(Buffer.concat(batches).toString('utf8'), data.toString('utf8'), `${label}: the batches are the data`);
  for (const b of batches) {
    assert.ok(b.length > 0, `${label}: no empty batch`);
    assert.equal(b[b.length - 1], 10, `${label}: every batch ends a row`);
  }
  // Exactly `maxRows` rows a batch, wherever the stream was cut; the last holds what is left.
  const counts = batches.map((b) => b.toString('utf8').split('\n').length - 1);
  for (const c of counts.slice(0, -1)) assert.equal(c, maxRows, `${label}: a batch of ${c} rows before the end`);
  if (counts.length) assert.ok(counts[counts.length - 1] >= 1 && counts[counts.length - 1] <= maxRows, `${label}: last batch`);
}

describe('COPY TO STDOUT reader (batches of whole rows)', () => {
  it('yields no batch and no garbage for zero rows (the empty node-calc table)', async () => {
    for (let i = 0; i < 50; i++) {
      const batches = await readThrough(Buffer.alloc(0), [], 1000, 0);
      assert.deepEqual(batches, [], `try ${i}`);
    }
  });

  it('yields exactly k batches for exactly k × batch-size rows, on every repeated run', async () => {
    const rnd = prng(7);
    for (let run = 0; run < 30; run++) {
      for (const k of [1, 2, 5]) {
        const maxRows = 100;
        const data = Buffer.from(rows(k * maxRows, rnd).join(''), 'utf8');
        // One chunk per row, as a server that sends a CopyData message per row does.
        const cuts: number[] = [];
        for (let i = data.indexOf(10); i >= 0 && i + 1 < data.length; i = data.indexOf(10, i + 1)) cuts.push(i + 1);
        const batches = await readThrough(data, cuts, maxRows, k * maxRows);
        assert.equal(batches.length, k, `run ${run}, k=${k}: ${batches.length} batches`);
        assertWholeRows(batches, data, maxRows, `run ${run}, k=${k}`);
      }
    }
  });

  it('keeps a row split across chunks whole (a cut inside a multi-byte character too)', async () => {
    const data = Buffer.from('1\tabc日本\n2\tdéf\n3\txyz\n', 'utf8');
    const inside = data.indexOf(Buffer.from('本', 'utf8')) + 1; // inside the character's three bytes
    const batches = await readThrough(data, [3, inside, inside + 1], 1, 3);
    assert.deepEqual(
      batches.map((b) => b.toString('utf8')),
      ['1\tabc日本\n', '2\tdéf\n', '3\txyz\n'],
    );
  });

  it('matches the reference split under random chunk boundaries and batch sizes (fuzz, 400 cases)', async () => {
    for (let seed = 1; seed <= 400; seed++) {
      const rnd = prng(seed);
      const n = Math.floor(rnd() * 60);
      const maxRows = 1 + Math.floor(rnd() * 12);
      const data = Buffer.from(rows(n, rnd).join(''), 'utf8');
      const cuts = new Set<number>();
      const cutCount = Math.floor(rnd() * 20);
      for (let i = 0; i < cutCount && data.length > 1; i++) cuts.add(1 + Math.floor(rnd() * (data.length - 1)));
      const batches = await readThrough(data, [...cuts].sort((a, b) => a - b), maxRows, n);
      assertWholeRows(batches, data, maxRows, `seed ${seed}`);
      // The reference: the same rows, whatever the batching.
      const reference = [...splitRows(data, 1)].map((b) => b.toString('utf8'));
      assert.deepEqual(Buffer.concat(batches).toString('utf8').split(/(?<=\n)/).filter(Boolean), reference, `seed ${seed}`);
    }
  });

  it('refuses a stream that ends inside a row instead of dropping it', async () => {
    const q = new CopyOutQuery('COPY x TO STDOUT', 10);
    q.submit(fakeConnection() as unknown as Connection);
    q.handleCopyData({ chunk: Buffer.from('1\tok\n2\tcut', 'utf8') });
    q.handleReadyForQuery();
    const got: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const b of q.batches()) got.push(b.toString('utf8'));
      })(),
      /ended inside a row/,
    );
    assert.deepEqual(got, ['1\tok\n']);
  });
});
