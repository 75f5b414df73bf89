/**
 * A small DAX reader for the tests (not used by the product): a tokenizer and a parser for the
 * language's expression grammar (VAR … RETURN, operators by precedence, function calls, column
 * and measure references, table constructors), written from the DAX reference, so every
 * measure and calculated column the model writes is checked to parse; and an evaluator for the
 * subset the counting measures use (COUNTROWS, CALCULATE with column filters, AVERAGE, DIVIDE,
 * comparisons and IN), over rows given as plain objects, to compare them with SQL.
 */

export type Token =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'col'; table: string; column: string }
  | { t: 'measure'; name: string }
  | { t: 'id'; v: string }
  | { t: 'op'; v: string };

/** Every DAX function the model may use (a name outside this list fails the parse check). */
export const DAX_FUNCTIONS = new Set([
  'ALL', 'ALLSELECTED', 'AVERAGE', 'BLANK', 'CALCULATE', 'CONCATENATEX', 'DATE', 'DATEDIFF', 'DAY', 'DISTINCTCOUNT', 'DIVIDE', 'EXACT', 'FILTER', 'FORMAT',
  'IF', 'ISBLANK', 'KEEPFILTERS', 'LEFT', 'MAX', 'MAXX', 'MIN', 'MONTH', 'NOT', 'REMOVEFILTERS', 'SELECTCOLUMNS', 'SELECTEDVALUE', 'SUM', 'SWITCH', 'TOPN',
  'TRUE', 'FALSE', 'USERELATIONSHIP', 'VALUES', 'YEAR', 'COUNTROWS',
]);
const KEYWORDS = new Set(['VAR', 'RETURN', 'IN', 'NOT', 'DESC', 'ASC', 'SECOND', 'MINUTE', 'HOUR', 'DAY']);

export function tokenize(dax: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const err = (what: string): never => {
    throw new Error(`DAX: ${what} at ${i} in ${dax}`);
  };
  while (i < dax.length) {
    const c = dax[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= dax.length) err('unterminated string');
        if (dax[i] === '"') {
          if (dax[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += dax[i++];
      }
      out.push({ t: 'str', v });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(dax.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (c === "'" || /[A-Za-z_]/.test(c)) {
      let name: string;
      if (c === "'") {
        const m = /^'((?:[^']|'')+)'/.exec(dax.slice(i)) ?? err('unterminated quoted name');
        name = m[1].replace(/''/g, "'");
        i += m[0].length;
      } else {
        const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(dax.slice(i))!;
        name = m[0];
        i += name.length;
      }
      if (dax[i] === '[') {
        const m = /^\[([^\]]+)\]/.exec(dax.slice(i)) ?? err('unterminated column');
        out.push({ t: 'col', table: name, column: m[1] });
        i += m[0].length;
      } else if (c === "'") {
        out.push({ t: 'id', v: name });
      } else {
        out.push({ t: 'id', v: name });
      }
    } else if (c === '[') {
      const m = /^\[([^\]]+)\]/.exec(dax.slice(i)) ?? err('unterminated measure reference');
      out.push({ t: 'measure', name: m[1] });
      i += m[0].length;
    } else {
      const op = ['&&', '||', '<>', '<=', '>=', '=', '<', '>', '&', '+', '-', '*', '/', '(', ')', ',', '{', '}'].find((o) => dax.startsWith(o, i)) ?? err(`unexpected '${c}'`);
      out.push({ t: 'op', v: op });
      i += op.length;
    }
  }
  return out;
}

export type Ast =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'col'; table: string; column: string }
  | { k: 'measure'; name: string }
  | { k: 'name'; v: string }
  | { k: 'call'; fn: string; args: Ast[] }
  | { k: 'bin'; op: string; a: Ast; b: Ast }
  | { k: 'not'; a: Ast }
  | { k: 'neg'; a: Ast }
  | { k: 'list'; items: Ast[] }
  | { k: 'var'; defs: Array<[string, Ast]>; body: Ast };

const PRECEDENCE: Array<string[]> = [['||'], ['&&'], ['=', '<>', '<', '>', '<=', '>=', 'IN'], ['&'], ['+', '-'], ['*', '/']];

