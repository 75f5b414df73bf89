import { powerBiProjectFiles, type ProjectOptions } from '../src/powerbi/project';

/**
 * A reader for the subset of TMDL that src/powerbi/tmdl.ts writes (tests only): written from
 * the language's rules, not from our writer, so a test that reads our files back checks them.
 *
 * - Objects are lines `<type> <name>` or `<type> <name> = <expression>`; a name is bare or in
 *   single quotes ('' for a quote). Children and properties are indented one tab deeper.
 * - Properties are `key: value`, or a bare `key` (true). `key =` followed by deeper-indented
 *   lines is a multi-line expression.
 * - `///` lines describe the next object.
 */

export interface TmdlObject {
  type: string;
  name: string;
  /** The text after ` = ` on the object line (or the multi-line block under it). */
  expression?: string;
  description?: string;
  properties: Record<string, string | true>;
  children: TmdlObject[];
}

interface Line {
  depth: number;
  text: string;
  no: number;
}

function parseName(rest: string, no: number): { name: string; after: string } {
  if (rest.startsWith("'")) {
    let i = 1;
    let name = '';
    for (;;) {
      if (i >= rest.length) throw new Error(`line ${no}: unterminated quoted name`);
      if (rest[i] === "'") {
        if (rest[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += rest[i++];
    }
    return { name, after: rest.slice(i + 1) };
  }
  const m = /^([^\s=:]+)(.*)$/.exec(rest);
  if (!m) throw new Error(`line ${no}: expected a name in '${rest}'`);
  return { name: m[1], after: m[2] };
}

const OBJECT_TYPES = new Set(['database', 'model', 'table', 'column', 'measure', 'partition', 'relationship', 'expression', 'annotation', 'ref', 'dataAccessOptions']);

/** Parses one TMDL file into its top-level objects. */
export function parseTmdl(text: string): TmdlObject[] {
  const lines: Line[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const m = /^(\t*)(.*)$/.exec(raw)!;
    lines.push({ depth: m[1].length, text: m[2].replace(/\s+$/, ''), no: i + 1 });
  });
  let at = 0;

  /** The lines deeper than `depth` from `at` on, as one expression (common indentation removed). */
  function block(depth: number): string {
    const out: Line[] = [];
    while (at < lines.length && lines[at].depth > depth) out.push(lines[at++]);
    if (out.length === 0) throw new Error(`expected an expression block after depth ${depth}`);
    const min = Math.min(...out.map((l) => l.depth));
    return out.map((l) => '\t'.repeat(l.depth - min) + l.text).join('\n');
  }

  function objects(depth: number): TmdlObject[] {
    const out: TmdlObject[] = [];
    let description: string[] = [];
    while (at < lines.length && lines[at].depth >= depth) {
      const line = lines[at];
      if (line.depth > depth) throw new Error(`line ${line.no}: unexpected indentation`);
      if (line.text.startsWith('///')) {
        description.push(line.text.replace(/^\/\/\/ ?/, ''));
        at++;
        continue;
      }
      const typeMatch = /^(\w+)(?:\s+(.*))?$/.exec(line.text);
      if (!typeMatch) throw new Error(`line ${line.no}: cannot read '${line.text}'`);
      const type = typeMatch[1];
      at++;
      if (!OBJECT_TYPES.has(type)) throw new Error(`line ${line.no}: '${type}' is not an object here`);
      let name = '';
      let expression: string | undefined;
      if (type === 'ref') {
        const r = parseName((typeMatch[2] ?? '').replace(/^\w+\s+/, ''), line.no);
        name = `${(typeMatch[2] ?? '').split(/\s+/)[0]}:${r.name}`;
      } else if (typeMatch[2] !== undefined) {
        const n = parseName(typeMatch[2], line.no);
        name = n.name;
        const rest = n.after.trim();
        if (rest.startsWith('=')) {
          const e = rest.slice(1).trim();
          expression = e !== '' ? e : block(depth);
        } else if (rest !== '') throw new Error(`line ${line.no}: unexpected '${rest}'`);
      }
      const obj: TmdlObject = { type, name, expression, properties: {}, children: [] };
      if (description.length) obj.description = description.join('\n');
      description = [];
      // properties and children, one tab deeper
      while (at < lines.length && lines[at].depth === depth + 1) {
        const l = lines[at];
        const prop = /^(\w+)\s*:\s*(.*)$/.exec(l.text);
        const propExpr = /^(\w+)\s*=\s*(.*)$/.exec(l.text);
        const first = /^(\w+)/.exec(l.text)?.[1] ?? '';
        if (prop && !OBJECT_TYPES.has(first)) {
          obj.properties[prop[1]] = prop[2];
          at++;
        } else if (propExpr && !OBJECT_TYPES.has(first)) {
          at++;
          obj.properties[propExpr[1]] = propExpr[2] !== '' ? propExpr[2] : block(depth + 1);
        } else if (/^\w+$/.test(l.text) && !OBJECT_TYPES.has(l.text)) {
          obj.properties[l.text] = true;
          at++;
        } else if (l.text.startsWith('///') || OBJECT_TYPES.has(first)) {
          obj.children.push(...objects(depth + 1));
        } else {
          throw new Error(`line ${l.no}: cannot read '${l.text}'`);
        }
      }
      out.push(obj);
    }
    return out;
  }

  const result = objects(0);
  if (at !== lines.length) throw new Error(`line ${lines[at].no}: not read`);
  return result;
}

export interface ReadModel {
  tables: Map<
    string,
    {
      description?: string;
      hidden: boolean;
      columns: Map<string, { dataType: string; sourceColumn?: string; expression?: string; description?: string; hidden: boolean; sortByColumn?: string; formatString?: string }>;
      measures: Map<string, { expression: string; formatString?: string; description?: string; displayFolder?: string }>;
      /** kind: `m` (Power Query) or `calculated` (DAX), the text after `partition <name> =`. */
      partitions: Array<{ name: string; kind?: string; mode?: string; source: string }>;
    }
  >;
  relationships: Array<{ name: string; from: { table: string; column: string }; to: { table: string; column: string }; active: boolean }>;
  expressions: Map<string, string>;
  refs: string[];
}

/** `table.column` as TMDL writes relationship ends (names bare or quoted). */
function columnRef(text: string): { table: string; column: string } {
  const quoted = text.startsWith("'");
  const t = quoted ? parseName(text, 0) : { name: text.slice(0, text.indexOf('.')), after: text.slice(text.indexOf('.')) };
  if (!t.after.startsWith('.') || t.name === '') throw new Error(`not Table.Column: ${text}`);
  const c = parseName(t.after.slice(1), 0);
  if (c.after.trim() !== '') throw new Error(`not Table.Column: ${text}`);
  return { table: t.name, column: c.name };
}

/** The model of a definition folder's files (path → text). */
export function readModel(files: Record<string, string>): ReadModel {
  const model: ReadModel = { tables: new Map(), relationships: [], expressions: new Map(), refs: [] };
  for (const [path, text] of Object.entries(files)) {
    for (const o of parseTmdl(text)) {
      if (o.type === 'table') {
        const t = { description: o.description, hidden: o.properties.isHidden === true, columns: new Map(), measures: new Map(), partitions: [] } as ReadModel['tables'] extends Map<string, infer V> ? V : never;
        const str = (v: string | true | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
        for (const c of o.children) {
          if (c.type === 'column') {
            t.columns.set(c.name, {
              dataType: String(c.properties.dataType),
              sourceColumn: str(c.properties.sourceColumn),
              expression: c.expression,
              description: c.description,
              hidden: c.properties.isHidden === true,
              sortByColumn: str(c.properties.sortByColumn),
              formatString: str(c.properties.formatString),
            });
          } else if (c.type === 'measure') {
            if (!c.expression) throw new Error(`${path}: measure ${c.name} has no expression`);
            t.measures.set(c.name, { expression: c.expression, formatString: str(c.properties.formatString), description: c.description, displayFolder: str(c.properties.displayFolder) });
          } else if (c.type === 'partition') {
            t.partitions.push({ name: c.name, kind: c.expression, mode: c.properties.mode as string, source: String(c.properties.source) });
          }
        }
        model.tables.set(o.name, t);
      } else if (o.type === 'relationship') {
        model.relationships.push({
          name: o.name,
          from: columnRef(String(o.properties.fromColumn)),
          to: columnRef(String(o.properties.toColumn)),
          active: o.properties.isActive !== 'false',
        });
      } else if (o.type === 'expression') {
        model.expressions.set(o.name, o.expression ?? '');
      } else if (o.type === 'ref') {
        model.refs.push(o.name);
      }
    }
  }
  return model;
}

/**
 * The column and measure references of a DAX expression: `'Table'[Column]`, `Table[Column]`
 * and bare `[Measure]` (strings skipped).
 */
export function daxReferences(dax: string): { columns: Array<{ table: string; column: string }>; measures: string[] } {
  const code = dax.replace(/"(?:[^"]|"")*"/g, '""');
  const columns: Array<{ table: string; column: string }> = [];
  const measures: string[] = [];
  const re = /(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_]*))?\[([^\]]+)\]/g;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const table = m[1]?.replace(/''/g, "'") ?? m[2];
    if (table) columns.push({ table, column: m[3] });
    else measures.push(m[3]);
  }
  return { columns, measures };
}

export const MODEL_DIR = 'ClearSight RCA.SemanticModel/definition/';

/** The model of the project `clearsight-rca powerbi` writes, read back from its TMDL files. */
export function generatedModel(options: ProjectOptions = { server: 'localhost', database: 'postgres' }): ReadModel {
  const tmdl: Record<string, string> = {};
  for (const f of powerBiProjectFiles(options)) if (f.path.startsWith(MODEL_DIR)) tmdl[f.path.slice(MODEL_DIR.length)] = f.text;
  return readModel(tmdl);
}
