/**
 * Every record of a log file from a byte offset on, streamed (the log load, src/etl/logs):
 * plain text, JSON lines, and either gzip-compressed (`.gz`, offsets in the uncompressed
 * bytes). The file is read in 1 MiB chunks and never whole; records come out in batches, and
 * the next chunk is read only when the consumer asks for the next batch, so memory is one
 * chunk, one carried record and one batch, whatever the file's size.
 *
 * A record is a header line and its continuation lines (parse.ts: a traceback stays with the
 * record it follows). The record at the end of the file is given only when it ends with a
 * newline: a line still being written waits for the next read, and `end` (the offset to read
 * from next time) stops before it.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { isHeaderLine, MAX_STACK_LINES, parseRecord, type ParsedLogEntry } from './parse';

const CHUNK = 1 << 20;
const HEAD_PEEK = 48;
const NL = 10;
/** A record longer than this is cut into pieces (each its own record): bounded memory. */
const MAX_RECORD_BYTES = 4 << 20;

export interface FileRecord {
  /** Byte offset of the record's first line (uncompressed bytes for .gz). */
  offset: number;
  /** 1-based line number of its first line. */
  line: number;
  entry: ParsedLogEntry;
}

export interface FileBatch {
  records: FileRecord[];
  /** Where the next read starts: the end of the last record given (offset and line). */
  end: { offset: number; line: number };
}

function isHeaderAt(buf: Buffer, pos: number, end: number): boolean {
  const c = buf[pos];
  if (c === 0x7b) return true;
  if (!((c >= 0x30 && c <= 0x39) || c === 0x5b)) return false;
  return isHeaderLine(buf.toString('latin1', pos, Math.min(end, pos + HEAD_PEEK)));
}

function toEntry(buf: Buffer, start: number, end: number): ParsedLogEntry {
  const lines = buf.toString('utf8', start, end).split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  return parseRecord(lines);
}

/**
 * The file's records from `from` (a record start: 0, or a previous batch's `end`), in batches
 * of at most `batchSize`. Rejects with the file system's error when the file cannot be read.
 */
export async function* fileRecords(path: string, from: { offset: number; line: number }, batchSize: number, signal?: AbortSignal): AsyncGenerator<FileBatch> {
  const gz = /\.gz$/i.test(path);
  const file = createReadStream(path, { highWaterMark: CHUNK, ...(gz ? {} : { start: from.offset }) });
  const stream = gz ? file.pipe(createGunzip({ chunkSize: CHUNK })) : file;
  if (gz) file.on('error', (e) => stream.destroy(e));
  // Bytes before `base` are behind us; `skip`: compressed files are read from 0 up to `from`.
  let base = gz ? 0 : from.offset;
  let skip = gz ? from.offset : 0;
  let line = from.line;
  let carry: Buffer | null = null;
  let batch: FileRecord[] = [];
  let end = { offset: from.offset, line: from.line };
  try {
    for await (const raw of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
      let chunk = raw;
      if (skip > 0) {
        if (chunk.length <= skip) {
          skip -= chunk.length;
          base += chunk.length;
          continue;
        }
        chunk = chunk.subarray(skip);
        base += skip;
        skip = 0;
      }
      const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      // Records wholly inside buf: from record start `start` to the next header line.
      let start = 0;
      let startLine = line;
      let pos = 0;
      let lines = 0; // newlines since `start`
      for (;;) {
        const nl = buf.indexOf(NL, pos);
        if (nl < 0) break;
        const next = nl + 1;
        lines++;
        pos = next;
        // The record ends before a header line (a line that has begun; its end may still be coming).
        const tooLong = next - start > MAX_RECORD_BYTES || lines > MAX_STACK_LINES * 2;
        if (next < buf.length && (isHeaderAt(buf, next, buf.length) || tooLong)) {
          batch.push({ offset: base + start, line: startLine, entry: toEntry(buf, start, next) });
          start = next;
          startLine += lines;
          lines = 0;
          end = { offset: base + start, line: startLine };
          if (batch.length >= batchSize) {
            yield { records: batch, end };
            batch = [];
          }
        }
      }
      line = startLine;
      base += start;
      carry = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
      if (carry && carry.length > MAX_RECORD_BYTES * 2) {
        // One enormous line: give what we have as its own record and go on.
        batch.push({ offset: base, line, entry: toEntry(carry, 0, carry.length) });
        base += carry.length;
        line += 1;
        carry = null;
        end = { offset: base, line };
      }
    }
    // The last record, when its last line is complete.
    if (carry && carry.length > 0 && carry[carry.length - 1] === NL) {
      if (!(carry.length === 1 || carry.toString('utf8').trim() === '')) batch.push({ offset: base, line, entry: toEntry(carry, 0, carry.length) });
      let n = 0;
      for (let i = carry.indexOf(NL); i >= 0; i = carry.indexOf(NL, i + 1)) n++;
      end = { offset: base + carry.length, line: line + n };
    }
    if (batch.length > 0 || end.offset !== from.offset) yield { records: batch, end };
  } finally {
    stream.destroy();
    file.destroy();
  }
}
