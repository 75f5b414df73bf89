import assert from 'node:assert/strict';
import {
  addToBookmarksMetadata,
  BOOKMARK_SCHEMA,
  BOOKMARKS_METADATA_SCHEMA,
  bookmarkName,
  buildBookmark,
  buildBookmarksMetadataEntry,
  buildReportUrl,
  escapeFilterName,
  filterLiteral,
} from '../../../src/core/powerbi';
import type { ValidateFunction } from 'ajv';
import { powerBiValidators } from '../../powerbiSchemas';

const validators = powerBiValidators;

/** Decodes the filter parameter of a URL built by buildReportUrl. */
function filterOf(url: string): string {
  const m = /[?&]filter=([^&#]*)/.exec(url);
  assert.ok(m, `no filter in ${url}`);
  return decodeURIComponent(m[1]!);
}

describe('powerbi: buildReportUrl', () => {
  const base = 'https://app.powerbi.com/groups/me/reports/1234/ReportSection';

  it('adds a single string filter in Table/Field eq \'value\' form', () => {
    const url = buildReportUrl(base, [{ table: 'Scenario', field: 'ScenarioId', value: 'abc' }]);
    assert.equal(url, `${base}?filter=Scenario%2FScenarioId%20eq%20'abc'`);
    assert.equal(filterOf(url), "Scenario/ScenarioId eq 'abc'");
  });

  it('joins several filters with " and " and leaves numbers unquoted', () => {
    const url = buildReportUrl(base, [
      { table: 'Run', field: 'Status', value: 'failed' },
      { table: 'Run', field: 'Attempt', value: 3 },
      { table: 'Run', field: 'Ratio', value: -0.25 },
    ]);
    assert.equal(filterOf(url), "Run/Status eq 'failed' and Run/Attempt eq 3 and Run/Ratio eq -0.25");
  });

  it("doubles single quotes in values and percent-encodes special characters", () => {
    const url = buildReportUrl(base, [{ table: 'Scenario', field: 'Name', value: "O'Brien & Co #1 + 50%?" }]);
    assert.equal(filterOf(url), "Scenario/Name eq 'O''Brien & Co #1 + 50%?'");
    const query = url.slice(url.indexOf('?') + 1);
    assert.ok(!/[ &#+?%](?![0-9A-F]{2})/.test(query.replace(/^filter=/, '')), query);
    assert.ok(query.includes('%26') && query.includes('%23') && query.includes('%2B') && query.includes('%25'));
  });

  it('escapes table and field names with _xHHHH_ and encodes unicode values as UTF-8', () => {
    const url = buildReportUrl(base, [{ table: 'Fact Scenario-Events', field: 'Node (name)', value: 'Prévision – 日本' }]);
    assert.equal(filterOf(url), "Fact_x0020_Scenario_x002D_Events/Node_x0020__x0028_name_x0029_ eq 'Prévision – 日本'");
    assert.ok(url.includes('Pr%C3%A9vision%20%E2%80%93%20%E6%97%A5%E6%9C%AC'));
    assert.ok(/^[\x21-\x7e]+$/.test(url), 'URL is plain ASCII without spaces');
  });

  it('keeps existing query parameters (filter first, others after) and the fragment, replacing an old filter', () => {
    const url = buildReportUrl(`${base}?ctid=tenant-1&experience=power-bi&filter=Old/X%20eq%201#frag`, [
      { table: 'T', field: 'F', value: 'v' },
    ]);
    assert.equal(url, `${base}?filter=T%2FF%20eq%20'v'&ctid=tenant-1&experience=power-bi#frag`);
  });

  it('returns the base URL unchanged when there are no filters', () => {
    assert.equal(buildReportUrl(`${base}?ctid=1`, []), `${base}?ctid=1`);
  });

  it('rejects non-http(s) or invalid base URLs and bad values', () => {
    assert.throws(() => buildReportUrl('javascript:alert(1)', []), /http or https/);
    assert.throws(() => buildReportUrl('file:///etc/passwd', [{ table: 'T', field: 'F', value: 1 }]), /http or https/);
    assert.throws(() => buildReportUrl('not a url', []), /valid/);
    assert.throws(() => buildReportUrl(base, [{ table: 'T', field: 'F', value: Number.NaN }]), /finite/);
    assert.throws(() => buildReportUrl(base, [{ table: '', field: 'F', value: 'x' }]), /table/);
  });

  it('escapeFilterName / filterLiteral follow the documented rules', () => {
    assert.equal(escapeFilterName('Table Name'), 'Table_x0020_Name');
    assert.equal(escapeFilterName('a$b.c/d:e+f'), 'a_x0024_b_x002E_c_x002F_d_x003A_e_x002B_f');
    assert.equal(escapeFilterName('[Column]'), '_x005B_Column_x005D_');
    assert.equal(escapeFilterName('snake_case_1'), 'snake_case_1');
    assert.equal(escapeFilterName('é'), '_x00E9_');
    assert.equal(escapeFilterName('😀'), '_xD83D__xDE00_');
    // A literal "_x0020_" in a name must not read as an escaped space.
    assert.equal(escapeFilterName('a_x0020_b'), 'a_x005F_x0020_b');
    assert.equal(filterLiteral("it's"), "'it''s'");
    assert.equal(filterLiteral(''), "''");
    assert.equal(filterLiteral(17), '17');
  });
});

describe('powerbi: bookmarks', () => {
  const sample = (): Record<string, unknown> =>
    buildBookmark({
      name: bookmarkName('ClearSightRCA', '3f2a1b4c-1111-2222-3333-444455556666'),
      displayName: `RCA – Prévision 日本 "<script>"`,
      reportPage: 'ReportSection1a2b3c',
      filters: [
        { table: 'fact_scenario_events', field: 'scenario_id', values: ['3f2a1b4c-1111-2222-3333-444455556666'] },
        { table: 'Dim Scenario', field: 'Scenario Name', values: ["O'Brien", 'Prévision – 日本'] },
      ],
    });

  it('builds a bookmark with $schema, names, active section and In filters on the page, by expression', () => {
    const b = sample();
    assert.equal(b.$schema, BOOKMARK_SCHEMA);
    assert.equal(b.name, 'ClearSightRCA_3f2a1b4c-1111-2222-3333-444455556666');
    assert.equal(b.displayName, `RCA – Prévision 日本 "<script>"`);
    const es = b.explorationState as {
      activeSection: string;
      version: string;
      filters?: unknown;
      sections: Record<string, { visualContainers: object; filters: { byExpr: Array<Record<string, unknown>>; byName?: unknown } }>;
    };
    assert.equal(es.activeSection, 'ReportSection1a2b3c');
    assert.deepEqual(Object.keys(es.sections), ['ReportSection1a2b3c']);
    assert.equal(es.filters, undefined, 'no report-level filters: Desktop applies a page filter card from sections.<page>.filters');
    const section = es.sections.ReportSection1a2b3c!;
    assert.deepEqual(section.visualContainers, {});
    assert.equal(section.filters.byName, undefined);
    const containers = section.filters.byExpr;
    assert.equal(containers.length, 2);
    const second = containers[1]!;
    assert.match(String(second.name), /^Filter[0-9a-f]{8}$/);
    assert.notEqual(second.name, containers[0]!.name);
    assert.equal(second.type, 'Categorical');
    assert.deepEqual(second.expression, {
      Column: { Expression: { SourceRef: { Entity: 'Dim Scenario' } }, Property: 'Scenario Name' },
    });
    const filter = second.filter as { From: Array<{ Name: string; Entity: string }>; Where: Array<{ Condition: { In: { Expressions: unknown[]; Values: unknown[] } } }> };
    assert.equal(filter.From[0]!.Entity, 'Dim Scenario');
    const alias = filter.From[0]!.Name;
    assert.deepEqual(filter.Where[0]!.Condition.In.Expressions, [
      { Column: { Expression: { SourceRef: { Source: alias } }, Property: 'Scenario Name' } },
    ]);
    assert.deepEqual(filter.Where[0]!.Condition.In.Values, [
      [{ Literal: { Value: "'O''Brien'" } }],
      [{ Literal: { Value: "'Prévision – 日本'" } }],
    ]);
  });

  it('a bookmark without filters has none on its page', () => {
    const b = buildBookmark({ name: 'n', displayName: 'd', reportPage: 'Page1', filters: [] });
    const es = b.explorationState as { sections: Record<string, { filters?: unknown }> };
    assert.equal(es.sections.Page1!.filters, undefined);
  });

  it('rejects a filter without values', () => {
    assert.throws(
      () => buildBookmark({ name: 'n', displayName: 'd', reportPage: 'P', filters: [{ table: 'T', field: 'F', values: [] }] }),
      /no values/,
    );
  });

  it('validates against the bookmark 2.1.0 and bookmarksMetadata 1.0.0 schemas', function () {
    const v = validators();
    const ok = (fn: ValidateFunction, data: unknown): void => {
      const valid = fn(data);
      assert.ok(valid, JSON.stringify(fn.errors, null, 2));
    };
    ok(v.bookmark, sample());
    ok(v.bookmark, buildBookmark({ name: 'n', displayName: 'd', reportPage: 'P', filters: [] }));
    ok(v.bookmark, buildBookmark({ name: 'n', displayName: 'd', reportPage: 'P', filters: [{ table: 'T', field: 'F', values: ['a'] }] }));
    const meta = addToBookmarksMetadata(addToBookmarksMetadata(undefined, 'a'), 'b');
    ok(v.metadata, meta);
    ok(v.metadata, addToBookmarksMetadata({ $schema: BOOKMARKS_METADATA_SCHEMA, items: [{ name: 'g', displayName: 'G', children: ['x'] }] }, 'y'));
    // The validators really check: broken documents are rejected.
    assert.equal(v.bookmark({ ...sample(), extra: 1 }), false);
    assert.equal(v.bookmark({ ...sample(), explorationState: { activeSection: 'P' } }), false);
    const bad = sample();
    (bad.explorationState as { sections: Record<string, { filters: { byExpr: Array<{ filter: { Version: number } }> } }> }).sections.ReportSection1a2b3c!.filters.byExpr[0]!.filter.Version = 3;
    assert.equal(v.bookmark(bad), false);
    assert.equal(v.metadata({ items: [] }), false);
  });

  it('addToBookmarksMetadata is idempotent and keeps existing items and groups', () => {
    const first = addToBookmarksMetadata(undefined, 'rca_1');
    assert.deepEqual(first, { $schema: BOOKMARKS_METADATA_SCHEMA, items: [{ name: 'rca_1' }] });
    assert.deepEqual(addToBookmarksMetadata(first, 'rca_1'), first);
    const existing = {
      $schema: BOOKMARKS_METADATA_SCHEMA,
      items: [{ name: 'grp', displayName: 'Group', children: ['inGroup'] }, { name: 'solo' }],
    };
    const snapshot = JSON.parse(JSON.stringify(existing)) as unknown;
    assert.deepEqual(addToBookmarksMetadata(existing, 'inGroup'), existing);
    const added = addToBookmarksMetadata(existing, 'new');
    assert.deepEqual(added.items, [...existing.items, { name: 'new' }]);
    assert.deepEqual(existing, snapshot, 'input not mutated');
    assert.deepEqual(buildBookmarksMetadataEntry('x'), { name: 'x' });
    assert.throws(() => addToBookmarksMetadata({ items: 'nope' }, 'x'), /array/);
  });

  it('bookmarkName gives file-safe, bounded and distinct names', () => {
    const uuid = '3f2a1b4c-1111-2222-3333-444455556666';
    assert.equal(bookmarkName('rca', uuid), `rca_${uuid}`);
    const names = [
      bookmarkName('rca', 'a b'),
      bookmarkName('rca', 'a-b'),
      bookmarkName('rca', 'A-B'),
      bookmarkName('rca', 'x'.repeat(200)),
      bookmarkName('rca', 'x'.repeat(201)),
      bookmarkName('rca', '../../etc/passwd'),
      bookmarkName('rca', ''),
      bookmarkName('RCA note: Prévision 日本', 'id/1'),
    ];
    for (const n of names) {
      assert.match(n, /^[A-Za-z0-9_-]{1,50}$/);
    }
    assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length);
    assert.equal(bookmarkName('rca', 'a b'), bookmarkName('rca', 'a b'), 'deterministic');
  });
});
