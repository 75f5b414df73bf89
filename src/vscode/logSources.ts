/**
 * The log sources of the extension (the active environment's, else `clearsight.logs.*`): file globs (relative ones from
 * each workspace folder), CloudWatch Logs, and in demo mode with nothing configured the
 * demo's own engine logs. Read when a search starts, so setting changes apply at once.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readLogSettings } from './config';
import { CloudWatchLogSource } from '../logs/cloudwatch';
import { FileLogSource } from '../logs/fileSource';
import type { LogSource } from '../logs/types';

export interface LogConfig {
  sources: LogSource[];
  marginMinutes: number;
  cap: number;
  /** true when the sources are the demo's generated logs. */
  demoLogs: boolean;
}

/** The configured sources (the active environment's, else `clearsight.logs.*`); `demoDir` is where the demo keeps its data (its logs go beside it). */
export function readLogConfig(demo: boolean, demoDir: string): LogConfig {
  const c = readLogSettings();
  const folders = vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath) ?? [];
  const sources: LogSource[] = [];
  const relative = c.paths.filter((p) => !p.startsWith('/') && !p.startsWith('~') && !/^[A-Za-z]:[\\/]/.test(p));
  const absolute = c.paths.filter((p) => !relative.includes(p));
  if (absolute.length > 0) sources.push(new FileLogSource(absolute, homedir()));
  if (relative.length > 0) for (const f of folders.length > 0 ? folders : [homedir()]) sources.push(new FileLogSource(relative, f));
  const cw = c.cloudwatch;
  if ((cw.logGroups.length > 0 || cw.logGroupPrefix) && cw.region) {
    sources.push(new CloudWatchLogSource({ region: cw.region, logGroups: cw.logGroups, logGroupPrefix: cw.logGroupPrefix || undefined, profile: cw.profile || undefined }));
  }
  let demoLogs = false;
  if (sources.length === 0 && demo) {
    sources.push(demoLogSource(demoDir));
    demoLogs = true;
  }
  return { sources, marginMinutes: c.marginMinutes, cap: c.cap, demoLogs };
}

/**
 * The demo's engine logs (`<demo dir>/logs`), written from the demo data by the first
 * search: the demo code (src/demo, dist/demo.js in the bundle) loads then, not at activation.
 */
function demoLogSource(demoDir: string): LogSource {
  return {
    kind: 'files',
    label: join(demoDir, 'logs'),
    async search(query, options) {
      const folder = (await import('../demo/demoDb')).demoLogsFolder(demoDir);
      return new FileLogSource([folder], demoDir).search(query, options);
    },
  };
}

/** Whether CloudWatch is asked for but has no region (the panel says so). */
export function cloudWatchMissingRegion(): boolean {
  const cw = readLogSettings().cloudwatch;
  return (cw.logGroups.length > 0 || cw.logGroupPrefix !== '') && !cw.region;
}