/** Parses a DAX expression; throws naming what it could not read (an unknown function included). */
export function parseDax(dax: string): Ast {
  const toks = tokenize(dax);
  let at = 0;
  const peek = (): Token | undefined => toks[at];
  const isOp = (v: string): boolean => peek()?.t === 'op' && (peek() as { v: string }).v === v;
  const isWord = (v: string): boolean => peek()?.t === 'id' && (peek() as { v: string }).v.toUpperCase() === v;
  const fail = (what: string): never => {
    throw new Error(`DAX: ${what} at token ${at} (${JSON.stringify(peek())}) in ${dax}`);
  };
  const expectOp = (v: string): void => {
    if (!isOp(v)) fail(`expected '${v}'`);
    at++;
  };

  function expr(): Ast {
    if (isWord('VAR')) {
      const defs: Array<[string, Ast]> = [];
      while (isWord('VAR')) {
        at++;
        const n = peek();
        if (n?.t !== 'id' || KEYWORDS.has(n.v.toUpperCase())) fail('expected a variable name');
        at++;
        expectOp('=');
        defs.push([(n as { v: string }).v, expr()]);
      }
      if (!isWord('RETURN')) fail('expected RETURN');
      at++;
      return { k: 'var', defs, body: expr() };
    }
    return binary(0);
  }

  function binary(level: number): Ast {
    if (level === PRECEDENCE.length) return unary();
    let a = binary(level + 1);
    for (;;) {
      const ops = PRECEDENCE[level];
      const t = peek();
      const op = t?.t === 'op' && ops.includes(t.v) ? t.v : t?.t === 'id' && ops.includes(t.v.toUpperCase()) ? t.v.toUpperCase() : undefined;
      if (!op) return a;
      at++;
      a = { k: 'bin', op, a, b: binary(level + 1) };
    }
  }

  function unary(): Ast {
    if (isOp('-')) {
      at++;
      return { k: 'neg', a: unary() };
    }
    if (isWord('NOT') && !(toks[at + 1]?.t === 'op' && (toks[at + 1] as { v: string }).v === '(')) {
      at++;
      return { k: 'not', a: binary(2) };
    }
    return primary();
  }

  function primary(): Ast {
    const t = peek() ?? fail('unexpected end');
    at++;
    switch (t.t) {
      case 'num':
        return { k: 'num', v: t.v };
      case 'str':
        return { k: 'str', v: t.v };
      case 'col':
        return { k: 'col', table: t.table, column: t.column };
      case 'measure':
        return { k: 'measure', name: t.name };
      case 'id': {
        if (isOp('(')) {
          const fn = t.v.toUpperCase();
          if (!DAX_FUNCTIONS.has(fn)) fail(`unknown function ${t.v}`);
          at++;
          const args: Ast[] = [];
          if (!isOp(')')) {
            args.push(expr());
            while (isOp(',')) {
              at++;
              args.push(expr());
            }
          }
          expectOp(')');
          return { k: 'call', fn, args };
        }
        return { k: 'name', v: t.v };
      }
      case 'op':
        if (t.v === '(') {
          const e = expr();
          expectOp(')');
          return e;
        }
        if (t.v === '{') {
          const items = [expr()];
          while (isOp(',')) {
            at++;
            items.push(expr());
          }
          expectOp('}');
          return { k: 'list', items };
        }
        return fail(`unexpected '${t.v}'`);
    }
  }

  const result = expr();
  if (at !== toks.length) fail('unexpected text after the expression');
  return result;
}

// ---------------------------------------------------------------------------------------------
// Evaluation of the counting subset.

type Value = number | string | boolean | null;
export type Row = Record<string, Value>;

interface Ctx {
  tables: Record<string, Row[]>;
  measures: Record<string, Ast>;
  /** Filters by `table[column]`, each replacing the previous one on its column (CALCULATE's rule). */
  filters: Map<string, { table: string; test: (row: Row) => boolean }>;
  vars: Map<string, Value>;
}

function rowsOf(ctx: Ctx, table: string): Row[] {
  const rows = ctx.tables[table];
  if (!rows) throw new Error(`DAX eval: no rows for table ${table}`);
  const filters = [...ctx.filters.values()].filter((f) => f.table === table);
  return rows.filter((r) => filters.every((f) => f.test(r)));
}

