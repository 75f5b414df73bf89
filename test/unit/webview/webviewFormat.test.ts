import assert from 'node:assert/strict';
import { formatIso, groupDigits, plural, prettyJson, searchableJson, shortHash, shortId, statusLook } from '../../../webview/common/format';
import { markdownTable } from '../../../webview/common/markdownTable';
import { describeSource, showingText } from '../../../webview/common/ui';

describe('webview formatting', () => {
  it('formats ISO timestamps as UTC text without a Date', () => {
    assert.equal(formatIso('2026-03-01T10:00:00.123Z'), '2026-03-01 10:00:00');
    assert.equal(formatIso('2026-03-01T10:00:00.123456Z'), '2026-03-01 10:00:00');
    assert.equal(formatIso(null), '—');
    assert.equal(formatIso('infinity'), 'infinity');
  });

  it('groups digits with commas whatever the locale', () => {
    assert.equal(groupDigits(0), '0');
    assert.equal(groupDigits(999), '999');
    assert.equal(groupDigits(11950), '11,950');
    assert.equal(groupDigits(-1234567.25), '-1,234,567.25');
    assert.equal(plural(1, 'run'), '1 run');
    assert.equal(plural(12000, 'event'), '12,000 events');
    assert.equal(showingText(5, 5, 'events'), '5 events');
    assert.equal(showingText(2, 1200, 'events'), 'Showing 2 of 1,200 events');
  });

  it('shortens ids and hashes', () => {
    assert.equal(shortId('d07fca86-43e9-4768-8fcc-94700294055f'), 'd07fca86');
    assert.equal(shortId(null), '—');
    assert.equal(shortHash('1aae1f57acfa7866'), '1aae1f57acfa7866');
    assert.equal(shortHash('a'.repeat(64)), `${'a'.repeat(12)}…`);
    assert.equal(shortHash(null), '—');
  });

  it('maps run statuses to an icon and a class', () => {
    assert.deepEqual(statusLook('failed'), { icon: 'error', cls: 'bad', label: 'failed' });
    assert.equal(statusLook('timeout').cls, 'bad');
    assert.equal(statusLook('success').cls, 'ok');
    assert.equal(statusLook(null).label, 'no run');
    assert.equal(statusLook('weird').label, 'weird');
  });

  it('pretty-prints JSON and cuts very long output', () => {
    assert.deepEqual(prettyJson({ a: [1] }), { text: '{\n  "a": [\n    1\n  ]\n}', omitted: 0 });
    assert.deepEqual(prettyJson(undefined), { text: '(absent)', omitted: 0 });
    const big = { patients: Array.from({ length: 12_000 }, (_, i) => ({ age: i })) };
    const p = prettyJson(big, 1000);
    assert.equal(p.text.length, 1000);
    assert.equal(p.text.length + p.omitted, JSON.stringify(big, null, 2).length);
    // Never cuts a surrogate pair in half.
    const emoji = prettyJson('😀😀😀', 4);
    assert.ok(!/[\uD800-\uDBFF]$/.test(emoji.text));
  });

  it('builds lower-cased search text from values', () => {
    assert.equal(searchableJson({ Name: 'ABC' }), '{"name":"abc"}');
    assert.equal(searchableJson('Text'), 'text');
    assert.equal(searchableJson(null), '');
  });

  it('describes the source', () => {
    assert.equal(describeSource({ label: 'demo', demo: true, source: 'reporting' }), 'demo (reporting schema)');
    assert.equal(describeSource({ label: 'db:5432/fc', demo: false, source: 'prod' }), 'db:5432/fc (production)');
  });
});

describe('webview markdown tables', () => {
  it('escapes pipes, line breaks and markup in cells', () => {
    const md = markdownTable(['Name', 'Reason'], [['a|b', 'line1\nline2 <b>x</b> *y*']]);
    const lines = md.trimEnd().split('\n');
    assert.equal(lines[0], '| Name | Reason |');
    assert.equal(lines[1], '| --- | --- |');
    assert.equal(lines[2], '| a\\|b | line1 line2 &lt;b&gt;x&lt;/b&gt; \\*y\\* |');
    assert.equal(lines.length, 3);
  });

  it('puts ids and values in code spans with escaped pipes, empty cells as a space', () => {
    const md = markdownTable(['Path', 'Value', 'Empty'], [[{ code: '$["a|b"]' }, { code: 'x`y' }, null]]);
    assert.equal(md.trimEnd().split('\n')[2], '| `$["a\\|b"]` | ``x`y`` |   |');
  });

  it('adds an escaped title line', () => {
    const md = markdownTable(['A'], [], 'Timeline of *x* | y');
    assert.ok(md.startsWith('**Timeline of \\*x\\* \\| y**\n\n| A |'));
  });

  it('keeps every row the same number of cells', () => {
    const md = markdownTable(['A', 'B', 'C'], [['1'], ['1', '2', '3', '4']]);
    for (const line of md.trimEnd().split('\n')) assert.equal(line.split(/(?<!\\)\|/).length - 2, 3, line);
  });
});
