/**
 * PBIP files on disk: the generated Power BI project for the reporting schema
 * (`clearsight-rca powerbi`, src/powerbi/project.ts builds it), and bookmarks written into a
 * PBIP report folder (`<name>.Report`): the bookmark file in `definition/bookmarks/`,
 * registered in that folder's `bookmarks.json`. No vscode here.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { addToBookmarksMetadata } from '../core/powerbi';
import { UserError } from '../db/db';
import { PBIP_FILE, powerBiProjectFiles, projectOptionsFrom, REPORT_FOLDER, type ProjectOptions } from '../powerbi/project';

/** Whether a folder looks like a PBIP report (PBIR format). */
export function isPbipReportFolder(folder: string): boolean {
  return existsSync(join(folder, 'definition.pbir')) || existsSync(join(folder, 'definition', 'report.json'));
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * The report folder a user pointed at: a `<name>.Report` folder itself, or a PBIP project
 * folder holding exactly one (e.g. the folder `clearsight-rca powerbi` wrote).
 */
export function resolveReportFolder(folder: string): string {
  if (isPbipReportFolder(folder)) return folder;
  let reports: string[] = [];
  try {
    reports = readdirSync(folder).filter((f) => f.endsWith('.Report') && isPbipReportFolder(join(folder, f)));
  } catch {
    // not a folder we can read: reported below
  }
  if (reports.length === 1) return join(folder, reports[0]);
  throw new UserError(`${folder} is not a PBIP report folder (no definition.pbir or definition/report.json${reports.length > 1 ? `; it holds several reports: ${reports.join(', ')}` : ''})`);
}

function readBookmarksMetadata(metaFile: string): object | undefined {
  if (!existsSync(metaFile)) return undefined;
  try {
    return JSON.parse(readFileSync(metaFile, 'utf8')) as object;
  } catch {
    throw new UserError(`${metaFile} is not valid JSON; fix or remove it first`);
  }
}

/**
 * Writes `<name>.bookmark.json` and adds `name` to `bookmarks.json` (once); returns the bookmark
 * file. `folder`: the report folder, or a PBIP project folder holding one report.
 */
export function saveBookmarkToReport(folder: string, name: string, bookmark: object): string {
  folder = resolveReportFolder(folder);
  const dir = join(folder, 'definition', 'bookmarks');
  mkdirSync(dir, { recursive: true });
  const metaFile = join(dir, 'bookmarks.json');
  const existing = readBookmarksMetadata(metaFile);
  const file = join(dir, `${name}.bookmark.json`);
  writeAtomic(file, `${JSON.stringify(bookmark, null, 2)}\n`);
  writeAtomic(metaFile, `${JSON.stringify(addToBookmarksMetadata(existing, name), null, 2)}\n`);
  return file;
}

export interface WrittenProject {
  /** The `.pbip` file (absolute). */
  pbip: string;
  /** Every file written (absolute), sorted. */
  files: string[];
}

/**
 * Writes the Power BI project into `outDir` (created if missing). Writing again over an
 * earlier project replaces the generated files and keeps what users added: bookmarks saved
 * into its report stay, and stay registered in bookmarks.json.
 */
export function writePowerBiProject(outDir: string, options: ProjectOptions): WrittenProject {
  const root = resolve(outDir);
  if (existsSync(root) && !statSync(root).isDirectory()) throw new UserError(`--out: ${root} is a file, not a folder`);
  const files = powerBiProjectFiles(options);
  const written: string[] = [];
  const metaPath = `${REPORT_FOLDER}/definition/bookmarks/bookmarks.json`;
  for (const f of files) {
    const target = join(root, ...f.path.split('/'));
    let text = f.text;
    if (f.path === metaPath) {
      let meta = readBookmarksMetadata(target);
      for (const item of (JSON.parse(text) as { items: Array<{ name: string }> }).items) meta = addToBookmarksMetadata(meta, item.name);
      text = `${JSON.stringify(meta, null, 2)}\n`;
    }
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeAtomic(target, text);
    } catch (err) {
      throw new UserError(`cannot write ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    written.push(target);
  }
  return { pbip: join(root, PBIP_FILE), files: written };
}

/** `clearsight-rca powerbi`: the options from flags and the reporting connection (projectOptionsFrom), then the files. */
export function writePowerBiProjectFromFlags(outDir: string, input: Parameters<typeof projectOptionsFrom>[0]): WrittenProject {
  let options: ProjectOptions;
  try {
    options = projectOptionsFrom(input);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  return writePowerBiProject(outDir, options);
}