/** DAX compares text case-insensitively; blank equals blank. */
function same(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

function columnOf(a: Ast): { table: string; column: string } {
  if (a.k !== 'col') throw new Error(`DAX eval: expected a column, got ${a.k}`);
  return { table: a.table, column: a.column };
}

/** A CALCULATE filter argument on one column: `t[c] = v`, `t[c] <> v`, `t[c] IN { … }`. */
function columnFilter(ctx: Ctx, f: Ast): [string, { table: string; test: (row: Row) => boolean }] {
  if (f.k !== 'bin') throw new Error(`DAX eval: unsupported filter ${f.k}`);
  const { table, column } = columnOf(f.a);
  const key = `${table}[${column}]`;
  if (f.op === 'IN') {
    if (f.b.k !== 'list') throw new Error('DAX eval: IN needs a list');
    const values = f.b.items.map((x) => evaluate(x, ctx));
    return [key, { table, test: (r) => values.some((v) => same(r[column], v)) }];
  }
  const v = evaluate(f.b, ctx);
  if (f.op === '=') return [key, { table, test: (r) => same(r[column], v) }];
  if (f.op === '<>') return [key, { table, test: (r) => !same(r[column], v) }];
  throw new Error(`DAX eval: unsupported filter operator ${f.op}`);
}

function evaluate(a: Ast, ctx: Ctx): Value {
  switch (a.k) {
    case 'num':
    case 'str':
      return a.v;
    case 'name': {
      if (ctx.vars.has(a.v)) return ctx.vars.get(a.v)!;
      throw new Error(`DAX eval: unknown name ${a.v}`);
    }
    case 'measure': {
      const m = ctx.measures[a.name];
      if (!m) throw new Error(`DAX eval: unknown measure ${a.name}`);
      return evaluate(m, { ...ctx, vars: new Map() });
    }
    case 'var': {
      const vars = new Map(ctx.vars);
      for (const [n, e] of a.defs) vars.set(n, evaluate(e, { ...ctx, vars }));
      return evaluate(a.body, { ...ctx, vars });
    }
    case 'call': {
      const args = a.args;
      switch (a.fn) {
        case 'BLANK':
          return null;
        case 'COUNTROWS': {
          if (args[0].k !== 'name') throw new Error('DAX eval: COUNTROWS needs a table');
          const n = rowsOf(ctx, args[0].v).length;
          return n === 0 ? null : n;
        }
        case 'AVERAGE': {
          const { table, column } = columnOf(args[0]);
          const values = rowsOf(ctx, table).map((r) => r[column]).filter((v): v is number => typeof v === 'number');
          return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
        }
        case 'CALCULATE': {
          const filters = new Map(ctx.filters);
          for (const f of args.slice(1)) {
            const [key, filter] = columnFilter(ctx, f);
            filters.set(key, filter);
          }
          return evaluate(args[0], { ...ctx, filters });
        }
        case 'DIVIDE': {
          const n = evaluate(args[0], ctx);
          const d = evaluate(args[1], ctx);
          if (d === null || d === 0) return args[2] ? evaluate(args[2], ctx) : null;
          return (Number(n ?? 0)) / Number(d);
        }
        default:
          throw new Error(`DAX eval: ${a.fn} is outside the evaluated subset`);
      }
    }
    default:
      throw new Error(`DAX eval: ${a.k} is outside the evaluated subset`);
  }
}

/**
 * Evaluates a measure over `tables` (rows as plain objects, blanks as null) in a filter context
 * of column equalities (`{ 'dim_run[scenario_id]': id }`), with the other measures it names.
 */
export function evaluateMeasure(
  dax: string,
  tables: Record<string, Row[]>,
  measures: Record<string, string> = {},
  context: Record<string, Value> = {},
): Value {
  const filters = new Map<string, { table: string; test: (row: Row) => boolean }>();
  for (const [key, v] of Object.entries(context)) {
    const m = /^(\w+)\[(\w+)\]$/.exec(key);
    if (!m) throw new Error(`context key ${key}: expected table[column]`);
    filters.set(key, { table: m[1], test: (r) => same(r[m[2]], v) });
  }
  const parsed = Object.fromEntries(Object.entries(measures).map(([n, e]) => [n, parseDax(e)]));
  return evaluate(parseDax(dax), { tables, measures: parsed, filters, vars: new Map() });
}
