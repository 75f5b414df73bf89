/**
 * The log sources of the extension (`clearsight.logs.*`): file globs (relative ones from
 * each workspace folder), CloudWatch Logs, and in demo mode with nothing configured the
 * demo's own engine logs. Read when a search starts, so setting changes apply at once.
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { demoLogsFolder } from '../demo/demoDb';
import { logSources } from '../engine/diagnostics';
import { CloudWatchLogSource } from '../logs/cloudwatch';
import { FileLogSource } from '../logs/fileSource';
import type { LogSource } from '../logs/types';
import { DEFAULT_LOG_CAP, DEFAULT_MARGIN_MINUTES } from '../logs/types';

export interface LogConfig {
  sources: LogSource[];
  marginMinutes: number;
  cap: number;
  /** true when the sources are the demo's generated logs. */
  demoLogs: boolean;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
}

/** The configured sources; `demoDir` is where the demo keeps its data (its logs go beside it). */
export function readLogConfig(demo: boolean, demoDir: string): LogConfig {
  const c = vscode.workspace.getConfiguration('clearsight.logs');
  const paths = strings(c.get('paths'));
  const folders = vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath) ?? [];
  const sources: LogSource[] = [];
  const relative = paths.filter((p) => !p.startsWith('/') && !p.startsWith('~') && !/^[A-Za-z]:[\\/]/.test(p));
  const absolute = paths.filter((p) => !relative.includes(p));
  if (absolute.length > 0) sources.push(new FileLogSource(absolute, homedir()));
  if (relative.length > 0) for (const f of folders.length > 0 ? folders : [homedir()]) sources.push(new FileLogSource(relative, f));
  const groups = strings(c.get('cloudwatch.logGroups'));
  const prefix = c.get<string>('cloudwatch.logGroupPrefix', '').trim();
  const region = c.get<string>('cloudwatch.region', '').trim() || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || '';
  if ((groups.length > 0 || prefix) && region) {
    sources.push(new CloudWatchLogSource({ region, logGroups: groups, logGroupPrefix: prefix || undefined, profile: c.get<string>('cloudwatch.profile', '').trim() || undefined }));
  }
  let demoLogs = false;
  if (sources.length === 0 && demo) {
    sources.push(...logSources({ paths: [demoLogsFolder(demoDir)], cwd: demoDir }));
    demoLogs = true;
  }
  return {
    sources,
    marginMinutes: Math.max(0, c.get<number>('marginMinutes', DEFAULT_MARGIN_MINUTES)),
    cap: Math.max(1, c.get<number>('maxLines', DEFAULT_LOG_CAP)),
    demoLogs,
  };
}

/** Whether CloudWatch is asked for but has no region (the panel says so). */
export function cloudWatchMissingRegion(): boolean {
  const c = vscode.workspace.getConfiguration('clearsight.logs');
  const asked = strings(c.get('cloudwatch.logGroups')).length > 0 || c.get<string>('cloudwatch.logGroupPrefix', '').trim() !== '';
  return asked && !c.get<string>('cloudwatch.region', '').trim() && !process.env.AWS_REGION && !process.env.AWS_DEFAULT_REGION;
}
