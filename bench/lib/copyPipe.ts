/**
 * The physical limit: the same rows moved with `COPY (SELECT …) TO STDOUT` on one
 * connection piped into `COPY … FROM STDIN` on another, no transform in between, with the
 * engine's own COPY Submittables (src/db/pgCopy.ts): the source socket pauses while the
 * target has not taken the data.
 */
import type { Client } from 'pg';
import { CopyFromQuery, CopyOutQuery } from '../../src/db/pgCopy';

/** Pipes one COPY out of `from` into one COPY in of `to`; the rows moved. */
export async function pipe(from: Client, selectSql: string, params: ReadonlyArray<string | null>, to: Client, copyInSql: string): Promise<number> {
  // COPY takes no parameters: the few values (timestamps) become literals quoted by the server.
  let text = selectSql;
  for (let i = params.length; i >= 1; i--) {
    const v = params[i - 1];
    const lit = v === null ? 'NULL' : (await from.query<{ l: string }>('SELECT quote_literal($1::text) AS l', [v])).rows[0].l;
    text = text.split(`$${i}`).join(lit);
  }
  const out = from.query(new CopyOutQuery(`COPY (${text}) TO STDOUT`, 10_000));
  const into = to.query(new CopyFromQuery(copyInSql, out.batches()));
  const [, rows] = await Promise.all([out.done, into.done]);
  return rows;
}
