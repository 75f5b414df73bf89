/**
 * Local and workspace log files: plain text, JSON lines, and either gzip-compressed (`.gz`).
 *
 * Files are streamed in 1 MiB chunks and never read whole. A chunk is searched as bytes
 * for the run's ids (lower and upper case; `Buffer.indexOf`, native), and only the records
 * around a hit are decoded and parsed — so a gigabyte of other runs' lines costs a few
 * byte scans, not a parse per line. Records (a header line and its continuation lines, e.g.
 * a traceback) never straddle the chunk boundary: the tail from the last record start is
 * carried into the next chunk. Line numbers are counted as the chunks pass.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { expandGlobs, type ExpandedGlobs } from './glob';
import { isHeaderLine, MAX_STACK_LINES, parseRecord } from './parse';
import type { LogLine, LogSearchOptions, LogSource, LogSourceResult, RunLogQuery } from './types';
import { DEFAULT_LOG_CAP } from './types';

const CHUNK = 1 << 20;
/** A carried tail longer than this without a record start is cut at a line end (bounded memory). */
const MAX_CARRY = 8 << 20;
/** Bytes of a line start looked at to tell a record start (a timestamp or `{`). */
const HEAD_PEEK = 48;
const NL = 10;

function isHeaderAt(buf: Buffer, pos: number, end: number): boolean {
  const c = buf[pos];
  if (c === 0x7b) return true;
  if (!((c >= 0x30 && c <= 0x39) || c === 0x5b)) return false;
  return isHeaderLine(buf.toString('latin1', pos, Math.min(end, pos + HEAD_PEEK)));
}

/** Start of the line holding `pos`. */
function lineStart(buf: Buffer, pos: number): number {
  if (pos <= 0) return 0;
  return buf.lastIndexOf(NL, pos - 1) + 1;
}

function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  let i = buf.indexOf(NL, from);
  while (i >= 0 && i < to) {
    n++;
    i = buf.indexOf(NL, i + 1);
  }
  return n;
}

export interface FileSearchState {
  /** Matching records found so far (all files of a search). */
  found: number;
  cap: number;
  truncated: boolean;
}

/**
 * Searches one file for the query's records; appends them to `out`. Stops at the cap
 * (sets `state.truncated`). Rejects with the file system error when the file cannot be read.
 */
