import assert from 'node:assert/strict';
import { failSignature, groupSignatures, MAX_SIGNATURE_LENGTH } from '../../../src/core/signatures';
import type { FailReasonRow } from '../../../src/core/signatures';

describe('failSignature', () => {
  it('replaces UUIDs', () => {
    assert.equal(
      failSignature('run 3F2A1B4C-1111-2222-3333-444455556666 for node 00000000-0000-0000-0000-000000000001 failed'),
      'run <uuid> for node <uuid> failed',
    );
  });

  it('replaces ISO and PostgreSQL timestamps and dates', () => {
    assert.equal(failSignature('at 2026-03-01T10:00:00.123Z'), 'at <ts>');
    assert.equal(failSignature('at 2026-03-01 10:00:00.123456 then'), 'at <ts> then');
    assert.equal(failSignature('at 2026-03-01 10:00:00+01 then'), 'at <ts> then');
    assert.equal(failSignature('at 2026-03-01T10:00:00+02:00.'), 'at <ts>.');
    assert.equal(failSignature('period 2026-03-01 missing'), 'period <ts> missing');
  });

  it('replaces hex ids of 8+ characters, and 0x literals', () => {
    assert.equal(failSignature('hash 9f86d081884c7d65 mismatch'), 'hash <hex> mismatch');
    assert.equal(failSignature('hash 9F86D081 vs 1a2b3c4d5e6f'), 'hash <hex> vs <hex>');
    assert.equal(failSignature('flag 0x1F set'), 'flag <hex> set');
    // Ordinary words made of a-f letters and short hex are not ids.
    assert.equal(failSignature('accepted deadbeef faced'), 'accepted deadbeef faced');
  });

  it("replaces quoted strings with '<s>' but leaves apostrophes in words", () => {
    assert.equal(failSignature(`column "rate_2026" does not exist`), `column '<s>' does not exist`);
    assert.equal(failSignature(`invalid value 'abc' for 'O''Brien'`), `invalid value '<s>' for '<s>'`);
    assert.equal(failSignature(`can't parse 'x y z' in node's input`), `can't parse '<s>' in node's input`);
    assert.equal(failSignature(`empty '' and "" values`), `empty '<s>' and '<s>' values`);
    assert.equal(failSignature(`escaped "a \\" b" done`), `escaped '<s>' done`);
  });

  it('replaces numbers: ints, decimals, negatives, exponents, percentages', () => {
    assert.equal(failSignature('value 42 exceeds 3.14'), 'value <n> exceeds <n>');
    assert.equal(failSignature('got -12.5 and +7 and .5'), 'got <n> and <n> and <n>');
    assert.equal(failSignature('tolerance 1e-3 vs 2.5E+10'), 'tolerance <n> vs <n>');
    assert.equal(failSignature('growth 45% (limit 12.5 %)'), 'growth <n> (limit <n>)');
    assert.equal(failSignature('x=-7, y=(3), z:[1,2]'), 'x=<n>, y=(<n>), z:[<n>,<n>]');
    assert.equal(failSignature('range 1-5 version 1.2.3'), 'range <n>-<n> version <n>');
  });

  it('keeps digits that are part of identifiers (node2, v1, int4, utf-8, run_42) but not units', () => {
    assert.equal(failSignature('node2 failed in v1 with int4 overflow'), 'node2 failed in v1 with int4 overflow');
    assert.equal(failSignature('encoding utf-8 in run_42 and a-5'), 'encoding utf-8 in run_42 and a-5');
    assert.equal(failSignature('timeout after 30s (limit 12ms, 1.5GB)'), 'timeout after <n>s (limit <n>ms, <n>GB)');
  });

  it('groups texts that differ only in ids, numbers and quoted values', () => {
    const a = failSignature(
      `Node "Revenue" failed: value 12.5 > 10 at 2026-03-01 10:00:00.1 (run 3f2a1b4c-1111-2222-3333-444455556666)`,
    );
    const b = failSignature(
      `Node "Costs"  failed: value -3 > 100 at 2026-03-02T11:00:00Z\n(run 9e2a1b4c-aaaa-2222-3333-444455556666)`,
    );
    assert.equal(a, b);
    assert.equal(a, `Node '<s>' failed: value <n> > <n> at <ts> (run <uuid>)`);
    assert.notEqual(failSignature('division by zero in node2'), failSignature('division by zero in node3'));
  });

  it('collapses whitespace, trims, and keeps at most 300 characters', () => {
    assert.equal(failSignature('  a \n\t b   c  '), 'a b c');
    const long = failSignature('word '.repeat(200));
    assert.equal(long.length, MAX_SIGNATURE_LENGTH);
    assert.equal(MAX_SIGNATURE_LENGTH, 300);
    const emoji = failSignature('😀'.repeat(400));
    assert.equal(Array.from(emoji).length, 300);
  });
});

