/**
 * What the two panels over the reporting star schema (Overview, user journey) share on
 * the host: finding the reporting database, saying why it is not there, saving or copying
 * a table as CSV (their base class is in reportingBase.ts).
 */
import * as vscode from 'vscode';
import type { Db } from '../../db/db';
import type { Engine } from '../../engine/engine';
import type { ExportCsvMessage } from '../../shared/protocol/overview';
import { readSettings } from '../config';
import type { EngineHost } from '../services';

/** The largest CSV a webview may hand over (50 MB). */
const MAX_CSV = 50_000_000;

/** Why there is no reporting schema to read, or null when there is. */
export function reportingMissing(engine: Engine): 'not-loaded' | 'prod-source' | null {
  if (engine.primary.kind === 'reporting') return null;
  return readSettings().source === 'prod' ? 'prod-source' : 'not-loaded';
}

/** The reporting database of the engine (call after reportingMissing() said it is there). */
export function reportingDb(engine: Engine): Db {
  return engine.primary.db;
}

/** `Top failing scenarios.csv` → a safe base name ending in .csv. */
export function safeCsvName(name: unknown): string {
  const base = String(name ?? '')
    .replace(/[/\\:*?"<>|\u0000-\u001f]/g, '-')
    .trim()
    .slice(0, 120);
  const withExt = base.toLowerCase().endsWith('.csv') ? base : `${base || 'table'}.csv`;
  return withExt.startsWith('.') ? `table${withExt}` : withExt;
}

/** Saves a CSV where the user chooses (Excel-friendly: UTF-8 with a BOM), or copies it. */
export async function exportCsv(host: EngineHost, m: ExportCsvMessage): Promise<void> {
  if (typeof m.csv !== 'string' || m.csv.length === 0 || m.csv.length > MAX_CSV) return;
  const rows = typeof m.rows === 'number' && Number.isFinite(m.rows) ? m.rows : 0;
  const what = `${rows} row${rows === 1 ? '' : 's'}`;
  if (m.target === 'clipboard') {
    await vscode.env.clipboard.writeText(m.csv);
    vscode.window.setStatusBarMessage(`$(copy) ClearSight: copied ${what} as CSV`, 4000);
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = safeCsvName(m.fileName);
  const target = await vscode.window.showSaveDialog({
    title: `ClearSight: export ${typeof m.table === 'string' ? m.table.slice(0, 80) : 'table'} as CSV`,
    saveLabel: 'Export CSV',
    filters: { 'CSV (comma separated)': ['csv'] },
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, Buffer.from(`\uFEFF${m.csv}`, 'utf8'));
  host.log.info(`exported ${what} as CSV to ${target.fsPath}`);
  void vscode.window.showInformationMessage(`ClearSight: ${what} exported to ${target.fsPath}.`, 'Open').then((choice) => {
    if (choice) void vscode.commands.executeCommand('vscode.open', target);
  });
}
