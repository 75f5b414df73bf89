import assert from 'node:assert/strict';
import { MAX_JSON_DEPTH, TOO_DEEP, jsonDiff, jsonText, pathKey, summarizeValue } from '../../../src/core/jsonDiff';

describe('jsonDiff', () => {
  it('returns [] for identical inputs, including deep copies', () => {
    const v = { a: 1, b: [1, 2, { c: 'x' }], d: null, e: { f: true } };
    assert.deepEqual(jsonDiff(v, v), []);
    assert.deepEqual(jsonDiff(v, JSON.parse(JSON.stringify(v))), []);
    assert.deepEqual(jsonDiff(null, null), []);
    assert.deepEqual(jsonDiff(3, 3), []);
    assert.deepEqual(jsonDiff([], []), []);
  });

  it('reports a changed scalar inside nested objects and arrays', () => {
    const before = { growth: { rates: [0.1, 0.2, 0.3, 0.4] } };
    const after = { growth: { rates: [0.1, 0.2, 0.3, 0.5] } };
    assert.deepEqual(jsonDiff(before, after), [{ path: '$.growth.rates[3]', kind: 'changed', before: 0.4, after: 0.5 }]);
  });

  it('reports added and removed object keys in sorted key order', () => {
    const changes = jsonDiff({ z: 1, b: 2, m: 3 }, { a: 0, m: 3, z: 2 });
    assert.deepEqual(changes, [
      { path: '$.a', kind: 'added', before: undefined, after: 0 },
      { path: '$.b', kind: 'removed', before: 2, after: undefined },
      { path: '$.z', kind: 'changed', before: 1, after: 2 },
    ]);
  });

  it('reports extra array elements as added/removed by index', () => {
    assert.deepEqual(jsonDiff([1, 2], [1, 2, 3, 4]), [
      { path: '$[2]', kind: 'added', before: undefined, after: 3 },
      { path: '$[3]', kind: 'added', before: undefined, after: 4 },
    ]);
    assert.deepEqual(jsonDiff({ xs: ['a', 'b', 'c'] }, { xs: ['a'] }), [
      { path: '$.xs[1]', kind: 'removed', before: 'b', after: undefined },
      { path: '$.xs[2]', kind: 'removed', before: 'c', after: undefined },
    ]);
  });

  it("uses kind 'type' when the JSON type differs", () => {
    assert.deepEqual(jsonDiff({ v: 1 }, { v: '1' }), [{ path: '$.v', kind: 'type', before: 1, after: '1' }]);
    assert.deepEqual(jsonDiff({ v: { a: 1 } }, { v: null }), [{ path: '$.v', kind: 'type', before: { a: 1 }, after: null }]);
    assert.deepEqual(jsonDiff({ v: {} }, { v: [] }), [{ path: '$.v', kind: 'type', before: {}, after: [] }]);
    assert.deepEqual(jsonDiff({ v: true }, { v: 0 }), [{ path: '$.v', kind: 'type', before: true, after: 0 }]);
  });

  it('reports a whole-value change at $ when a side is a scalar', () => {
    assert.deepEqual(jsonDiff(1, 2), [{ path: '$', kind: 'changed', before: 1, after: 2 }]);
    assert.deepEqual(jsonDiff('a', { a: 1 }), [{ path: '$', kind: 'type', before: 'a', after: { a: 1 } }]);
    assert.deepEqual(jsonDiff(null, [1]), [{ path: '$', kind: 'type', before: null, after: [1] }]);
  });

  it('treats a missing side (undefined) as absent', () => {
    assert.deepEqual(jsonDiff(undefined, { a: 1 }), [{ path: '$', kind: 'added', before: undefined, after: { a: 1 } }]);
    assert.deepEqual(jsonDiff({ a: 1, b: undefined }, { a: 1 }), []);
  });

  it('writes non-identifier keys with JSON-escaped bracket notation', () => {
    const changes = jsonDiff(
      { 'weird key': 1, 'quote"d': 1, '3d': 1, ok_$1: 1, 'ü': 1 },
      { 'weird key': 2, 'quote"d': 2, '3d': 2, ok_$1: 2, 'ü': 2 },
    );
    assert.deepEqual(
      changes.map((c) => c.path),
      ['$["3d"]', '$.ok_$1', '$["quote\\"d"]', '$["weird key"]', '$["ü"]'],
    );
    assert.equal(pathKey('$', 'a.b'), '$["a.b"]');
    assert.equal(pathKey('$', ''), '$[""]');
  });

  it('caps the number of changes at maxChanges (default 200)', () => {
    const a = Array.from({ length: 500 }, (_, i) => i);
    const b = a.map((x) => x + 1);
    assert.equal(jsonDiff(a, b).length, 200);
    const five = jsonDiff(a, b, { maxChanges: 5 });
    assert.deepEqual(
      five.map((c) => c.path),
      ['$[0]', '$[1]', '$[2]', '$[3]', '$[4]'],
    );
    assert.equal(jsonDiff(a, b, { maxChanges: 1000 }).length, 500);
  });

  it('is fast on ~200 KB inputs', () => {
    const make = (seed: number): unknown => ({
      series: Array.from({ length: 4000 }, (_, i) => ({ period: `2026-${(i % 12) + 1}`, value: i * seed, tag: `t${i}` })),
      meta: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])),
    });
    const a = make(1);
    const b = make(1);
    (b as { series: Array<{ value: number }> }).series[3999]!.value = -1;
    assert.ok(JSON.stringify(a).length > 200_000);
    const t0 = process.hrtime.bigint();
    const changes = jsonDiff(a, b);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.deepEqual(changes, [{ path: '$.series[3999].value', kind: 'changed', before: 3999, after: -1 }]);
    assert.ok(ms < 500, `took ${ms} ms`);
    // Completely different large arrays: capped, and still fast.
    const t1 = process.hrtime.bigint();
    assert.equal(jsonDiff(a, make(2)).length, 200);
    assert.ok(Number(process.hrtime.bigint() - t1) / 1e6 < 500);
  });

  it('does not overflow the stack on deeply nested input', () => {
    let a: unknown = 1;
    let b: unknown = 2;
    for (let i = 0; i < 20_000; i++) {
      a = [a];
      b = [b];
    }
    const changes = jsonDiff(a, b);
    assert.equal(changes.length, 1);
    assert.equal(changes[0]!.path, `$${'[0]'.repeat(20_000)}`);
  });
});

