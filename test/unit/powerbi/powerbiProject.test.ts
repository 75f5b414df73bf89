import assert from 'node:assert/strict';
import { bookmark, withReportPage } from '../../../src/engine/reports';
import type { RunSummary, ScenarioListItem } from '../../../src/core/types';
import { powerBiProjectFiles, projectOptionsFrom, serverParameter } from '../../../src/powerbi/project';
import { PAGES } from '../../../src/powerbi/report';
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

describe('Power BI project (PBIP) for the reporting schema', () => {
  it('has the .pbip, the PBIR report and the TMDL semantic model', () => {
    for (const p of [
      'ClearSight RCA.pbip',
      'ClearSight RCA.Report/definition.pbir',
      `${REPORT_DIR}report.json`,
      `${REPORT_DIR}version.json`,
      `${REPORT_DIR}pages/pages.json`,
      `${REPORT_DIR}bookmarks/bookmarks.json`,
      'ClearSight RCA.SemanticModel/definition.pbism',
      `${MODEL_DIR}database.tmdl`,
      `${MODEL_DIR}model.tmdl`,
      `${MODEL_DIR}relationships.tmdl`,
      `${MODEL_DIR}expressions.tmdl`,
      ...Object.keys(DESIGN_TABLES).map((t) => `${MODEL_DIR}tables/${t}.tmdl`),
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

  it('every JSON file validates against its schema in test/fixtures/powerbi-schemas', () => {
    const json = files.filter((f) => !f.path.endsWith('.tmdl') && f.path !== '.gitignore');
    assert.ok(json.length > 40, `${json.length} JSON files`);
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
    assert.deepEqual([...m.tables.keys()].sort(), Object.keys(DESIGN_TABLES).sort());
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
      assert.equal(t.partitions.length, 1);
      const p = t.partitions[0];
      assert.equal(p.mode, 'import');
      assert.match(p.source, /PostgreSQL\.Database\(Server, Database\)/);
      assert.match(p.source, new RegExp(`Source\\{\\[Schema = "reporting", Item = "${table}"\\]\\}`));
      const selected = /Table\.SelectColumns\(Data, \{([^}]*)\}\)/.exec(p.source)?.[1].split(', ').map((x) => JSON.parse(x) as string);
      const sourced = [...t.columns.values()].filter((c) => c.sourceColumn).map((c) => c.sourceColumn);
      assert.deepEqual(selected, sourced, `${table}: the partition selects exactly the model's source columns`);
    }
    assert.equal(n, 73, 'the design has 73 columns');
    assert.equal(m.expressions.get('Server'), '"reporting.example.com:6432" meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]');
    assert.match(m.expressions.get('Database')!, /^"clearsight" meta \[IsParameterQuery=true/);
    assert.deepEqual(m.refs, Object.keys(DESIGN_TABLES).map((t) => `table:${t}`));
  });

  it("relationships: the design's six (dimension → fact), and no two active filter paths between two tables", () => {
    const m = model();
    for (const r of DESIGN_RELATIONSHIPS) {
      const found = m.relationships.find((x) => `${x.to.table}.${x.to.column}` === r.one && `${x.from.table}.${x.from.column}` === r.many);
      assert.ok(found, `${r.one} → ${r.many}`);
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
    assert.equal(m.relationships.filter((r) => !r.active).length, 1, 'only dim_run → events is inactive');
  });

  it("measures: the design's six with its definitions, and every DAX reference names a real table, column or measure", () => {
    const m = model();
    const measures = new Map<string, string>();
    for (const t of m.tables.values()) for (const [name, x] of t.measures) measures.set(name, x.expression);
    for (const name of DESIGN_MEASURES) assert.ok(measures.has(name), name);
    assert.match(measures.get('Success Rate')!, /DIVIDE \( CALCULATE \( COUNTROWS \( dim_run \), dim_run\[run_status\] = "success" \), COUNTROWS \( dim_run \), 0 \)/);
    assert.match(measures.get('Avg Run Duration')!, /AVERAGE \( dim_run\[duration_seconds\] \)/);
    assert.match(measures.get('Total Failures')!, /dim_run\[run_status\] IN \{"failed", "timeout"\}/);
    assert.match(measures.get('Last Run Time')!, /MAX \( dim_run\[run_at\] \)/);
    assert.match(measures.get('Failed Nodes')!, /DISTINCTCOUNT \( fact_node_calculations\[node_id\] \), fact_node_calculations\[calc_status\] = "failed"/);
    assert.match(measures.get('Input Change Count')!, /fact_input_changes\[change_type\] IN \{ "INITIAL_VALUE", "VALUE_CHANGED" \}/);

    let refs = 0;
    const expressions: Array<[string, string]> = [...measures.entries()];
    for (const [table, t] of m.tables) for (const [name, c] of t.columns) if (c.expression) expressions.push([`${table}.${name}`, c.expression]);
    for (const [name, dax] of expressions) {
      const r = daxReferences(dax);
      for (const c of r.columns) {
        assert.ok(m.tables.get(c.table)?.columns.has(c.column), `${name}: ${c.table}[${c.column}]`);
        refs++;
      }
      for (const x of r.measures) {
        assert.ok(measures.has(x), `${name}: [${x}]`);
        refs++;
      }
      const tablesNamed = dax.replace(/"(?:[^"]|"")*"/g, '').match(/\b(?:COUNTROWS|ALLSELECTED|ALL|VALUES) \( ([a-z_]+) \)/g) ?? [];
      for (const t of tablesNamed) assert.ok(m.tables.has(/\( ([a-z_]+) \)/.exec(t)![1]), `${name}: ${t}`);
    }
    assert.ok(refs > 40, `${refs} references checked`);
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
    assert.ok(n > 100, `${n} field references checked`);
  });

  it("the design's four pages with stable names, slicers, interactions and the drill-through to the timeline", () => {
    const pages = JSON.parse(byPath.get(`${REPORT_DIR}pages/pages.json`)!) as { pageOrder: string[]; activePageName: string };
    assert.deepEqual(pages.pageOrder, ['scenario_overview', 'event_timeline', 'run_history', 'error_analysis']);
    assert.deepEqual(Object.values(PAGES), pages.pageOrder);
    const page = (name: string): Record<string, unknown> => JSON.parse(byPath.get(`${REPORT_DIR}pages/${name}/page.json`)!) as Record<string, unknown>;
    const visuals = (name: string): Array<{ name: string; visual: { visualType: string; query: unknown } }> =>
      files.filter((f) => f.path.startsWith(`${REPORT_DIR}pages/${name}/visuals/`)).map((f) => JSON.parse(f.text) as { name: string; visual: { visualType: string; query: unknown } });
    assert.deepEqual(
      pages.pageOrder.map((p) => page(p).displayName),
      ['Scenario Overview', 'Event Timeline & User Journey', 'Run History & Comparison', 'Error Analysis & RCA'],
    );
    const types = (p: string): string[] => visuals(p).map((v) => v.visual.visualType).sort();
    assert.equal(types('scenario_overview').filter((t) => t === 'card').length, 4, 'four KPI cards');
    for (const [p, want] of [
      ['scenario_overview', ['tableEx', 'columnChart', 'clusteredBarChart', 'slicer']],
      ['event_timeline', ['scatterChart', 'tableEx', 'donutChart', 'clusteredBarChart', 'slicer']],
      ['run_history', ['tableEx', 'lineChart', 'pivotTable', 'multiRowCard', 'slicer']],
      ['error_analysis', ['tableEx', 'treemap', 'clusteredBarChart', 'scatterChart', 'pivotTable', 'slicer']],
    ] as Array<[string, string[]]>) {
      for (const t of want) assert.ok(types(p).includes(t), `${p} has a ${t}`);
    }
    const slicedOn = (p: string): string[] =>
      visuals(p)
        .filter((v) => v.visual.visualType === 'slicer')
        .flatMap((v) => fieldRefs(v.visual.query).map((r) => `${r.table}.${r.name}`))
        .sort();
    assert.deepEqual(slicedOn('scenario_overview'), ['dim_run.run_at', 'dim_scenario.scenario_status', 'dim_scenario.model_name', 'dim_scenario.model_disease_area'].sort());
    assert.deepEqual(slicedOn('event_timeline'), ['dim_scenario.scenario_name', 'fact_scenario_events.event_type', 'fact_scenario_events.event_timestamp', 'dim_user.username'].sort());
    assert.deepEqual(slicedOn('run_history'), ['dim_scenario.scenario_name', 'dim_run.run_status', 'dim_run.run_at'].sort());
    assert.deepEqual(slicedOn('error_analysis'), ['dim_run.run_at', 'dim_scenario.model_disease_area', 'dim_scenario.model_name', 'dim_node.node_type', 'dim_run.fail_reason'].sort());

    // the scenario selector comes first on the timeline page (top left, first in tab order)
    const first = files
      .filter((f) => f.path.startsWith(`${REPORT_DIR}pages/event_timeline/visuals/`))
      .map((f) => JSON.parse(f.text) as { name: string; position: { tabOrder: number } })
      .sort((a, b) => a.position.tabOrder - b.position.tabOrder)[0];
    assert.equal(first.name, 'timeline_scenario');
    // drill-through: the timeline page takes a scenario id; the failed runs table carries it
    const timeline = page('event_timeline') as { pageBinding: { type: string; parameters: Array<{ boundFilter: string; fieldExpr: unknown }> }; filterConfig: { filters: Array<{ name: string; howCreated: string }> } };
    assert.equal(timeline.pageBinding.type, 'Drillthrough');
    assert.deepEqual(fieldRefs(timeline.pageBinding.parameters[0].fieldExpr), [{ kind: 'Column', table: 'dim_scenario', name: 'scenario_id' }]);
    assert.equal(timeline.filterConfig.filters.find((f) => f.name === timeline.pageBinding.parameters[0].boundFilter)?.howCreated, 'Drillthrough');
    for (const source of ['errors_failed_runs']) {
      const v = visuals('error_analysis').find((x) => x.name === source)!;
      assert.ok(fieldRefs(v.visual.query).some((r) => r.table === 'dim_scenario' && r.name === 'scenario_id'), `${source} carries the drill-through field`);
    }
    // a run clicked updates the comparison; the failed runs table filters the node detail
    const names = new Set(visuals('run_history').map((v) => v.name));
    const interactions = (page('run_history').visualInteractions ?? []) as Array<{ source: string; target: string; type: string }>;
    assert.ok(interactions.some((i) => i.source === 'runs_history' && i.target === 'runs_input_comparison' && i.type === 'DataFilter'));
    for (const i of interactions) assert.ok(names.has(i.source) && names.has(i.target), `${i.source} → ${i.target}`);
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

  it("bookmarks and links target the report's pages and fields by default; settings override", () => {
    const scenario = { scenario_id: 'aec8d2d3-5b43-498c-87e3-bfb3d16c3960', scenario_name: 'Base case' } as ScenarioListItem;
    const run = { run_id: '03e2a74b-bc52-4987-82ab-d057c6e3964e', run_status: 'failed' } as RunSummary;
    const m = model();
    const ofScenario = bookmark({ scenario, run: null }, {}).json as { explorationState: { activeSection: string; filters: unknown } };
    assert.equal(ofScenario.explorationState.activeSection, 'event_timeline');
    const ofRun = bookmark({ scenario, run }, {}).json as { explorationState: { activeSection: string; filters: unknown } };
    assert.equal(ofRun.explorationState.activeSection, 'error_analysis');
    const refs = fieldRefs(ofRun.explorationState.filters);
    assert.deepEqual(refs.map((r) => `${r.table}.${r.name}`).sort(), ['dim_run.run_id', 'dim_run.run_id', 'dim_scenario.scenario_id', 'dim_scenario.scenario_id']);
    for (const r of refs) assert.ok(m.tables.get(r.table)?.columns.has(r.name));
    const custom = bookmark({ scenario, run }, { page: 'ReportSection9', runField: 'Runs/Id' }).json as { explorationState: { activeSection: string; filters: unknown } };
    assert.equal(custom.explorationState.activeSection, 'ReportSection9');
    assert.ok(fieldRefs(custom.explorationState.filters).some((r) => r.table === 'Runs' && r.name === 'Id'));
    assert.equal(withReportPage('https://app.powerbi.com/groups/me/reports/r1', 'event_timeline'), 'https://app.powerbi.com/groups/me/reports/r1/event_timeline');
    assert.equal(withReportPage('https://app.powerbi.com/groups/me/reports/r1/?ctid=x', 'run_history'), 'https://app.powerbi.com/groups/me/reports/r1/run_history?ctid=x');
    assert.equal(withReportPage('https://app.powerbi.com/groups/me/reports/r1/ReportSection2', 'event_timeline'), 'https://app.powerbi.com/groups/me/reports/r1/ReportSection2');
  });
});
