import assert from 'node:assert/strict';
import { DEFAULT_ID_PATTERN } from '../../../src/vscode/constants';
import { compileIdPattern, firstId, idAt, idsIn } from '../../../src/vscode/hover/idExtraction';
import { isUuid } from '../../../src/core/ids';

const RUN = '3f2a9c1e-7b4d-4e21-9a0b-1c2d3e4f5a6b';
const OTHER = 'AABBCCDD-1122-4334-8556-778899AABBCC';

describe('hover: id pattern', () => {
  it('uses the default for empty or missing settings', () => {
    for (const p of [undefined, null, '', '   ']) {
      const c = compileIdPattern(p);
      assert.equal(c.source, DEFAULT_ID_PATTERN);
      assert.equal(c.error, undefined);
      assert.ok(c.regex.global);
    }
  });

  it('falls back to the default with an error for an invalid regex or one matching the empty string', () => {
    const bad = compileIdPattern('([0-9a-f');
    assert.equal(bad.source, DEFAULT_ID_PATTERN);
    assert.ok(bad.error && bad.error.length > 0);
    const empty = compileIdPattern('x*');
    assert.equal(empty.source, DEFAULT_ID_PATTERN);
    assert.match(empty.error ?? '', /empty string/);
  });

  it('compiles a valid custom pattern', () => {
    const c = compileIdPattern('run_id=(?<id>[0-9a-f-]{36})');
    assert.equal(c.source, 'run_id=(?<id>[0-9a-f-]{36})');
    assert.equal(c.error, undefined);
    assert.equal(c.regex.lastIndex, 0);
  });

  it('isUuid', () => {
    assert.ok(isUuid(RUN) && isUuid(OTHER));
    assert.ok(!isUuid(`${RUN}0`) && !isUuid('3f2a9c1e'));
  });
});

describe('hover: id at a column', () => {
  const { regex } = compileIdPattern(undefined);
  const line = `2026-03-01 10:00:00 ERROR run ${RUN} failed; scenario=${OTHER} retry`;
  const start = line.indexOf(RUN);
  const otherStart = line.indexOf(OTHER);

  it('finds the id containing the column, lower-cased, with its range', () => {
    for (const col of [start, start + 10, start + 35]) {
      assert.deepEqual(idAt(line, col, regex), { id: RUN, start, end: start + 36 }, `column ${col}`);
    }
    assert.deepEqual(idAt(line, otherStart + 3, regex), { id: OTHER.toLowerCase(), start: otherStart, end: otherStart + 36 });
  });

  it('accepts a cursor right after an id, and nothing elsewhere', () => {
    assert.equal(idAt(line, start + 36, regex)?.id, RUN);
    assert.equal(idAt(line, 0, regex), undefined);
    assert.equal(idAt(line, start - 2, regex), undefined);
    assert.equal(idAt('', 0, regex), undefined);
  });

  it('needs word boundaries with the default pattern', () => {
    assert.equal(idAt(`x${RUN}`, 5, regex), undefined);
    assert.equal(idAt(`${RUN}0`, 5, regex), undefined);
    assert.equal(idAt(`"${RUN}"`, 5, regex)?.id, RUN);
    assert.equal(idAt(`run_id=${RUN},`, 10, regex)?.id, RUN);
  });

  it('scans only a window around the column of a huge line', () => {
    const huge = `${'x '.repeat(50_000)}${RUN}${' y'.repeat(50_000)}`;
    const at = huge.indexOf(RUN);
    assert.deepEqual(idAt(huge, at + 1, regex), { id: RUN, start: at, end: at + 36 });
    assert.equal(idAt(huge, 10, regex), undefined);
  });

  it('with a custom pattern: the named group `id`, else the first group, else the match', () => {
    const named = compileIdPattern('req=(?<id>[0-9a-fA-F-]{36})').regex;
    const text = `id=${OTHER} req=${RUN} end`;
    const at = text.indexOf(RUN);
    assert.deepEqual(idAt(text, at + 2, named), { id: RUN, start: at, end: at + 36 });
    assert.equal(idAt(text, text.indexOf(OTHER) + 2, named), undefined, 'ids outside the pattern are ignored');
    const group = compileIdPattern('run:([0-9a-f-]+)').regex;
    assert.equal(idAt(`run:${RUN}`, 10, group)?.id, RUN);
    assert.equal(idAt(`run:${RUN}`, 10, group)?.start, 4);
    const plain = compileIdPattern('[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}').regex;
    assert.equal(idAt(`xx${RUN}`, 5, plain)?.id, RUN, 'a pattern without \\b also matches inside words');
  });

  it('skips matches that are not UUIDs (the engine only knows UUIDs)', () => {
    const loose = compileIdPattern('[0-9a-f]{8}').regex;
    assert.deepEqual(idsIn('deadbeef cafebabe', loose), []);
  });

  it('accepts a non-global regex', () => {
    assert.equal(idAt(line, start + 1, new RegExp(DEFAULT_ID_PATTERN))?.id, RUN);
  });
});

describe('hover: first id of a selection', () => {
  const { regex } = compileIdPattern(undefined);

  it('returns the first id, lower-cased', () => {
    assert.equal(firstId(`run ${OTHER} then ${RUN}`, regex)?.id, OTHER.toLowerCase());
    assert.equal(firstId(`{"run_id": "${RUN}"}\n{"x": 1}`, regex)?.id, RUN);
  });

  it('returns undefined without an id', () => {
    assert.equal(firstId('no id here 3f2a9c1e', regex), undefined);
    assert.equal(firstId('', regex), undefined);
  });

  it('all ids of a line, in order', () => {
    assert.deepEqual(
      idsIn(`${RUN} ${OTHER}`, regex).map((h) => h.id),
      [RUN, OTHER.toLowerCase()],
    );
  });
});