export async function searchFile(path: string, query: RunLogQuery, out: LogLine[], state: FileSearchState, signal?: AbortSignal): Promise<void> {
  const needles: Buffer[] = [];
  for (const id of query.ids) {
    needles.push(Buffer.from(id.toLowerCase(), 'latin1'));
    needles.push(Buffer.from(id.toUpperCase(), 'latin1'));
  }
  const gz = /\.gz$/i.test(path);
  const file = createReadStream(path, { highWaterMark: CHUNK });
  const stream = gz ? file.pipe(createGunzip({ chunkSize: CHUNK })) : file;
  if (gz) file.on('error', (e) => stream.destroy(e));
  let carry: Buffer | null = null;
  let lineBase = 0; // newlines before buf[0]
  const fromMs = Date.parse(query.from);
  const toMs = Date.parse(query.to);

  /** Handles the complete records in buf[0, cut). Returns false when the cap is reached. */
  const scan = (buf: Buffer, cut: number): boolean => {
    const hits: number[] = [];
    for (const n of needles) {
      let i = buf.indexOf(n, 0);
      while (i >= 0 && i < cut) {
        hits.push(i);
        i = buf.indexOf(n, i + n.length);
      }
    }
    let counted = 0;
    let lines = 0;
    if (hits.length > 0) {
      hits.sort((a, b) => a - b);
      let doneUntil = -1;
      for (const hit of hits) {
        if (hit < doneUntil) continue;
        // Back to the record's first line (bounded), then forward to the next record start.
        let start = lineStart(buf, hit);
        for (let k = 0; k < MAX_STACK_LINES * 2 && start > 0 && !isHeaderAt(buf, start, cut); k++) start = lineStart(buf, start - 1);
        let end = buf.indexOf(NL, hit);
        while (end >= 0 && end + 1 < cut && !isHeaderAt(buf, end + 1, cut)) end = buf.indexOf(NL, end + 1);
        end = end < 0 || end + 1 > cut ? cut : end + 1;
        doneUntil = end;
        lines += countNewlines(buf, counted, start);
        counted = start;
        const text = buf.toString('utf8', start, end);
        const recLines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
        if (recLines.length > 1 && recLines[recLines.length - 1] === '') recLines.pop();
        const entry = parseRecord(recLines);
        if (!query.ids.some((id) => entry.ids.includes(id))) continue;
        if (entry.timestamp) {
          const t = Date.parse(entry.timestamp);
          if (t < fromMs || t > toMs) continue;
        }
        if (state.found >= state.cap) {
          state.truncated = true;
          return false;
        }
        state.found++;
        out.push({
          timestamp: entry.timestamp,
          level: entry.level,
          source: 'files',
          message: entry.message,
          stack: entry.stack,
          ids: entry.ids,
          origin: path,
          line: gz ? null : lineBase + lines + 1,
          url: null,
        });
      }
    }
    lineBase += lines + countNewlines(buf, counted, cut);
    return true;
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
      const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const lastNl = buf.lastIndexOf(NL);
      if (lastNl < 0) {
        carry = buf;
        if (buf.length > MAX_CARRY) {
          // One enormous line: search what we have and go on.
          if (!scan(buf, buf.length)) return;
          carry = null;
        }
        continue;
      }
      // The last record may go on in the next chunk: keep it from its first line (an
      // unfinished last line always waits; carrying a record too many is harmless).
      let cut = lastNl + 1 < buf.length ? lastNl + 1 : lineStart(buf, lastNl);
      for (let k = 0; cut > 0 && !isHeaderAt(buf, cut, buf.length) && k < MAX_STACK_LINES * 2; k++) cut = lineStart(buf, cut - 1);
      if (cut === 0 && buf.length > MAX_CARRY) cut = lastNl + 1;
      if (cut > 0 && !scan(buf, cut)) return;
      carry = cut < buf.length ? Buffer.from(buf.subarray(cut)) : null;
    }
    if (carry && carry.length > 0) scan(carry, carry.length);
  } finally {
    stream.destroy();
    file.destroy();
  }
}

/** Links not followed, named (the first few). */
function outsideNote(links: readonly string[]): string {
  const shown = links.slice(0, 5).join(', ');
  const more = links.length > 5 ? ` and ${links.length - 5} more` : '';
  return `not read: ${links.length === 1 ? 'a symbolic link leads' : `${links.length} symbolic links lead`} outside the configured log folders (${shown}${more})`;
}

/** The workspace / local files source: the files the globs name (links only within their root, see expandGlobs). */
export class FileLogSource implements LogSource {
  readonly kind = 'files' as const;
  readonly label: string;

  constructor(
    private readonly patterns: readonly string[],
    private readonly cwd: string,
  ) {
    this.label = patterns.join(', ');
  }

  /** The files the patterns name now (the log load reads each of them). */
  files(): Promise<ExpandedGlobs> {
    return expandGlobs(this.patterns, this.cwd);
  }

  async search(query: RunLogQuery, options: LogSearchOptions = {}): Promise<LogSourceResult> {
    const { files, truncated: tooMany, outside } = await expandGlobs(this.patterns, this.cwd);
    const notes: string[] = [];
    if (tooMany) notes.push(`more than ${files.length} log files match ${this.label}; only the first ${files.length} were searched`);
    if (files.length === 0) notes.push(`no log files match ${this.label}`);
    if (outside.length > 0) notes.push(outsideNote(outside));
    const state: FileSearchState = { found: 0, cap: options.cap ?? DEFAULT_LOG_CAP, truncated: false };
    const lines: LogLine[] = [];
    for (const f of files) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('cancelled');
      try {
        await searchFile(f, query, lines, state, options.signal);
      } catch (err) {
        if (options.signal?.aborted) throw err;
        const e = err as NodeJS.ErrnoException;
        notes.push(`${f}: ${e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR' ? 'not valid gzip data' : e.code === 'EACCES' ? 'permission denied' : e.message}`);
      }
      if (state.truncated) break;
    }
    return { lines, truncated: state.truncated, notes };
  }
}
