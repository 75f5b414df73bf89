/**
 * The semantic model as TMDL (Tabular Model Definition Language) files under
 * `<Name>.SemanticModel/definition/`: database.tmdl, model.tmdl, expressions.tmdl (the Server
 * and Database parameters), relationships.tmdl and tables/<table>.tmdl, each table imported
 * from PostgreSQL by a Power Query (M) partition. Pure and deterministic: ids derive from names.
 */
import { createHash } from 'node:crypto';
import { M_TYPE, MODEL_RELATIONSHIPS, MODEL_TABLES, TMDL_TYPE, type Measure, type ModelTable } from './model';

/** A stable UUID (version-5 layout) for a name: the same project gets the same ids every time. */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(`clearsight-rca/powerbi/${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** A TMDL object name: bare when it is a plain identifier, else in single quotes ('' for '). */
export function tmdlName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** A Power Query text literal. */
export function mString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** DAX on one line (the expressions are written readable; whitespace means nothing to DAX outside strings). */
export function oneLine(dax: string): string {
  return dax
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
}

function description(text: string, indent: string): string[] {
  return text.split('\n').map((l) => `${indent}/// ${l}`);
}

export interface ConnectionParameters {
  /** `host` or `host:port` as the PostgreSQL connector takes it. */
  server: string;
  database: string;
}

export const COMPATIBILITY_LEVEL = 1567;

function databaseTmdl(): string {
  return `database\n\tcompatibilityLevel: ${COMPATIBILITY_LEVEL}\n\n`;
}

function modelTmdl(): string {
  const order = JSON.stringify(['Server', 'Database', ...MODEL_TABLES.map((t) => t.name)]);
  return [
    'model Model',
    '\tculture: en-US',
    '\tdefaultPowerBIDataSourceVersion: powerBI_V3',
    '\tdiscourageImplicitMeasures',
    '\tsourceQueryCulture: en-US',
    '\tdataAccessOptions',
    '\t\tlegacyRedirects',
    '\t\treturnErrorValuesAsNull',
    '',
    `annotation PBI_QueryOrder = ${order}`,
    '',
    'annotation __PBI_TimeIntelligenceEnabled = 0',
    '',
    ...MODEL_TABLES.map((t) => `ref table ${tmdlName(t.name)}`),
    '',
  ].join('\n');
}

function parameter(name: string, value: string, what: string): string[] {
  return [
    ...description(what, ''),
    `expression ${name} = ${mString(value)} meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]`,
    `\tlineageTag: ${stableUuid(`expression/${name}`)}`,
    '',
    '\tannotation PBI_ResultType = Text',
    '',
  ];
}

function expressionsTmdl(c: ConnectionParameters): string {
  return [
    ...parameter('Server', c.server, 'PostgreSQL server holding the reporting schema: host or host:port.'),
    ...parameter('Database', c.database, 'Database holding the reporting schema.'),
  ].join('\n');
}

/** Relationships (TMDL has no comments and relationships no description: `why` is in model.ts and the README). */
function relationshipsTmdl(): string {
  const out: string[] = [];
  for (const r of MODEL_RELATIONSHIPS) {
    out.push(`relationship ${stableUuid(`relationship/${r.name}`)}`);
    if (!r.active) out.push('\tisActive: false');
    out.push(`\tfromColumn: ${tmdlName(r.from.table)}.${tmdlName(r.from.column)}`);
    out.push(`\ttoColumn: ${tmdlName(r.to.table)}.${tmdlName(r.to.column)}`);
    out.push('');
  }
  return out.join('\n');
}

function measureLines(t: ModelTable, m: Measure): string[] {
  const out = [...description(m.description, '\t'), `\tmeasure ${tmdlName(m.name)} = ${oneLine(m.expression)}`];
  if (m.format) out.push(`\t\tformatString: ${m.format}`);
  out.push(`\t\tdisplayFolder: ${m.folder}`);
  out.push(`\t\tlineageTag: ${stableUuid(`measure/${t.name}/${m.name}`)}`, '');
  return out;
}

