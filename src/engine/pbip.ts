/**
 * PBIP files on disk: the generated Power BI project for the reporting schema
 * (`clearsight-rca powerbi`, src/powerbi/project.ts builds it), and bookmarks written into a
 * PBIP report folder (`<name>.Report`): the bookmark file in `definition/bookmarks/`,
 * registered in that folder's `bookmarks.json`. No vscode here.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { addToBookmarksMetadata } from '../core/powerbi';
import { UserError } from '../core/errors';
import { MODEL_FOLDER, PBIP_FILE, powerBiProjectFiles, projectOptionsFrom, REPORT_FOLDER, type ProjectOptions } from '../powerbi/project';

/** Whether a folder looks like a PBIP report (PBIR format). */
export function isPbipReportFolder(folder: string): boolean {
  return existsSync(join(folder, 'definition.pbir')) || existsSync(join(folder, 'definition', 'report.json'));
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  // A new file ('wx'), never through something already at that name (a planted symlink).
  rmSync(tmp, { force: true });
  writeFileSync(tmp, text, { flag: 'wx' });
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
  /** Every file of the project (absolute), sorted. */
  files: string[];
  /** What was done with the files the user owns, one sentence each (the CLI prints them on stderr). */
  notes: string[];
}

export interface WriteProjectOptions {
  /** Write into a non-empty folder that holds no ClearSight RCA project (the user's files are left as they are). */
  force?: boolean;
}

/** Thrown for a non-empty folder that is not our project: the extension asks before writing with `force`. */
export class NotProjectFolderError extends UserError {}

/** Whether `root` holds a project we wrote: our `.pbip` (a file, not a link) naming our report folder. */
function isOurProject(root: string): boolean {
  const file = join(root, PBIP_FILE);
  try {
    if (!lstatSync(file).isFile()) return false;
    const pbip = JSON.parse(readFileSync(file, 'utf8')) as { artifacts?: Array<{ report?: { path?: string } }> };
    return Array.isArray(pbip.artifacts) && pbip.artifacts.some((a) => a?.report?.path === REPORT_FOLDER);
  } catch {
    return false;
  }
}

function inside(rootReal: string, path: string): boolean {
  return path === rootReal || path.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
}

/**
 * The first symbolic link on the way from `root` to `root/rel` that leads outside `root`
 * (`rootReal`: its real path), as `[link, target]`; undefined if none.
 */
function linkLeaving(root: string, rootReal: string, rel: string): [string, string] | undefined {
  let path = root;
  for (const part of rel.split('/')) {
    path = join(path, part);
    let isLink: boolean;
    try {
      isLink = lstatSync(path).isSymbolicLink();
    } catch {
      return undefined; // missing: nothing further down exists
    }
    if (!isLink) continue;
    let target: string;
    try {
      target = realpathSync(path);
    } catch {
      target = resolve(dirname(path), readlinkSync(path)); // dangling
    }
    if (!inside(rootReal, target)) return [path, target];
  }
  return undefined;
}

const GITIGNORE = '.gitignore';

/** Our `.gitignore` lines added to the user's (theirs kept, in order); `note` says what happened. */
function mergeGitignore(existing: string | undefined, ours: string): { text: string | undefined; note?: string } {
  if (existing === undefined || existing === ours) return { text: ours };
  const have = new Set(existing.split(/\r?\n/).map((l) => l.trim()));
  const missing = ours.split('\n').filter((l) => l !== '' && !have.has(l));
  const theirs = existing.split(/\r?\n/).filter((l) => l.trim() !== '').length;
  if (missing.length === 0) return { text: undefined, note: `kept your ${GITIGNORE} (it already has our lines)` };
  const sepLine = existing === '' || existing.endsWith('\n') ? '' : '\n';
  return { text: `${existing}${sepLine}${missing.join('\n')}\n`, note: `merged ${GITIGNORE}: your ${theirs} line${theirs === 1 ? '' : 's'} kept, ${missing.length} of ours added` };
}

