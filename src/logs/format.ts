/** Plain-text rendering of log lines (the CLI's human output, the RCA note). */
import type { LogLine } from './types';

/** Where a line is, for people: `path:line`, `path` or `group / stream`. */
export function lineLocation(l: LogLine): string {
  return l.line !== null ? `${l.origin}:${l.line}` : l.origin;
}

/** One record per block: `time LEVEL message  (location)`, the stack indented below. */
export function formatLogLines(lines: readonly LogLine[]): string {
  const out: string[] = [];
  for (const l of lines) {
    const when = l.timestamp ? l.timestamp.replace('T', ' ') : '(no time)           ';
    out.push(`${when} ${(l.level ?? '-').padEnd(5)} ${l.message}  (${l.source}: ${lineLocation(l)})`);
    if (l.stack) for (const s of l.stack.split('\n')) out.push(`    ${s}`);
  }
  return out.join('\n');
}
