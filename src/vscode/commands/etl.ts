/** Commands of the ETL: run it now, its status and history. */
import * as vscode from 'vscode';
import { formatDuration } from '../../core/time';
import { Commands } from '../constants';
import { when, type CommandServices } from './shared';

export function registerEtlCommands({ register, connections, etl, log }: CommandServices): void {
  register(Commands.runEtl, async (mode?: unknown) => {
    let m: 'full' | 'incremental' | undefined = mode === 'full' || mode === 'incremental' ? mode : undefined;
    if (!m) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Incremental', description: 'new activity since the last run (recommended)', mode: 'incremental' as const },
          { label: 'Full', description: 'rebuild the reporting schema from the whole history', mode: 'full' as const },
        ],
        { title: 'ClearSight: Run ETL Now' },
      );
      m = pick?.mode;
    }
    if (m) await etl.run(m);
  });

  register(Commands.showEtlStatus, async () => {
    const [status, history] = await Promise.all([etl.status(), etl.history(10)]);
    const items: Array<vscode.QuickPickItem & { action?: 'incremental' | 'full' | 'log' }> = [
      { label: '$(play) Run incremental ETL now', action: 'incremental' },
      { label: '$(refresh) Run full ETL now', action: 'full' },
      { label: '$(output) Show ClearSight log', action: 'log' },
      { label: 'Recent runs', kind: vscode.QuickPickItemKind.Separator },
      ...history.map((h) => ({
        label: `${h.status === 'success' ? '$(pass)' : h.status === 'cancelled' ? '$(circle-slash)' : '$(error)'} ${h.mode} · ${when(h.started_at)}`,
        description: `${formatDuration(h.duration_ms)}${h.loaded ? ` · ${Object.values(h.loaded).reduce((x, y) => x + y, 0)} rows` : ''}`,
        detail: h.error ?? undefined,
      })),
    ];
    if (history.length === 0) items.push({ label: 'No ETL run yet on this reporting database' });
    const pick = await vscode.window.showQuickPick(items, {
      title: `ClearSight ETL · ${connections.info().label} · ${status.running ? 'running now' : status.lastSuccessAt ? `last success ${when(status.lastSuccessAt)}` : 'never loaded'}`,
    });
    if (pick?.action === 'log') log.show();
    else if (pick?.action) await etl.run(pick.action);
  });

}