/** The partition's Power Query: the table's columns from the reporting schema (or its native query), typed. */
export function partitionQuery(t: ModelTable): string[] {
  const names = t.columns.map((c) => mString(c.name)).join(', ');
  const types = t.columns.map((c) => `{${mString(c.name)}, ${M_TYPE[c.sql]}}`).join(', ');
  const data =
    t.source?.kind === 'query'
      ? `    Data = Value.NativeQuery(Source, ${mString(t.source.sql)}, null, [EnableFolding = true]),`
      : `    Data = Source{[Schema = "reporting", Item = ${mString(t.name)}]}[Data],`;
  return [
    'let',
    '    Source = PostgreSQL.Database(Server, Database),',
    data,
    `    Columns = Table.SelectColumns(Data, {${names}}),`,
    `    Typed = Table.TransformColumnTypes(Columns, {${types}})`,
    'in',
    '    Typed',
  ];
}

/** A column's properties after dataType, in the order Tabular's serializer writes them (so a TOM round trip gives the same text). */
function columnTail(table: string, name: string, o: { format?: string; hidden?: boolean; sortBy?: string; folder?: string }, dateTime: boolean, source?: string, inferred = false): string[] {
  const out: string[] = [];
  if (o.hidden) out.push('\t\tisHidden');
  if (o.format) out.push(`\t\tformatString: ${o.format}`);
  else if (dateTime) out.push('\t\tformatString: yyyy-mm-dd hh:nn:ss');
  if (o.folder) out.push(`\t\tdisplayFolder: ${o.folder}`);
  out.push(`\t\tlineageTag: ${stableUuid(`column/${table}/${name}`)}`, '\t\tsummarizeBy: none');
  if (inferred) out.push('\t\tisNameInferred');
  if (source) out.push(`\t\tsourceColumn: ${source}`);
  if (o.sortBy) out.push(`\t\tsortByColumn: ${tmdlName(o.sortBy)}`);
  return out;
}

function tableTmdl(t: ModelTable): string {
  const out: string[] = [...description(t.description, ''), `table ${tmdlName(t.name)}`, `\tlineageTag: ${stableUuid(`table/${t.name}`)}`];
  if (t.hidden) out.push('\tisHidden');
  out.push('');
  for (const m of t.measures ?? []) out.push(...measureLines(t, m));
  for (const c of t.columns) {
    out.push(...description(c.description, '\t'), `\tcolumn ${tmdlName(c.name)}`, `\t\tdataType: ${TMDL_TYPE[c.sql]}`);
    out.push(...columnTail(t.name, c.name, c, c.sql === 'timestamp without time zone', c.name), '');
    out.push('\t\tannotation SummarizationSetBy = User', '');
  }
  for (const c of t.calculatedTable?.columns ?? []) {
    out.push(...description(c.description, '\t'), `\tcolumn ${tmdlName(c.name)}`, `\t\tdataType: ${c.dataType}`);
    out.push(...columnTail(t.name, c.name, c, c.dataType === 'dateTime', `[${c.name}]`, true), '');
    out.push('\t\tannotation SummarizationSetBy = User', '');
  }
  for (const c of t.calculated ?? []) {
    out.push(...description(c.description, '\t'), `\tcolumn ${tmdlName(c.name)} = ${oneLine(c.expression)}`, `\t\tdataType: ${c.dataType}`);
    out.push(...columnTail(t.name, c.name, c, false), '');
    out.push('\t\tannotation SummarizationSetBy = User', '');
  }
  if (t.calculatedTable) {
    out.push(`\tpartition ${tmdlName(t.name)} = calculated`, '\t\tmode: import', `\t\tsource = ${oneLine(t.calculatedTable.expression)}`, '');
  } else {
    out.push(`\tpartition ${tmdlName(t.name)} = m`, '\t\tmode: import', '\t\tsource =', ...partitionQuery(t).map((l) => `\t\t\t\t${l}`), '');
  }
  out.push('\tannotation PBI_ResultType = Table', '');
  return out.join('\n');
}

/** The TMDL files, by path relative to `<Name>.SemanticModel/definition/`. */
export function semanticModelFiles(c: ConnectionParameters): Record<string, string> {
  const files: Record<string, string> = {
    'database.tmdl': databaseTmdl(),
    'model.tmdl': modelTmdl(),
    'expressions.tmdl': expressionsTmdl(c),
    'relationships.tmdl': relationshipsTmdl(),
  };
  for (const t of MODEL_TABLES) files[`tables/${t.name}.tmdl`] = tableTmdl(t);
  return files;
}