describe('summarizeValue', () => {
  it('renders compact one-line JSON with quoted strings', () => {
    assert.equal(summarizeValue('abc'), '"abc"');
    assert.equal(summarizeValue(1.5), '1.5');
    assert.equal(summarizeValue(null), 'null');
    assert.equal(summarizeValue(true), 'true');
    assert.equal(summarizeValue({ a: [1, 2], b: 'x' }), '{"a":[1,2],"b":"x"}');
    assert.equal(summarizeValue('line1\nline2'), '"line1\\nline2"');
    assert.equal(summarizeValue(undefined), '(absent)');
  });

  it('truncates to maxLen with an ellipsis', () => {
    const long = { values: Array.from({ length: 1000 }, (_, i) => i) };
    const s = summarizeValue(long, 30);
    assert.equal(Array.from(s).length, 30);
    assert.ok(s.endsWith('…'));
    assert.ok(s.startsWith('{"values":[0,1,2'));
    assert.equal(summarizeValue('x'.repeat(100), 10), `"${'x'.repeat(8)}…`);
    assert.equal(summarizeValue([1, 2, 3], 80), '[1,2,3]');
  });

  it('stays cheap on a huge value', () => {
    const huge = 'y'.repeat(5_000_000);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) summarizeValue({ huge }, 80);
    assert.ok(Number(process.hrtime.bigint() - t0) / 1e6 < 500);
  });

  it('never cuts a surrogate pair', () => {
    const s = summarizeValue('😀'.repeat(50), 10);
    assert.equal(Array.from(s).length, 10);
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(s));
  });
});