describe('groupSignatures', () => {
  const row = (run: string, scenario: string, model: string, reason: string | null, at: string): FailReasonRow => ({
    run_id: run,
    scenario_id: scenario,
    model_name: model,
    fail_reason: reason,
    at,
  });

  it('groups, counts and collects distinct sorted ids and models', () => {
    const groups = groupSignatures([
      row('r3', 's2', 'Model B', 'timeout after 30 s', '2026-03-03T00:00:00.000Z'),
      row('r1', 's1', 'Model A', 'timeout after 10 s', '2026-03-01T00:00:00.000Z'),
      row('r2', 's1', 'Model A', 'timeout after 20 s', '2026-03-02T00:00:00.5Z'),
      row('r4', 's3', 'Model A', 'division by zero', '2026-03-04T00:00:00.000Z'),
      row('r5', 's3', 'Model A', null, '2026-03-05T00:00:00.000Z'),
      row('r6', 's3', 'Model A', '   ', '2026-03-05T00:00:00.000Z'),
    ]);
    assert.equal(groups.length, 2);
    const [t, d] = groups;
    assert.deepEqual(t, {
      signature: 'timeout after <n> s',
      example: 'timeout after 30 s',
      count: 3,
      scenario_ids: ['s1', 's2'],
      run_ids: ['r1', 'r2', 'r3'],
      model_names: ['Model A', 'Model B'],
      first_seen: '2026-03-01T00:00:00.000Z',
      last_seen: '2026-03-03T00:00:00.000Z',
      category: 'timeout',
    });
    assert.equal(d!.signature, 'division by zero');
    assert.equal(d!.count, 1);
    assert.equal(d!.category, 'calculation');
  });

  it('uses the most recent row as example with mixed precision timestamps', () => {
    const groups = groupSignatures([
      row('r1', 's1', 'M', 'err 1', '2026-03-01T10:00:00.000900Z'),
      row('r2', 's1', 'M', 'err 2', '2026-03-01T10:00:00.001Z'),
      row('r3', 's1', 'M', 'err 3', '2026-03-01T10:00:00Z'),
    ]);
    assert.equal(groups[0]!.example, 'err 2');
    assert.equal(groups[0]!.first_seen, '2026-03-01T10:00:00Z');
    assert.equal(groups[0]!.last_seen, '2026-03-01T10:00:00.001Z');
  });

  it('a timed-out latest run makes the signature a timeout', () => {
    const [g] = groupSignatures([{ ...row('r1', 's', 'M', 'worker stopped', '2026-03-01T00:00:00.000Z'), run_status: 'timeout' }]);
    assert.equal(g.category, 'timeout');
    assert.equal(groupSignatures([row('r1', 's', 'M', 'worker stopped', '2026-03-01T00:00:00.000Z')])[0].category, 'other');
  });

  it('orders by count desc, then signature', () => {
    const groups = groupSignatures([
      row('r1', 's', 'M', 'zeta', '2026-03-01T00:00:00.000Z'),
      row('r2', 's', 'M', 'beta', '2026-03-01T00:00:00.000Z'),
      row('r3', 's', 'M', 'alpha', '2026-03-01T00:00:00.000Z'),
      row('r4', 's', 'M', 'zeta', '2026-03-02T00:00:00.000Z'),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.signature, g.count]),
      [
        ['zeta', 2],
        ['alpha', 1],
        ['beta', 1],
      ],
    );
  });

  it('returns [] when there is nothing to group', () => {
    assert.deepEqual(groupSignatures([]), []);
    assert.deepEqual(groupSignatures([row('r', 's', 'M', null, '2026-03-01T00:00:00.000Z')]), []);
  });
});
