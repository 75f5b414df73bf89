/** The Run Diagnostics panel (PanelTypes.diagnostics): one panel per run. */
import * as vscode from 'vscode';
import type { Engine } from '../../engine/engine';
import { runDiagnostics } from '../../engine/diagnostics';
import { capMessage } from '../../logs/search';
import type { CommonToHost, NavigateToHost } from '../../shared/protocol/common';
import type { DiagnosticsPayload, DiagnosticsSubject, DiagnosticsToHost } from '../../shared/protocol/diagnostics';
import { cloudWatchMissingRegion } from '../logSources';
import { BasePanel, type PanelContext } from './basePanel';
import type { PanelBundle } from './webviewHtml';

/** Console pages a line may open (nothing else leaves the editor from this panel). */
const CONSOLE_URL = /^https:\/\/[a-z0-9-]+\.console\.aws\.amazon\.com\/cloudwatch\/home\?/;

export class DiagnosticsPanel extends BasePanel<DiagnosticsSubject, DiagnosticsPayload, DiagnosticsToHost> {
  private search: AbortController | null = null;

  constructor(panel: vscode.WebviewPanel, ctx: PanelContext, subject: DiagnosticsSubject, bundle: PanelBundle) {
    super(panel, ctx, subject, bundle);
    this.register({ dispose: () => this.search?.abort() });
  }

  protected async fetch(engine: Engine): Promise<DiagnosticsPayload> {
    const logs = this.ctx.logs?.() ?? { sources: [], marginMinutes: 10, cap: 2000, demoLogs: false };
    // A newer load (refresh) cancels the search of the previous one; closing the panel too.
    this.search?.abort();
    const controller = new AbortController();
    this.search = controller;
    const d = await runDiagnostics(engine, this.subject.runId, logs.sources, { marginMinutes: logs.marginMinutes, cap: logs.cap, signal: controller.signal });
    const sources = d.logs.sources.map((s) => ({ ...s }));
    if (cloudWatchMissingRegion()) {
      sources.push({ kind: 'cloudwatch', label: 'CloudWatch', count: 0, truncated: false, error: 'CloudWatch log groups are set but no region (clearsight.logs.cloudwatch.region or AWS_REGION)', notes: [] });
    }
    return {
      run: d.run,
      failedNodes: d.failed_nodes,
      category: d.category,
      lines: d.logs.lines,
      sources,
      window: { from: d.logs.query.from, to: d.logs.query.to, marginMinutes: logs.marginMinutes },
      capMessage: capMessage(d.logs),
      noSources: d.logs.sources.length === 0,
      readFrom: d.logs.readFrom ?? '',
    };
  }

  protected titleFor(p: DiagnosticsPayload): string {
    return `Diagnostics: ${p.run.scenario_name} @ ${p.run.run_at.slice(0, 16).replace('T', ' ')}`;
  }

  private loaded(): DiagnosticsPayload {
    if (!this.lastPayload) throw new Error('the run is not loaded yet');
    return this.lastPayload;
  }

  protected override async handle(m: Exclude<DiagnosticsToHost, CommonToHost | NavigateToHost>): Promise<void> {
    switch (m.type) {
      case 'openLogSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'clearsight.logs');
        return;
      case 'openLine': {
        // The webview names a line by its index: the path or URL comes from what the host sent.
        const line = Number.isInteger(m.index) ? this.loaded().lines[m.index] : undefined;
        if (!line) return;
        if (line.url) {
          if (CONSOLE_URL.test(line.url)) await vscode.env.openExternal(vscode.Uri.parse(line.url, true));
          return;
        }
        if (line.source === 'files' && line.line !== null) {
          const pos = new vscode.Position(Math.max(0, line.line - 1), 0);
          await vscode.window.showTextDocument(vscode.Uri.file(line.origin), { selection: new vscode.Range(pos, pos), preview: true, viewColumn: vscode.ViewColumn.Beside });
        }
        return;
      }
      default:
        this.unknownMessage(m);
    }
  }
}