describe('jsonDiff: long array tails', () => {
  it('reports a tail of more than ARRAY_TAIL_RANGE elements as one slice change, keeping sibling changes visible', () => {
    const before = { patients: Array.from({ length: 50 }, (_, i) => ({ id: i })), source: 'registry-2025', version: 3 };
    const after = { patients: Array.from({ length: 12_000 }, (_, i) => ({ id: i })), source: 'registry-2026', version: 4 };
    const changes = jsonDiff(before, after);
    assert.deepEqual(
      changes.map((c) => [c.path, c.kind]),
      [
        ['$.patients[50:12000]', 'added'],
        ['$.source', 'changed'],
        ['$.version', 'changed'],
      ],
    );
    assert.equal((changes[0].after as unknown[]).length, 11_950);
    assert.deepEqual((changes[0].after as unknown[])[0], { id: 50 });
  });

  it('reports a shrinking tail as removed, and short tails element by element', () => {
    const shrink = jsonDiff({ a: Array.from({ length: 30 }, (_, i) => i) }, { a: [0, 1, 2] });
    assert.deepEqual(shrink.map((c) => [c.path, c.kind]), [['$.a[3:30]', 'removed']]);
    assert.equal((shrink[0].before as unknown[]).length, 27);
    const short = jsonDiff([1, 2], [1, 2, 3, 4]);
    assert.deepEqual(short.map((c) => c.path), ['$[2]', '$[3]']);
  });
});

describe('issue 20 item 7: values nested 10,000 levels deep', () => {
  const DEPTH = 10_000;
  function deepObject(leaf: unknown): unknown {
    let v: unknown = leaf;
    for (let i = 0; i < DEPTH; i++) v = { a: v };
    return v;
  }
  function deepArray(leaf: unknown): unknown {
    let v: unknown = leaf;
    for (let i = 0; i < DEPTH; i++) v = [v];
    return v;
  }

  it('jsonDiff finds the one difference at the bottom, with its exact path, and its values serialise', () => {
    const changes = jsonDiff({ x: deepObject(1) }, { x: deepObject(2) });
    assert.equal(changes.length, 1);
    assert.equal(changes[0].path, `$.x${'.a'.repeat(DEPTH)}`);
    assert.deepEqual([changes[0].kind, changes[0].before, changes[0].after], ['changed', 1, 2]);
    const arr = jsonDiff(deepArray('p'), deepArray('q'));
    assert.equal(arr[0].path, `$${'[0]'.repeat(DEPTH)}`);
    // A type change high up carries the whole deep value: cut, so it serialises.
    const typed = jsonDiff({ y: 1 }, { y: deepArray(0) });
    assert.equal(typed[0].kind, 'type');
    assert.ok(JSON.stringify(typed).includes(TOO_DEEP));
  });

  it('jsonText renders any depth with the depth limit (objects and arrays); shallow values exactly as JSON.stringify', () => {
    for (const v of [deepObject('leaf'), deepArray('leaf')]) {
      assert.throws(() => JSON.stringify(v), RangeError, 'the fixture is deep enough to overflow JSON.stringify');
      const text = jsonText({ input_data: v }, 2);
      let back = (JSON.parse(text) as { input_data: unknown }).input_data;
      let n = 1; // input_data is level 1 below the root
      while (back !== null && typeof back === 'object') {
        back = Array.isArray(back) ? back[0] : (back as { a: unknown }).a;
        n++;
      }
      assert.equal(back, TOO_DEEP);
      assert.equal(n, MAX_JSON_DEPTH);
    }
    const shallow = { a: [1, { b: 'x', c: null }], d: 'é\u0001' };
    assert.equal(jsonText(shallow, 2), JSON.stringify(shallow, null, 2));
    assert.equal(jsonText(shallow), JSON.stringify(shallow));
  });

  it('summarizeValue of a 10,000-deep value is a short line', () => {
    const s = summarizeValue(deepObject(1), 40);
    assert.equal(Array.from(s).length, 40);
    assert.ok(s.startsWith('{"a":{"a":'), s);
    assert.ok(s.endsWith('…'));
  });
});
