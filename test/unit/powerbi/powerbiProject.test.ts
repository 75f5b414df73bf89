import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bookmark, reportUrl, withReportPage } from '../../../src/engine/reports';
import type { RunSummary, ScenarioListItem } from '../../../src/core/types';
import { powerBiProjectFiles, projectOptionsFrom, serverParameter } from '../../../src/powerbi/project';
import { BASE_THEME, PAGES } from '../../../src/powerbi/report';
import { parseDax } from '../../powerbi/dax';
import { DESIGN_MEASURES, DESIGN_RELATIONSHIPS, DESIGN_TABLES, TMDL_OF } from '../../designSchema';
import { schemaIdFor, validatorFor } from '../../powerbiSchemas';
import { daxReferences, generatedModel, MODEL_DIR, type ReadModel } from '../../tmdlReader';

const REPORT_DIR = 'ClearSight RCA.Report/definition/';

const files = powerBiProjectFiles({ server: 'reporting.example.com', port: 6432, database: 'clearsight' });
const byPath = new Map(files.map((f) => [f.path, f.text]));

function model(): ReadModel {
  return generatedModel({ server: 'reporting.example.com', port: 6432, database: 'clearsight' });
}

function reportJson(): Array<{ path: string; json: unknown }> {
  return files.filter((f) => f.path.startsWith(REPORT_DIR)).map((f) => ({ path: f.path, json: JSON.parse(f.text) as unknown }));
}

/** Every field reference ({Column|Measure: {Expression: {SourceRef}, Property}}) in a JSON value, aliases resolved. */
function fieldRefs(value: unknown, aliases: Map<string, string> = new Map()): Array<{ kind: string; table: string; name: string }> {
  const out: Array<{ kind: string; table: string; name: string }> = [];
  const walk = (v: unknown, scope: Map<string, string>): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, scope));
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    let inner = scope;
    if (Array.isArray(o.From)) {
      inner = new Map(scope);
      for (const f of o.From as Array<{ Name: string; Entity: string }>) inner.set(f.Name, f.Entity);
    }
    for (const kind of ['Column', 'Measure']) {
      const r = o[kind] as { Expression?: { SourceRef?: { Entity?: string; Source?: string } }; Property?: string } | undefined;
      const ref = r?.Expression?.SourceRef;
      if (r?.Property && ref) {
        const table = ref.Entity ?? inner.get(ref.Source ?? '');
        assert.ok(table, `alias ${ref.Source} resolves`);
        out.push({ kind, table, name: r.Property });
      }
    }
    for (const x of Object.values(o)) walk(x, inner);
  };
  walk(value, aliases);
  return out;
}

/** The second part's tables (migration 010) the model imports. */
const SECOND_PART = ['fact_cloudwatch_log', 'fact_scenario_state_change', 'fact_user_action', 'fact_run_diagnostic', 'view_scenario_audit_trail'];
/** The calculated tables the run comparison's two slicers list runs from. */
const RUN_CHOICES = ['run_a', 'run_b'];

type VisualJson = {
  name: string;
  position: { x: number; y: number; width: number; height: number; tabOrder: number };
  visual: {
    visualType: string;
    query?: { queryState: Record<string, { projections: Array<{ queryRef: string; field: unknown }> }> };
    objects?: Record<string, Array<{ properties: Record<string, unknown>; selector?: { metadata?: string; data?: unknown[] } }>>;
    visualContainerObjects?: Record<string, Array<{ properties: Record<string, { expr?: { Literal?: { Value: string } } }> }>>;
  };
  filterConfig?: unknown;
};
type PageJson = {
  name: string;
  displayName: string;
  type?: string;
  pageBinding?: { type: string; parameters: Array<{ boundFilter: string; fieldExpr: unknown }> };
  filterConfig?: { filters: Array<{ name: string; howCreated: string; field: unknown }> };
  visualInteractions?: Array<{ source: string; target: string; type: string }>;
};

const page = (name: string): PageJson => JSON.parse(byPath.get(`${REPORT_DIR}pages/${name}/page.json`)!) as PageJson;
const visuals = (name: string): VisualJson[] =>
  files.filter((f) => f.path.startsWith(`${REPORT_DIR}pages/${name}/visuals/`)).map((f) => JSON.parse(f.text) as VisualJson);
const allVisuals = (): Array<VisualJson & { page: string }> => Object.values(PAGES).flatMap((p) => visuals(p).map((v) => ({ ...v, page: p })));
const literal = (v: { expr?: { Literal?: { Value: string } } } | undefined): string | undefined => v?.expr?.Literal?.Value;

