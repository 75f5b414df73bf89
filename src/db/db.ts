/**
 * The one small database interface the engine uses. Two adapters implement it:
 * `pgDb.ts` (node-postgres, production / reporting servers) and `pgliteDb.ts`
 * (embedded PostgreSQL in WASM, the demo and the default test database).
 *
 * Values always travel as `$n` parameters; SQL text comes from files in `sql/`.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with `$n` parameters; returns its rows. */
  query<R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** A transaction's handle: statements, and scripts (migrations) inside the same transaction. */
export interface Tx extends Queryable {
  exec(sql: string): Promise<void>;
  /**
   * Bulk load: `sql` is a `COPY table (columns) FROM STDIN` statement, `data` its rows in
   * COPY's text format (src/db/copyFormat.ts `copyRows`). Returns the rows loaded.
   */
  copyFrom(sql: string, data: string | Buffer): Promise<number>;
  /**
   * Bulk read: `sql` is a `COPY (SELECT …) TO STDOUT` statement (no parameters); its rows in
   * COPY's text format, in batches of whole rows (at most `maxRows` each). Read it to the end
   * before sending another statement on the same transaction.
   */
  copyOut(sql: string, maxRows: number): AsyncIterable<Buffer>;
}

export interface TransactionOptions {
  readOnly?: boolean;
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
}

export interface Session extends Queryable {
  /** Runs `fn` inside BEGIN … COMMIT on one connection; ROLLBACK when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

export interface Db extends Session {
  readonly kind: 'pg' | 'pglite';
  /** Where it points, for messages and the status bar: `demo` or `host:port/db`. Never a password. */
  readonly label: string;
  /** Whether PostgreSQL itself refuses writes on every connection of this Db. */
  readonly readOnly: boolean;
  /** A multi-statement script without parameters (migrations, schema files). */
  exec(sql: string): Promise<void>;
  /** Holds one connection for `fn` (advisory locks, cursors, several transactions). */
  session<T>(fn: (s: Session) => Promise<T>): Promise<T>;
  /** Asks the server to cancel whatever this Db is running now (pg_cancel_backend). */
  cancelRunning(): Promise<number>;
  close(): Promise<void>;
}
