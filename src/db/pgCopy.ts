/**
 * `COPY … FROM STDIN` over node-postgres without an extra dependency: a Submittable (the
 * extension point pg-cursor and pg-query-stream use) that answers the server's
 * CopyInResponse by streaming CopyData messages, with socket back-pressure, then CopyDone.
 * The promise `done` settles with the row count of the server's `COPY n`, or the error.
 * The text format itself (fields, rows, batches) is in copyFormat.ts.
 */
import { once } from 'node:events';
import type { Connection, Submittable } from 'pg';

/** Largest CopyData message we send (the server accepts up to 1 GB; smaller keeps memory flat). */
const CHUNK = 256 * 1024;

type Chunk = string | Buffer;

interface CopyConnection {
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

export class CopyFromQuery implements Submittable {
  readonly done: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (err: Error) => void;
  private rows = 0;
  private settled = false;
  private sourceError: Error | undefined;

  constructor(
    readonly text: string,
    private readonly source: Chunk | Iterable<Chunk> | AsyncIterable<Chunk>,
  ) {
    this.done = new Promise<number>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // The caller awaits `done`; never an unhandled rejection in between.
    this.done.catch(() => undefined);
  }

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: Connection): void {
    void this.pump(connection as unknown as CopyConnection);
  }

  private async pump(connection: CopyConnection): Promise<void> {
    try {
      const source = typeof this.source === 'string' || Buffer.isBuffer(this.source) ? [this.source] : this.source;
      for await (const chunk of source as AsyncIterable<Chunk>) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        for (let at = 0; at < buf.length; at += CHUNK) {
          if (this.settled) return;
          connection.sendCopyFromChunk(at === 0 && buf.length <= CHUNK ? buf : buf.subarray(at, at + CHUNK));
          if (connection.stream.writableNeedDrain) await once(connection.stream as NodeJS.EventEmitter, 'drain');
        }
      }
      connection.endCopyFrom();
    } catch (err) {
      // The server answers CopyFail with an error; report the source's own error instead.
      this.sourceError = err instanceof Error ? err : new Error(String(err));
      connection.sendCopyFail(this.sourceError.message.slice(0, 200));
    }
  }

  handleCommandComplete(msg: { text?: string }): void {
    const m = /^COPY (\d+)/.exec(msg.text ?? '');
    if (m) this.rows = Number(m[1]);
  }

  handleReadyForQuery(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(this.rows);
  }

  handleError(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(this.sourceError ?? err);
  }

  // Not expected during COPY FROM; present so that a confused server cannot crash the client.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCopyData(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
}

const NEWLINE_BYTE = 10;

/**
 * `COPY … TO STDOUT` as batches of whole rows (COPY's text format, each row ending in a
 * newline; a newline inside a value is escaped, so a raw newline always ends a row). Exactly
 * `maxRows` rows per batch but the last (never an empty one); the socket pauses while two
 * batches wait for the reader.
 */
export class CopyOutQuery implements Submittable {
  readonly done: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (err: Error) => void;
  private readonly ready: Buffer[] = [];
  private wake: (() => void) | null = null;
  private finished = false;
  private error: Error | null = null;
  private rows = 0;
  private connection: { stream: NodeJS.ReadableStream } | null = null;
  private paused = false;
  private buf: Buffer = Buffer.allocUnsafe(1 << 20);
  private len = 0;
  private rowsInBuf = 0;

  constructor(
    readonly text: string,
    private readonly maxRows: number,
  ) {
    this.done = new Promise<number>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.done.catch(() => undefined);
  }

  submit(connection: Connection): void {
    this.connection = connection as unknown as { stream: NodeJS.ReadableStream };
    connection.query(this.text);
  }

  private discard = false;

  /** The reader is gone: drop what comes, never pause again. */
  abandon(): void {
    this.discard = true;
    this.ready.length = 0;
    if (this.paused) {
      this.paused = false;
      this.connection?.stream.resume();
    }
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    if (this.discard) return;
    // The parser reuses its buffer: the bytes are copied into the batch here. A batch is
    // handed over as soon as it holds `maxRows` rows, so it always ends a row.
    const chunk = msg.chunk;
    let from = 0;
    for (let i = chunk.indexOf(NEWLINE_BYTE); i >= 0; i = chunk.indexOf(NEWLINE_BYTE, i + 1)) {
      if (++this.rowsInBuf < this.maxRows) continue;
      this.append(chunk, from, i + 1);
      this.emit();
      from = i + 1;
    }
    if (from < chunk.length) this.append(chunk, from, chunk.length);
  }

  private append(chunk: Buffer, start: number, end: number): void {
    const need = this.len + end - start;
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, need));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    chunk.copy(this.buf, this.len, start, end);
    this.len = need;
  }

  /**
   * Hands the first `end` bytes (whole rows) to the reader; the rest, a row still arriving,
   * starts the next batch. Only the bytes written so far are ever searched or handed over:
   * the buffer's tail is uninitialised memory.
   */
  private emit(end = this.len): void {
    if (end <= 0) return;
    const rest = this.len - end;
    const next = Buffer.allocUnsafe(Math.max(1 << 20, rest));
    this.buf.copy(next, 0, end, this.len);
    this.ready.push(this.buf.subarray(0, end));
    this.buf = next;
    this.len = rest;
    this.rowsInBuf = 0;
    if (this.ready.length >= 2 && !this.paused && this.connection) {
      this.paused = true;
      this.connection.stream.pause();
    }
    this.notify();
  }

  handleCommandComplete(msg: { text?: string }): void {
    const m = /^COPY (\d+)/.exec(msg.text ?? '');
    if (m) this.rows = Number(m[1]);
  }

  handleReadyForQuery(): void {
    if (this.finished) return;
    if (!this.discard && this.len > 0) {
      // Every COPY text row ends in a newline: bytes after the last one are a cut row.
      const end = this.buf.lastIndexOf(NEWLINE_BYTE, this.len - 1) + 1;
      const cut = this.len - end;
      this.emit(end);
      if (cut > 0) {
        this.handleError(new Error(`COPY output ended inside a row (${cut} bytes after the last newline)`));
        return;
      }
    }
    this.finished = true;
    this.resolve(this.rows);
    this.notify();
  }

  handleError(err: Error): void {
    if (this.finished) return;
    this.error = err;
    this.finished = true;
    this.reject(err);
    this.notify();
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: Connection): void {
    (connection as unknown as CopyConnection).sendCopyFail('COPY FROM is not expected here');
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** The batches, in order; throws the server's error. */
  async *batches(): AsyncGenerator<Buffer> {
    for (;;) {
      const next = this.ready.shift();
      if (next) {
        if (this.paused && this.ready.length < 2) {
          this.paused = false;
          this.connection?.stream.resume();
        }
        yield next;
        continue;
      }
      if (this.error) throw this.error;
      if (this.finished) return;
      await new Promise<void>((r) => (this.wake = r));
    }
  }
}