describe('Power BI project (PBIP) for the reporting schema', () => {
  it('has the .pbip, the PBIR report with its base theme, and the TMDL semantic model', () => {
    for (const p of [
      'ClearSight RCA.pbip',
      'ClearSight RCA.Report/definition.pbir',
      `${REPORT_DIR}report.json`,
      `${REPORT_DIR}version.json`,
      `${REPORT_DIR}pages/pages.json`,
      `${REPORT_DIR}bookmarks/bookmarks.json`,
      `ClearSight RCA.Report/StaticResources/SharedResources/BaseThemes/${BASE_THEME}.json`,
      'ClearSight RCA.SemanticModel/definition.pbism',
      `${MODEL_DIR}database.tmdl`,
      `${MODEL_DIR}model.tmdl`,
      `${MODEL_DIR}relationships.tmdl`,
      `${MODEL_DIR}expressions.tmdl`,
      ...[...Object.keys(DESIGN_TABLES), ...SECOND_PART, ...RUN_CHOICES].map((t) => `${MODEL_DIR}tables/${t}.tmdl`),
    ]) {
      assert.ok(byPath.has(p), p);
    }
    const pbir = JSON.parse(byPath.get('ClearSight RCA.Report/definition.pbir')!) as { datasetReference: { byPath: { path: string } } };
    assert.equal(pbir.datasetReference.byPath.path, '../ClearSight RCA.SemanticModel');
    const pbip = JSON.parse(byPath.get('ClearSight RCA.pbip')!) as { artifacts: Array<{ report: { path: string } }> };
    assert.deepEqual(pbip.artifacts, [{ report: { path: 'ClearSight RCA.Report' } }]);
    assert.deepEqual(
      files.map((f) => f.path),
      [...files.map((f) => f.path)].sort(),
    );
  });

  it('the theme collection names a base theme, registered in SharedResources and present where the package says', () => {
    const report = JSON.parse(byPath.get(`${REPORT_DIR}report.json`)!) as {
      themeCollection: { baseTheme?: { name: string; type: string; reportVersionAtImport: Record<string, string> } };
      resourcePackages: Array<{ name: string; type: string; items: Array<{ name: string; path: string; type: string }> }>;
    };
    const base = report.themeCollection.baseTheme;
    assert.ok(base, 'a baseTheme');
    assert.equal(base.type, 'SharedResources');
    const pkg = report.resourcePackages.find((p) => p.type === 'SharedResources')!;
    const item = pkg.items.find((i) => i.name === base.name && i.type === 'BaseTheme')!;
    assert.ok(item, 'the base theme is an item of the SharedResources package');
    const theme = JSON.parse(byPath.get(`ClearSight RCA.Report/StaticResources/${pkg.name}/${item.path}`)!) as { name: string; dataColors: string[] };
    assert.equal(theme.name, base.name);
    assert.ok(theme.dataColors.length >= 8 && theme.dataColors.every((c) => /^#[0-9A-F]{6}$/i.test(c)));
  });

  it('every JSON file validates against its schema in test/fixtures/powerbi-schemas (the theme has none there)', () => {
    const json = files.filter((f) => !f.path.endsWith('.tmdl') && f.path !== '.gitignore' && !f.path.includes('/StaticResources/'));
    assert.ok(json.length > 60, `${json.length} JSON files`);
    for (const f of json) {
      const id = schemaIdFor(f.path);
      assert.ok(id, `a schema for ${f.path}`);
      const v = validatorFor(id);
      const doc = JSON.parse(f.text) as { $schema?: string };
      assert.ok(v(doc), `${f.path}: ${JSON.stringify(v.errors?.slice(0, 3))}`);
      if (doc.$schema) assert.equal(doc.$schema, id, `${f.path} declares the schema it is checked against`);
    }
  });

  it('the semantic model: every design column with its data type, imported from PostgreSQL through the Server / Database parameters', () => {
    const m = model();
    assert.deepEqual([...m.tables.keys()].sort(), [...Object.keys(DESIGN_TABLES), ...SECOND_PART, ...RUN_CHOICES].sort());
    let n = 0;
    for (const [table, cols] of Object.entries(DESIGN_TABLES)) {
      const t = m.tables.get(table)!;
      for (const [name, sqlType] of cols) {
        const c = t.columns.get(name);
        assert.ok(c, `${table}.${name} in the model`);
        assert.equal(c.dataType, TMDL_OF[sqlType], `${table}.${name} data type`);
        assert.equal(c.sourceColumn, name);
        n++;
      }
    }
    assert.equal(n, 73, 'the design has 73 columns');
    for (const table of [...Object.keys(DESIGN_TABLES), ...SECOND_PART]) {
      const t = m.tables.get(table)!;
      assert.equal(t.partitions.length, 1);
      const p = t.partitions[0];
      assert.equal(p.kind, 'm');
      assert.equal(p.mode, 'import');
      assert.match(p.source, /PostgreSQL\.Database\(Server, Database\)/);
      if (table === 'view_scenario_audit_trail') {
        // A materialized view: read by a native query (the navigator lists tables and views).
        assert.match(p.source, /Value\.NativeQuery\(Source, "SELECT .* FROM reporting\.view_scenario_audit_trail"/);
      } else {
        assert.match(p.source, new RegExp(`Source\\{\\[Schema = "reporting", Item = "${table}"\\]\\}`));
      }
      const selected = /Table\.SelectColumns\(Data, \{([^}]*)\}\)/.exec(p.source)?.[1].split(', ').map((x) => JSON.parse(x) as string);
      const sourced = [...t.columns.values()].filter((c) => c.sourceColumn).map((c) => c.sourceColumn);
      assert.deepEqual(selected, sourced, `${table}: the partition selects exactly the model's source columns`);
    }
    for (const table of RUN_CHOICES) {
      const t = m.tables.get(table)!;
      assert.equal(t.partitions[0].kind, 'calculated');
      assert.match(t.partitions[0].source, /^SELECTCOLUMNS \( dim_run, /);
      for (const [name, c] of t.columns) assert.equal(c.sourceColumn, `[${name}]`, `${table}.${name} comes from the DAX table`);
    }
    assert.equal(m.expressions.get('Server'), '"reporting.example.com:6432" meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]');
    assert.match(m.expressions.get('Database')!, /^"clearsight" meta \[IsParameterQuery=true/);
    assert.deepEqual(m.refs, [...Object.keys(DESIGN_TABLES), ...SECOND_PART, ...RUN_CHOICES].map((t) => `table:${t}`));
  });

  it('durations and other fractions are double, never the fixed four-decimal type', () => {
    const m = model();
    for (const [table, column] of [
      ['dim_run', 'duration_seconds'],
      ['fact_node_calculations', 'processing_duration_sec'],
      ['fact_run_diagnostic', 'duration_seconds'],
      ['fact_run_diagnostic', 'seconds_since_previous_success'],
      ['fact_scenario_state_change', 'seconds_in_previous_state'],
      ['fact_user_action', 'seconds_since_previous'],
    ]) {
      assert.equal(m.tables.get(table)?.columns.get(column)?.dataType, 'double', `${table}.${column}`);
    }
    for (const t of m.tables.values()) for (const [name, c] of t.columns) assert.notEqual(c.dataType, 'decimal', name);
  });

  it('descriptions on every table, column and measure; every measure in a display folder; sort-by columns name a column of the same table', () => {
    const m = model();
    let measures = 0;
    let sorted = 0;
    for (const [table, t] of m.tables) {
      assert.ok(t.description && t.description.length > 10, `${table} has a description`);
      for (const [name, c] of t.columns) {
        assert.ok(c.description, `${table}.${name} has a description`);
        if (c.sortByColumn) {
          assert.ok(t.columns.has(c.sortByColumn), `${table}.${name} sorts by ${c.sortByColumn}, a column of ${table}`);
          assert.notEqual(c.sortByColumn, name);
          sorted++;
        }
      }
      for (const [name, x] of t.measures) {
        assert.ok(x.description && x.description.length > 10, `measure ${name} has a description`);
        assert.ok(x.displayFolder, `measure ${name} is in a display folder`);
        measures++;
      }
    }
    assert.ok(measures >= 80, `${measures} measures`);
    assert.ok(sorted >= 5, `${sorted} sort-by columns`);
    assert.equal(m.tables.get('fact_run_diagnostic')!.columns.get('error_category')!.sortByColumn, 'error_category_order');
  });

  it("relationships: the design's six and the second part's (each fact to its dimensions), no two active filter paths, and a USERELATIONSHIP measure for each inactive one", () => {
    const m = model();
    const find = (one: string, many: string): (typeof m.relationships)[number] | undefined =>
      m.relationships.find((x) => `${x.to.table}.${x.to.column}` === one && `${x.from.table}.${x.from.column}` === many);
    for (const r of DESIGN_RELATIONSHIPS) assert.ok(find(r.one, r.many), `${r.one} → ${r.many}`);
    for (const [one, many] of [
      ['dim_run.run_id', 'fact_cloudwatch_log.run_id'],
      ['dim_scenario.scenario_id', 'fact_cloudwatch_log.scenario_id'],
      ['dim_run.run_id', 'fact_run_diagnostic.run_id'],
      ['dim_scenario.scenario_id', 'fact_scenario_state_change.scenario_id'],
      ['dim_run.run_id', 'fact_scenario_state_change.run_id'],
      ['dim_scenario.scenario_id', 'fact_user_action.scenario_id'],
      ['dim_user.user_id', 'fact_user_action.user_id'],
      ['dim_run.run_id', 'fact_user_action.run_id'],
      ['dim_scenario.scenario_id', 'view_scenario_audit_trail.scenario_id'],
    ]) {
      assert.ok(find(one, many), `${one} → ${many}`);
    }
    for (const r of m.relationships) {
      assert.ok(m.tables.get(r.from.table)?.columns.has(r.from.column), `${r.from.table}.${r.from.column}`);
      assert.ok(m.tables.get(r.to.table)?.columns.has(r.to.column), `${r.to.table}.${r.to.column}`);
    }
    // Filters flow one → many; Power BI refuses a model where two active paths join two tables.
    const active = m.relationships.filter((r) => r.active);
    const paths = (from: string, to: string, seen: Set<string>): number =>
      from === to ? 1 : active.filter((r) => r.to.table === from && !seen.has(r.from.table)).reduce((s, r) => s + paths(r.from.table, to, new Set([...seen, r.from.table])), 0);
    for (const a of m.tables.keys()) for (const b of m.tables.keys()) if (a !== b) assert.ok(paths(a, b, new Set([a])) <= 1, `one path from ${a} to ${b}`);
    // Each inactive relationship is used by a measure (USERELATIONSHIP on its two columns).
    const inactive = m.relationships.filter((r) => !r.active);
    assert.deepEqual(inactive.map((r) => `${r.from.table}.${r.from.column}`).sort(), [
      'fact_cloudwatch_log.scenario_id',
      'fact_scenario_events.run_id',
      'fact_scenario_state_change.run_id',
      'fact_user_action.run_id',
    ]);
    const dax = [...m.tables.values()].flatMap((t) => [...t.measures.values()].map((x) => x.expression));
    for (const r of inactive) {
      const use = `USERELATIONSHIP ( ${r.from.table}[${r.from.column}], ${r.to.table}[${r.to.column}] )`;
      assert.ok(dax.some((x) => x.includes(use)), `a measure activates ${r.from.table}.${r.from.column} → ${r.to.table}.${r.to.column}`);
    }
  });

  it("measures: the design's six with its definitions (Input Change Count = the design's CHANGED, our VALUE_CHANGED); every DAX expression parses and names real tables, columns and measures", () => {
    const m = model();
    const measures = new Map<string, string>();
    for (const t of m.tables.values()) for (const [name, x] of t.measures) measures.set(name, x.expression);
    for (const name of DESIGN_MEASURES) assert.ok(measures.has(name), name);
    assert.match(measures.get('Success Rate')!, /DIVIDE \( CALCULATE \( COUNTROWS \( dim_run \), dim_run\[run_status\] = "success" \), COUNTROWS \( dim_run \), 0 \)/);
    assert.match(measures.get('Finished Success Rate')!, /dim_run\[run_status\] IN \{"success", "failed", "timeout"\}/);
    assert.match(measures.get('Avg Run Duration')!, /AVERAGE \( dim_run\[duration_seconds\] \)/);
    assert.match(measures.get('Total Failures')!, /dim_run\[run_status\] IN \{"failed", "timeout"\}/);
    assert.match(measures.get('Last Run Time')!, /MAX \( dim_run\[run_at\] \)/);
    assert.match(measures.get('Failed Nodes')!, /DISTINCTCOUNT \( fact_node_calculations\[node_id\] \), fact_node_calculations\[calc_status\] = "failed"/);
    assert.equal(measures.get('Input Change Count'), 'CALCULATE ( COUNTROWS ( fact_input_changes ), fact_input_changes[change_type] = "VALUE_CHANGED" )');

    let refs = 0;
    const expressions: Array<[string, string]> = [...measures.entries()];
    for (const [table, t] of m.tables) {
      for (const [name, c] of t.columns) if (c.expression) expressions.push([`${table}.${name}`, c.expression]);
      for (const p of t.partitions) if (p.kind === 'calculated') expressions.push([`table ${table}`, p.source]);
    }
    for (const [name, dax] of expressions) {
      assert.doesNotThrow(() => parseDax(dax), `${name} parses`);
      const r = daxReferences(dax);
      for (const c of r.columns) {
        assert.ok(m.tables.get(c.table)?.columns.has(c.column), `${name}: ${c.table}[${c.column}]`);
        refs++;
      }
      for (const x of r.measures) {
        // [run_a_id] … in SELECTCOLUMNS are new column names, not measures
        if (/^run_[ab]_/.test(x) && name.startsWith('table ')) continue;
        assert.ok(measures.has(x), `${name}: [${x}]`);
        refs++;
      }
      const tablesNamed = dax.replace(/"(?:[^"]|"")*"/g, '').match(/\b(?:COUNTROWS|ALLSELECTED|ALL|VALUES|REMOVEFILTERS|SELECTCOLUMNS) \( ([a-z_]+)(?= [),])/g) ?? [];
      for (const t of tablesNamed) assert.ok(m.tables.has(/\( ([a-z_]+)/.exec(t)![1]), `${name}: ${t}`);
    }
    assert.ok(refs > 150, `${refs} references checked`);
    // The parse check really checks.
    assert.throws(() => parseDax('CALCULATE ( COUNTROWS ( dim_run ), dim_run[run_status] = "success"'), /expected '\)'/);
    assert.throws(() => parseDax('COUNTRWS ( dim_run )'), /unknown function COUNTRWS/);
    assert.throws(() => parseDax('VAR x = 1 x + 1'), /expected RETURN/);
  });

  it('every field a visual, a filter, a drill-through or a bookmark names exists in the model', () => {
    const m = model();
    const measures = new Set([...m.tables.values()].flatMap((t) => [...t.measures.keys()]));
    let n = 0;
    for (const { path, json } of reportJson()) {
      for (const r of fieldRefs(json)) {
        if (r.kind === 'Column') assert.ok(m.tables.get(r.table)?.columns.has(r.name), `${path}: ${r.table}[${r.name}]`);
        else assert.ok(measures.has(r.name) && m.tables.get(r.table)?.measures.has(r.name), `${path}: measure ${r.table}[${r.name}]`);
        n++;
      }
    }
    assert.ok(n > 200, `${n} field references checked`);
  });

  it("five pages: the first design's four merged with the second part's five, with stable names, the visuals each asks for and slicers Desktop shows whole", () => {
    const pages = JSON.parse(byPath.get(`${REPORT_DIR}pages/pages.json`)!) as { pageOrder: string[]; activePageName: string };
    assert.deepEqual(pages.pageOrder, ['scenario_overview', 'event_timeline', 'run_history', 'run_diagnostics', 'error_analysis']);
    assert.deepEqual(Object.values(PAGES), pages.pageOrder);
    assert.equal(pages.activePageName, 'scenario_overview');
    assert.deepEqual(
      pages.pageOrder.map((p) => page(p).displayName),
      ['Scenario Overview', 'User Journey Timeline', 'Run History & Comparison', 'Run Diagnostics', 'Reliability & Error Analysis'],
    );
    const types = (p: string): string[] => visuals(p).map((v) => v.visual.visualType);
    assert.equal(types('scenario_overview').filter((t) => t === 'card').length, 5, 'five KPI cards');
    for (const [p, want] of [
      ['scenario_overview', ['multiRowCard', 'tableEx', 'columnChart', 'donutChart', 'clusteredBarChart', 'slicer']],
      ['event_timeline', ['scatterChart', 'tableEx', 'columnChart', 'clusteredBarChart', 'slicer', 'actionButton']],
      ['run_history', ['tableEx', 'lineChart', 'pivotTable', 'multiRowCard', 'slicer']],
      ['run_diagnostics', ['multiRowCard', 'pivotTable', 'tableEx', 'clusteredBarChart', 'actionButton']],
      ['error_analysis', ['tableEx', 'treemap', 'donutChart', 'lineChart', 'clusteredBarChart', 'scatterChart', 'pivotTable', 'slicer']],
    ] as Array<[string, string[]]>) {
      for (const t of want) assert.ok(types(p).includes(t), `${p} has a ${t}`);
    }
    // What each visual draws on (by table), where the design names its source.
    const uses = (p: string, v: string): string[] => fieldRefs(visuals(p).find((x) => x.name === v)!.visual.query).map((r) => `${r.table}.${r.name}`);
    assert.ok(uses('scenario_overview', 'overview_error_categories').includes('fact_run_diagnostic.error_category'));
    assert.ok(uses('run_diagnostics', 'diagnostics_logs').includes('fact_cloudwatch_log.message'));
    assert.ok(uses('event_timeline', 'timeline_sessions').includes('fact_user_action.session_id'));
    assert.ok(uses('event_timeline', 'timeline_user_activity').includes('fact_user_action.Actions Per Day'));
    assert.deepEqual(uses('run_history', 'runs_input_diff').slice(0, 4), ['dim_node.node_name', 'dim_run.Input Before', 'dim_run.Input After', 'dim_run.Input Diff']);
    assert.ok(!uses('run_history', 'runs_input_diff').some((f) => /hash/.test(f)), 'the run diff shows values, not hashes');
    assert.ok(uses('error_analysis', 'errors_daily_success').includes('dim_run.Finished Success Rate'));

    const slicedOn = (p: string): string[] =>
      visuals(p)
        .filter((v) => v.visual.visualType === 'slicer')
        .flatMap((v) => fieldRefs(v.visual.query).map((r) => `${r.table}.${r.name}`))
        .sort();
    assert.deepEqual(slicedOn('scenario_overview'), ['dim_run.run_at', 'dim_scenario.scenario_status', 'dim_scenario.model_name', 'dim_scenario.model_disease_area', 'dim_scenario.scenario_name'].sort());
    assert.deepEqual(slicedOn('event_timeline'), ['dim_scenario.scenario_name', 'fact_scenario_events.event_type', 'fact_scenario_events.event_timestamp', 'dim_user.username'].sort());
    assert.deepEqual(slicedOn('run_history'), ['dim_scenario.scenario_name', 'dim_run.run_status', 'dim_run.run_at', 'run_a.run_a_label', 'run_b.run_b_label'].sort());
    assert.deepEqual(slicedOn('error_analysis'), ['dim_run.run_at', 'dim_scenario.model_disease_area', 'dim_scenario.model_name', 'dim_node.node_type', 'dim_run.fail_reason'].sort());
    // Desktop's dropdown slicer needs 76 px (header 28 + selector 32 + padding 16), or it clips the header.
    for (const v of allVisuals()) if (v.visual.visualType === 'slicer') assert.ok(v.position.height >= 76, `${v.page}/${v.name}: ${v.position.height} px`);
    // Everything on the 1280 × 720 canvas, no two visuals overlapping.
    for (const p of Object.values(PAGES)) {
      const vs = visuals(p);
      for (const v of vs) assert.ok(v.position.x >= 0 && v.position.y >= 0 && v.position.x + v.position.width <= 1280 && v.position.y + v.position.height <= 720, `${p}/${v.name} on the page`);
      for (const a of vs) {
        for (const b of vs) {
          if (a.name >= b.name) continue;
          const apart =
            a.position.x + a.position.width <= b.position.x ||
            b.position.x + b.position.width <= a.position.x ||
            a.position.y + a.position.height <= b.position.y ||
            b.position.y + b.position.height <= a.position.y;
          assert.ok(apart, `${p}: ${a.name} and ${b.name} overlap`);
        }
      }
    }
    // The scenario selector comes first on the timeline page after the back button (tab order).
    const order = visuals('event_timeline').sort((a, b) => a.position.tabOrder - b.position.tabOrder).map((v) => v.name);
    assert.deepEqual(order.slice(0, 2), ['timeline_back', 'timeline_scenario']);
  });

  it('drill-through pages: page type Drillthrough, bound to the field, a back button; the source visuals carry the field', () => {
    for (const [target, table, column, sources] of [
      ['run_diagnostics', 'dim_run', 'run_id', ['scenario_overview/overview_run_history', 'run_history/runs_history', 'error_analysis/errors_failed_runs']],
      ['event_timeline', 'dim_scenario', 'scenario_id', ['scenario_overview/overview_scenarios', 'error_analysis/errors_failed_runs']],
    ] as Array<[string, string, string, string[]]>) {
      const p = page(target);
      assert.equal(p.type, 'Drillthrough', `${target}: the page-level type Desktop needs to offer the drill-through`);
      assert.equal(p.pageBinding?.type, 'Drillthrough');
      assert.deepEqual(fieldRefs(p.pageBinding!.parameters[0].fieldExpr), [{ kind: 'Column', table, name: column }]);
      const bound = p.filterConfig!.filters.find((f) => f.name === p.pageBinding!.parameters[0].boundFilter)!;
      assert.equal(bound.howCreated, 'Drillthrough');
      assert.deepEqual(fieldRefs(bound.field), [{ kind: 'Column', table, name: column }]);
      const back = visuals(target).filter((v) => v.visual.visualType === 'actionButton');
      assert.equal(back.length, 1, `${target} has a back button`);
      const link = back[0].visual.visualContainerObjects!.visualLink[0].properties;
      assert.equal(literal(link.show), 'true');
      assert.equal(literal(link.type), "'Back'");
      for (const s of sources) {
        const [p2, v] = s.split('/');
        const vis = visuals(p2).find((x) => x.name === v)!;
        assert.ok(fieldRefs(vis.visual.query).some((r) => r.table === table && r.name === column), `${s} carries ${table}.${column}`);
      }
    }
    // The other pages are ordinary pages.
    for (const p of ['scenario_overview', 'run_history', 'error_analysis']) assert.equal(page(p).type, undefined, p);
  });

  it('conditional colours: every rule has a selector whose metadata names a column of the same visual (Desktop drops rules without)', () => {
    let rules = 0;
    for (const v of allVisuals()) {
      const refs = new Set(Object.values(v.visual.query?.queryState ?? {}).flatMap((r) => r.projections.map((x) => x.queryRef)));
      for (const [object, entries] of Object.entries(v.visual.objects ?? {})) {
        for (const e of entries) {
          const colour = JSON.stringify(e.properties).includes('"Measure"');
          if (!colour) continue;
          assert.ok(e.selector?.metadata, `${v.page}/${v.name} ${object}: selector.metadata`);
          assert.ok(refs.has(e.selector.metadata), `${v.page}/${v.name}: ${e.selector.metadata} is a projection`);
          rules++;
        }
      }
    }
    assert.ok(rules >= 20, `${rules} colour rules`);
    // The run tables colour every column of a row.
    const runs = visuals('run_history').find((v) => v.name === 'runs_history')!;
    assert.deepEqual(runs.visual.objects!.values.map((e) => e.selector!.metadata), runs.visual.query!.queryState.Values.projections.map((p) => p.queryRef));
  });

  it('run comparison: two chosen runs from slicers on calculated tables that filter nothing but themselves; A defaults to the last success, B to the first failure after it', () => {
    const m = model();
    const measures = new Map<string, string>();
    for (const t of m.tables.values()) for (const [name, x] of t.measures) measures.set(name, x.expression);
    assert.match(measures.get('Run A Id')!, /SELECTEDVALUE \( run_a\[run_a_id\] \).*IF \( NOT ISBLANK \( picked \), picked, \[Last Success Run Id\] \)/);
    assert.match(measures.get('Run B Id')!, /SELECTEDVALUE \( run_b\[run_b_id\] \).*\[First Failure Run Id\]/);
    // the choice tables relate to dim_scenario only (the slicer lists that scenario's runs)
    for (const t of RUN_CHOICES) assert.deepEqual(m.relationships.filter((r) => r.from.table === t || r.to.table === t).map((r) => r.to.table), ['dim_scenario']);
    // values, not hashes; the hash only where the copy has no values
    assert.match(measures.get('Input Before')!, /MAX \( fact_input_changes\[input_data\] \)/);
    assert.match(measures.get('Input Before')!, /value not copied; hash/);
    assert.match(measures.get('Input Diff')!, /EXACT \( a, b \)/);
    assert.match(measures.get('Run Gap Hours')!, /DATEDIFF \( a, b, SECOND \) \/ 3600/);
    // clicking a run in the history table leaves runs A and B alone
    const interactions = page('run_history').visualInteractions ?? [];
    for (const target of ['runs_card_a', 'runs_card_b', 'runs_gap', 'runs_input_diff', 'runs_changes_between']) {
      assert.ok(interactions.some((i) => i.source === 'runs_history' && i.target === target && i.type === 'NoFilter'), target);
    }
    const names = new Set(visuals('run_history').map((v) => v.name));
    for (const i of interactions) assert.ok(names.has(i.source) && names.has(i.target), `${i.source} → ${i.target}`);
  });

  it('every page has its layout picture in docs/powerbi (scripts/powerbi-layouts.ts), at the page size plus the title bar', () => {
    for (const p of Object.values(PAGES)) {
      const file = join(__dirname, '..', '..', '..', 'docs', 'powerbi', `${p}.png`);
      assert.ok(existsSync(file), `${file}: run npx tsx scripts/powerbi-layouts.ts`);
      const png = readFileSync(file);
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1280, 760], `${p}.png size`);
    }
  });

  it('is deterministic, and visual names are unique per page', () => {
    assert.deepEqual(powerBiProjectFiles({ server: 'reporting.example.com', port: 6432, database: 'clearsight' }), files);
    for (const p of Object.values(PAGES)) {
      const names = files.filter((f) => f.path.startsWith(`${REPORT_DIR}pages/${p}/visuals/`)).map((f) => (JSON.parse(f.text) as { name: string }).name);
      assert.ok(names.length >= 5, p);
      assert.equal(new Set(names).size, names.length);
      for (const f of files.filter((x) => x.path.startsWith(`${REPORT_DIR}pages/${p}/visuals/`))) {
        assert.equal(f.path.split('/').slice(-2)[0], (JSON.parse(f.text) as { name: string }).name, 'folder = visual name');
      }
    }
  });

  it('connection parameters: from the flags, else the reporting URL (never its password), else PG*, else localhost', () => {
    assert.equal(serverParameter({ server: 'db', port: 5432, database: 'x' }), 'db');
    assert.equal(serverParameter({ server: 'db', port: 6432, database: 'x' }), 'db:6432');
    assert.equal(serverParameter({ server: '::1', port: 6432, database: 'x' }), '[::1]:6432');
    assert.deepEqual(projectOptionsFrom({ reportingUrl: 'postgres://me:s3cret@rep.example:6543/analytics?sslmode=require' }), { server: 'rep.example', port: 6543, database: 'analytics' });
    assert.deepEqual(projectOptionsFrom({ server: 'other', database: 'db2', reportingUrl: 'postgres://rep.example/analytics' }), { server: 'other', port: undefined, database: 'db2' });
    assert.deepEqual(projectOptionsFrom({ env: { PGHOST: 'pg.local', PGPORT: '5433', PGDATABASE: 'rdb' } }), { server: 'pg.local', port: 5433, database: 'rdb' });
    assert.deepEqual(projectOptionsFrom({}), { server: 'localhost', port: undefined, database: 'postgres' });
    const text = powerBiProjectFiles(projectOptionsFrom({ reportingUrl: 'postgres://me:s3cret@rep.example:6543/analytics' })).map((f) => f.text).join('\n');
    assert.doesNotMatch(text, /s3cret/);
    assert.match(text, /expression Server = "rep\.example:6543"/);
    const quoted = powerBiProjectFiles({ server: 'h', database: 'a"b' }).find((f) => f.path.endsWith('expressions.tmdl'))!.text;
    assert.match(quoted, /expression Database = "a""b" meta/);
  });

  it("bookmarks and links target the report's pages and fields by default (a run opens Run Diagnostics); the filters sit on the page by expression, matching a filter card there", () => {
    const scenario = { scenario_id: 'aec8d2d3-5b43-498c-87e3-bfb3d16c3960', scenario_name: 'Base case' } as ScenarioListItem;
    const run = { run_id: '03e2a74b-bc52-4987-82ab-d057c6e3964e', run_status: 'failed' } as RunSummary;
    const m = model();
    type Bm = { explorationState: { activeSection: string; filters?: unknown; sections: Record<string, { filters?: { byExpr: Array<{ expression: unknown; filter: unknown }> } }> } };
    const check = (b: Bm, wantPage: string, wantFields: string[]): void => {
      const es = b.explorationState;
      assert.equal(es.activeSection, wantPage);
      assert.equal(es.filters, undefined, 'no report-level filters');
      assert.deepEqual(Object.keys(es.sections), [wantPage]);
      const byExpr = es.sections[wantPage].filters!.byExpr;
      assert.deepEqual(byExpr.map((f) => fieldRefs(f.expression).map((r) => `${r.table}.${r.name}`)[0]).sort(), wantFields);
      const cards = (page(wantPage).filterConfig?.filters ?? []).map((f) => fieldRefs(f.field).map((r) => `${r.table}.${r.name}`)[0]);
      for (const f of byExpr) {
        const [r] = fieldRefs(f.expression);
        assert.ok(m.tables.get(r.table)?.columns.has(r.name), `${r.table}.${r.name} in the model`);
        assert.ok(cards.includes(`${r.table}.${r.name}`), `${wantPage} has a filter card on ${r.table}.${r.name}`);
        assert.deepEqual(fieldRefs(f.filter).map((x) => `${x.table}.${x.name}`), [`${r.table}.${r.name}`]);
      }
    };
    check(bookmark({ scenario, run: null }, {}).json as Bm, 'event_timeline', ['dim_scenario.scenario_id']);
    check(bookmark({ scenario, run }, {}).json as Bm, 'run_diagnostics', ['dim_run.run_id', 'dim_scenario.scenario_id']);
    // the bookmark that comes with the project
    const starter = JSON.parse(byPath.get(`${REPORT_DIR}bookmarks/ClearSightRCA_failed_runs.bookmark.json`)!) as Bm;
    check(starter, 'error_analysis', ['dim_run.run_status']);
    const custom = bookmark({ scenario, run }, { page: 'ReportSection9', runField: 'Runs/Id' }).json as Bm;
    assert.equal(custom.explorationState.activeSection, 'ReportSection9');
    assert.ok(fieldRefs(custom.explorationState.sections.ReportSection9.filters!.byExpr).some((r) => r.table === 'Runs' && r.name === 'Id'));
    assert.equal(withReportPage('https://app.powerbi.com/groups/me/reports/r1', 'run_diagnostics'), 'https://app.powerbi.com/groups/me/reports/r1/run_diagnostics');
    assert.equal(withReportPage('https://app.powerbi.com/groups/me/reports/r1/?ctid=x', 'run_history'), 'https://app.powerbi.com/groups/me/reports/r1/run_history?ctid=x');
    assert.equal(withReportPage('https://app.powerbi.com/groups/me/reports/r1/ReportSection2', 'event_timeline'), 'https://app.powerbi.com/groups/me/reports/r1/ReportSection2');
    const url = reportUrl({ scenario, run }, { reportUrl: 'https://app.powerbi.com/groups/me/reports/r1' });
    assert.equal(
      url,
      `https://app.powerbi.com/groups/me/reports/r1/run_diagnostics?filter=${encodeURIComponent(`dim_scenario/scenario_id eq '${scenario.scenario_id}' and dim_run/run_id eq '${run.run_id}'`)}`,
    );
  });

});
