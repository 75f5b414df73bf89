/**
 * Writing a bookmark into a PBIP report folder (`<name>.Report`): the bookmark file in
 * `definition/bookmarks/`, registered in that folder's `bookmarks.json`. No vscode here.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addToBookmarksMetadata } from '../core/powerbi';
import { UserError } from '../db/db';

/** Whether a folder looks like a PBIP report (PBIR format). */
export function isPbipReportFolder(folder: string): boolean {
  return existsSync(join(folder, 'definition.pbir')) || existsSync(join(folder, 'definition', 'report.json'));
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Writes `<name>.bookmark.json` and adds `name` to `bookmarks.json` (once); returns the bookmark file. */
export function saveBookmarkToReport(folder: string, name: string, bookmark: object): string {
  if (!isPbipReportFolder(folder)) throw new UserError(`${folder} is not a PBIP report folder (no definition.pbir or definition/report.json)`);
  const dir = join(folder, 'definition', 'bookmarks');
  mkdirSync(dir, { recursive: true });
  const metaFile = join(dir, 'bookmarks.json');
  let existing: object | undefined;
  if (existsSync(metaFile)) {
    try {
      existing = JSON.parse(readFileSync(metaFile, 'utf8')) as object;
    } catch {
      throw new UserError(`${metaFile} is not valid JSON; fix or remove it first`);
    }
  }
  const file = join(dir, `${name}.bookmark.json`);
  writeAtomic(file, `${JSON.stringify(bookmark, null, 2)}\n`);
  writeAtomic(metaFile, `${JSON.stringify(addToBookmarksMetadata(existing, name), null, 2)}\n`);
  return file;
}