/** What the user has in `root` that the project does not write: top-level entries, and files inside our two folders. */
function userEntries(root: string, ours: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(root, ...rel.split('/')), { withFileTypes: true })) {
      const path = `${rel}/${e.name}`;
      if (e.isDirectory() && !e.isSymbolicLink()) walk(path);
      else if (!ours.has(path)) out.push(path);
    }
  };
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (e.name === REPORT_FOLDER || e.name === MODEL_FOLDER) {
      if (e.isDirectory()) walk(e.name);
      else out.push(e.name);
    } else if (!ours.has(e.name)) out.push(e.isDirectory() ? `${e.name}/` : e.name);
  }
  return out.sort();
}

function listed(names: string[], max = 10): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/**
 * Writes the Power BI project into `outDir` (created if missing). Into an empty folder, or
 * over a project written earlier (its `.pbip`): the generated files are replaced and what
 * users added stays (bookmarks saved into its report stay registered in bookmarks.json). A
 * non-empty folder holding no project of ours is refused unless `force`. Either way the
 * user's files are left as they are (and named in `notes`), an existing `.gitignore` gets
 * our lines appended, and a symbolic link leading out of `outDir` is refused before
 * anything is written.
 */
export function writePowerBiProject(outDir: string, options: ProjectOptions, write: WriteProjectOptions = {}): WrittenProject {
  const root = resolve(outDir);
  if (existsSync(root) && !statSync(root).isDirectory()) throw new UserError(`--out: ${root} is a file, not a folder`);
  const files = powerBiProjectFiles(options);
  const ours = new Set(files.map((f) => f.path));
  let left: string[] = [];
  if (existsSync(root)) {
    const entries = readdirSync(root);
    if (entries.length > 0 && !isOurProject(root) && !write.force) {
      throw new NotProjectFolderError(
        `--out: ${root} is not empty and holds no ClearSight RCA project (${PBIP_FILE}); choose an empty folder, or add --force to write into it (your files are left as they are)`,
      );
    }
    const rootReal = realpathSync(root);
    for (const f of files) {
      const link = linkLeaving(root, rootReal, f.path);
      if (link) throw new UserError(`--out: refusing to write through ${link[0]}: a symbolic link to ${link[1]}, outside ${root}`);
    }
    left = userEntries(root, ours);
  }
  const notes: string[] = [];
  const written: string[] = [];
  const metaPath = `${REPORT_FOLDER}/definition/bookmarks/bookmarks.json`;
  for (const f of files) {
    const target = join(root, ...f.path.split('/'));
    let text: string | undefined = f.text;
    if (f.path === metaPath) {
      let meta = readBookmarksMetadata(target);
      for (const item of (JSON.parse(f.text) as { items: Array<{ name: string }> }).items) meta = addToBookmarksMetadata(meta, item.name);
      text = `${JSON.stringify(meta, null, 2)}\n`;
    } else if (f.path === GITIGNORE) {
      const merged = mergeGitignore(existsSync(target) ? readFileSync(target, 'utf8') : undefined, f.text);
      text = merged.text;
      if (merged.note) notes.push(merged.note);
    }
    try {
      mkdirSync(dirname(target), { recursive: true });
      // A link inside DIR (checked above) is written through, not replaced.
      if (text !== undefined) writeAtomic(existsSync(target) ? realpathSync(target) : target, text);
    } catch (err) {
      throw new UserError(`cannot write ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    written.push(target);
  }
  if (left.length > 0) notes.push(`left as they were (not ours): ${listed(left)}`);
  return { pbip: join(root, PBIP_FILE), files: written, notes };
}

/** `clearsight-rca powerbi`: the options from flags and the reporting connection (projectOptionsFrom), then the files. */
export function writePowerBiProjectFromFlags(outDir: string, input: Parameters<typeof projectOptionsFrom>[0], write: WriteProjectOptions = {}): WrittenProject {
  let options: ProjectOptions;
  try {
    options = projectOptionsFrom(input);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  return writePowerBiProject(outDir, options, write);
}
