/** The palette and context-menu commands. Thin: every analysis lives in the engine. */
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { formatDuration } from '../core/time';
import type { RunSummary, ScenarioListItem } from '../core/types';
import { UserError } from '../db/db';
import { listUsers } from '../engine/overview';
import { saveBookmarkToReport, writePowerBiProjectFromFlags } from '../engine/pbip';
import { REPORT_FOLDER } from '../powerbi/project';
import { bookmark, rcaNote, reportUrl, resolveSubject, type Subject } from '../engine/reports';
import { Commands } from './constants';
import { isAuthError, oneLine, type ConnectionManager } from './connections';
import { readSettings, withoutPassword } from './config';
import { describeUrl } from '../db/pgDb';
import { secretKey } from './secretKeys';
import type { EtlRunner } from './etlRunner';
import type { LogConfig } from './logSources';
import type { Navigator } from './panels/navigator';
import { reportingMissing } from './panels/reportingPanels';
import type { IdArg } from './services';
import { isUuid } from '../core/ids';

/** Normalises a command argument: an id string, a tree node or hover link object. */
export function idsOf(arg: unknown): IdArg {
  if (typeof arg === 'string') return isUuid(arg.trim()) ? { runId: arg.trim() } : {};
  if (arg && typeof arg === 'object') {
    const o = arg as Record<string, unknown>;
    const pick = (k: string): string | undefined => (typeof o[k] === 'string' && isUuid(o[k] as string) ? (o[k] as string) : undefined);
    return { scenarioId: pick('scenarioId'), runId: pick('runId'), otherRunId: pick('otherRunId') };
  }
  return {};
}

const statusIcon: Record<string, string> = {
  success: '$(pass)',
  failed: '$(error)',
  timeout: '$(watch)',
  running: '$(sync)',
  queued: '$(clock)',
};

function when(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'never run';
}

interface ScenarioPick extends vscode.QuickPickItem {
  scenario: ScenarioListItem;
}

export function registerCommands(context: vscode.ExtensionContext, connections: ConnectionManager, etl: EtlRunner, nav: Navigator, logConfig?: () => LogConfig): void {
  const log = connections.log;

  /** Runs a command body; any error becomes one line (with a way out for auth errors). */
  const guard =
    <A extends unknown[]>(name: string, fn: (...args: A) => Promise<unknown>) =>
    async (...args: A): Promise<void> => {
      try {
        await fn(...args);
      } catch (err) {
        const msg = oneLine(err);
        log.error(`${name}: ${msg}`);
        if (isAuthError(err)) {
          void vscode.window.showErrorMessage(`ClearSight: ${msg}`, 'Set Database Password').then((choice) => choice && vscode.commands.executeCommand(Commands.setPassword));
        } else if (err instanceof UserError) {
          void vscode.window.showWarningMessage(`ClearSight: ${msg}`);
        } else {
          void vscode.window.showErrorMessage(`ClearSight: ${msg}`);
        }
      }
    };

  const register = <A extends unknown[]>(id: string, fn: (...args: A) => Promise<unknown>): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, guard(id, fn)));
  };

  /** Scenario quick pick searching on the server as you type (debounced). */
  const pickScenario = async (title: string): Promise<ScenarioListItem | undefined> => {
    const engine = await connections.engine();
    const qp = vscode.window.createQuickPick<ScenarioPick>();
    qp.title = title;
    qp.placeholder = `Search scenarios by name or id in ${connections.info().label}`;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    let seq = 0;
    let timer: NodeJS.Timeout | undefined;
    const load = async (text: string): Promise<void> => {
      const mine = ++seq;
      qp.busy = true;
      try {
        const rows = await engine.read((a) => a.scenarios({ search: text || undefined, limit: 50 }));
        if (mine !== seq) return; // a newer search superseded this one
        qp.items = rows.map((s) => ({
          label: `${statusIcon[s.last_run_status ?? ''] ?? '$(circle-outline)'} ${s.scenario_name}`,
          description: `${s.status} · ${s.model_name}`,
          detail: `last run ${s.last_run_status ?? '—'} ${when(s.last_run_at)} · ${s.failed_runs}/${s.runs} failed · ${s.scenario_id}`,
          alwaysShow: true,
          scenario: s,
        }));
        if (rows.length === 0) qp.items = [];
        qp.placeholder = rows.length ? qp.placeholder : `No scenario matches '${text}' in ${connections.info().label}`;
      } catch (err) {
        if (mine === seq) qp.placeholder = `Cannot search: ${oneLine(err)}`;
      } finally {
        if (mine === seq) qp.busy = false;
      }
    };
    return new Promise((resolve) => {
      qp.onDidChangeValue((v) => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void load(v.trim()), 200);
      });
      qp.onDidAccept(() => {
        resolve(qp.selectedItems[0]?.scenario);
        qp.hide();
      });
      qp.onDidHide(() => {
        if (timer) clearTimeout(timer);
        resolve(undefined);
        qp.dispose();
      });
      qp.show();
      void load('');
    });
  };

  const pickRun = async (scenarioId: string, title: string, filter?: (r: RunSummary) => boolean): Promise<RunSummary | undefined> => {
    const engine = await connections.engine();
    const runs = (await engine.read((a) => a.runs(scenarioId))).filter(filter ?? (() => true)).reverse();
    if (runs.length === 0) throw new UserError('this scenario has no runs to choose from');
    const pick = await vscode.window.showQuickPick(
      runs.map((r) => ({
        label: `${statusIcon[r.run_status] ?? ''} ${r.run_status} · ${when(r.run_at)}`,
        description: `${formatDuration(r.duration_ms)} · ${r.run_by ?? ''}`,
        detail: `${r.run_id}${r.fail_reason ? ` · ${r.fail_reason.slice(0, 120)}` : ''}`,
        run: r,
      })),
      { title, matchOnDetail: true },
    );
    return pick?.run;
  };

  /** The scenario id of an argument, looking up the run when only a run id is given. */
  const scenarioOf = async (ids: IdArg): Promise<string | undefined> => {
    if (ids.scenarioId) return ids.scenarioId;
    if (ids.runId) {
      const engine = await connections.engine();
      const info = await engine.runInfo(ids.runId);
      if (info.kind === 'run') return info.run.scenario_id;
      if (info.kind === 'scenario') return info.id;
      throw new UserError(`${ids.runId} is not a known run or scenario in ${connections.info().label}`);
    }
    return (await pickScenario('ClearSight: choose a scenario'))?.scenario_id;
  };

  const subjectOf = async (arg: unknown, title: string): Promise<Subject | undefined> => {
    const ids = idsOf(arg);
    const id = ids.runId ?? ids.scenarioId ?? (await pickScenario(title))?.scenario_id;
    if (!id) return undefined;
    const engine = await connections.engine();
    return engine.read((a) => resolveSubject(a, id));
  };

  register(Commands.investigateScenario, async () => {
    const s = await pickScenario('ClearSight: Investigate Scenario');
    if (s) await nav.timeline(s.scenario_id);
  });

  register(Commands.investigateRunId, async (arg?: unknown) => {
    let id = idsOf(arg).runId;
    if (!id) {
      const editor = vscode.window.activeTextEditor;
      const selected = editor?.document.getText(editor.selection).trim();
      id = await vscode.window.showInputBox({
        title: 'ClearSight: Investigate Run ID',
        prompt: 'A run id (or a scenario or request id)',
        value: selected && isUuid(selected) ? selected : undefined,
        validateInput: (v) => (isUuid(v.trim()) ? undefined : 'Enter a UUID such as 3f1c9a2e-…'),
      });
      id = id?.trim();
    }
    if (!id) return;
    const engine = await connections.engine();
    const info = await engine.runInfo(id);
    switch (info.kind) {
      case 'scenario':
        await nav.timeline(info.id);
        return;
      case 'request': {
        const m = info.matches[0];
        void vscode.window.showInformationMessage(`ClearSight: request ${id.slice(0, 8)} is a ${m.what.replace('_', ' ')} of '${m.scenario_name}' at ${when(m.at)}.`);
        await nav.timeline(m.scenario_id);
        return;
      }
      case 'unknown':
        throw new UserError(`${id} is not a known run, scenario or request id in ${connections.info().label}`);
      case 'run': {
        const r = info.run;
        const failed = r.run_status === 'failed' || r.run_status === 'timeout';
        const actions = [
          { label: '$(git-compare) Compare with Last Success', id: 'diff', show: failed },
          { label: '$(list-tree) Input Snapshot', id: 'snapshot', show: true },
          { label: '$(timeline-open) Open Timeline', id: 'timeline', show: true },
          { label: '$(note) Generate RCA Note', id: 'rca', show: failed },
        ].filter((x) => x.show);
        const pick = await vscode.window.showQuickPick(actions, {
          title: `Run ${r.run_id.slice(0, 8)} of '${r.scenario_name}': ${r.run_status} ${when(r.run_at)}`,
          placeHolder: r.fail_reason ? r.fail_reason.slice(0, 200) : 'What do you want to see?',
        });
        if (pick?.id === 'diff') await nav.lastSuccess({ scenarioId: r.scenario_id, runId: r.run_id });
        if (pick?.id === 'snapshot') await nav.snapshot(r.run_id);
        if (pick?.id === 'timeline') await nav.timeline(r.scenario_id);
        if (pick?.id === 'rca') await nav.rcaNote({ scenarioId: r.scenario_id, runId: r.run_id });
        return;
      }
    }
  });

  register(Commands.compareRuns, async (arg?: unknown) => {
    const ids = idsOf(arg);
    if (ids.runId && ids.otherRunId) {
      await nav.diff(ids.runId, ids.otherRunId);
      return;
    }
    const scenarioId = await scenarioOf(ids);
    if (!scenarioId) return;
    const a = ids.runId ? { run_id: ids.runId } : await pickRun(scenarioId, 'ClearSight: Compare Runs — first run (A, before)');
    if (!a) return;
    const b = await pickRun(scenarioId, 'ClearSight: Compare Runs — second run (B, after)', (r) => r.run_id !== a.run_id);
    if (b) await nav.diff(a.run_id, b.run_id);
  });

  register(Commands.openTimeline, async (arg?: unknown) => {
    const scenarioId = await scenarioOf(idsOf(arg));
    if (scenarioId) await nav.timeline(scenarioId);
  });

  register(Commands.openSnapshot, async (arg?: unknown) => {
    const ids = idsOf(arg);
    let runId = ids.runId;
    if (!runId) {
      const scenarioId = await scenarioOf(ids);
      if (!scenarioId) return;
      runId = (await pickRun(scenarioId, 'ClearSight: Input Snapshot — choose a run'))?.run_id;
    }
    if (runId) await nav.snapshot(runId);
  });

  register(Commands.runDiagnostics, async (arg?: unknown) => {
    const ids = idsOf(arg);
    let runId = ids.runId;
    if (!runId) {
      // From the palette: a selected id, else an id typed in, else a scenario's run.
      const editor = vscode.window.activeTextEditor;
      const selected = editor ? editor.document.getText(editor.selection).trim() : '';
      if (isUuid(selected)) runId = selected;
      else {
        const typed = await vscode.window.showInputBox({
          title: 'ClearSight: Run Diagnostics',
          prompt: 'A run id (leave empty to pick a scenario and one of its runs)',
          validateInput: (v) => (v.trim() === '' || isUuid(v.trim()) ? undefined : 'not a UUID'),
        });
        if (typed === undefined) return;
        if (typed.trim()) runId = typed.trim();
        else {
          const scenarioId = await scenarioOf(ids);
          if (!scenarioId) return;
          runId = (await pickRun(scenarioId, 'ClearSight: Run Diagnostics — choose a run'))?.run_id;
        }
      }
    }
    if (runId) await nav.diagnostics(runId);
  });

  register(Commands.compareWithLastSuccess, async (arg?: unknown) => {
    const ids = idsOf(arg);
    if (!ids.runId && !ids.scenarioId) {
      const s = await pickScenario('ClearSight: Compare with Last Success');
      if (!s) return;
      ids.scenarioId = s.scenario_id;
    }
    await nav.lastSuccess({ scenarioId: ids.scenarioId, runId: ids.runId });
  });

  register(Commands.openDiff, async (arg?: unknown) => {
    const ids = idsOf(arg);
    if (ids.runId && ids.otherRunId) await nav.diff(ids.runId, ids.otherRunId);
    else await vscode.commands.executeCommand(Commands.compareRuns, arg);
  });

  register(Commands.generateRcaNote, async (arg?: unknown) => {
    const ids = idsOf(arg);
    const id = ids.runId ?? ids.scenarioId ?? (await pickScenario('ClearSight: Generate RCA Note'))?.scenario_id;
    if (!id) return;
    const engine = await connections.engine();
    const note = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'ClearSight: writing the RCA note' }, () =>
      engine.read((a) => {
        // "Errors in the logs" from the same sources as Run Diagnostics (none configured: no section).
        const logs = logConfig?.();
        return rcaNote(a, id, { powerBi: connections.powerBi(), logs: logs ? { sources: logs.sources, marginMinutes: logs.marginMinutes } : undefined });
      }),
    );
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: note });
    await vscode.window.showTextDocument(doc, { preview: false });
    // Not awaited: the command is done once the note is open; the offer stays in the corner.
    void vscode.window.showInformationMessage('ClearSight: RCA note ready for the ticket.', 'Copy to Clipboard').then(async (choice) => {
      if (!choice) return;
      await vscode.env.clipboard.writeText(note);
      vscode.window.setStatusBarMessage('$(check) RCA note copied', 3000);
    });
  });

  register(Commands.copyPowerBiLink, async (arg?: unknown) => {
    const subject = await subjectOf(arg, 'ClearSight: Copy Power BI Link');
    if (!subject) return;
    const settings = connections.powerBi();
    if (!settings.reportUrl) {
      void vscode.window
        .showWarningMessage('ClearSight: set the Power BI report URL first (clearsight.powerBi.reportUrl).', 'Open Settings')
        .then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', 'clearsight.powerBi'));
      return;
    }
    const url = reportUrl(subject, settings);
    await vscode.env.clipboard.writeText(url);
    void vscode.window.showInformationMessage(`ClearSight: Power BI link copied (filtered to ${subject.run ? 'the run' : 'the scenario'}).`);
  });

  register(Commands.saveBookmark, async (arg?: unknown) => {
    const subject = await subjectOf(arg, 'ClearSight: Save Power BI Bookmark');
    if (!subject) return;
    const configured = readSettings().powerBi.pbipReportFolder;
    const picked = await vscode.window.showOpenDialog({
      title: 'Choose the PBIP report folder (<name>.Report)',
      canSelectFolders: true,
      canSelectFiles: false,
      defaultUri: configured ? vscode.Uri.file(configured) : vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: 'Save Bookmark Here',
    });
    const folder = picked?.[0]?.fsPath;
    if (!folder) return;
    const { name, json } = bookmark(subject, connections.powerBi());
    const file = saveBookmarkToReport(folder, name, json);
    const dir = dirname(file);
    void vscode.window.showInformationMessage(`ClearSight: bookmark '${name}' saved in ${dir}. Reopen the report in Power BI Desktop to see it.`);
  });

  register(Commands.createPowerBiReport, async () => {
    const s = readSettings();
    const picked = await vscode.window.showOpenDialog({
      title: 'Choose the folder for the Power BI project (ClearSight RCA.pbip)',
      canSelectFolders: true,
      canSelectFiles: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: 'Create Report Here',
    });
    const folder = picked?.[0]?.fsPath;
    if (!folder) return;
    const written = writePowerBiProjectFromFlags(folder, { reportingUrl: s.reportingUrl || undefined, env: process.env });
    const where = s.reportingUrl
      ? 'reading the reporting database of your connection'
      : 'no reporting database is configured (the demo is embedded): set its Server and Database parameters in Power BI Desktop (Transform data → Edit parameters)';
    const reveal = 'Reveal in File Explorer';
    const useForBookmarks = 'Save Bookmarks There';
    const choice = await vscode.window.showInformationMessage(
      `ClearSight: Power BI project written (${written.files.length} files), ${where}. Open ${basename(written.pbip)} in Power BI Desktop and Refresh.`,
      reveal,
      useForBookmarks,
    );
    if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(written.pbip));
    if (choice === useForBookmarks) {
      await vscode.workspace.getConfiguration('clearsight').update('powerBi.pbipReportFolder', join(folder, REPORT_FOLDER), vscode.ConfigurationTarget.Global);
    }
  });

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

  register(Commands.setPassword, async () => {
    const role = await vscode.window.showQuickPick(
      [
        { label: 'Production', description: 'read-only connection (clearsight.production.url)', key: 'production' as const },
        { label: 'Reporting', description: 'reporting schema connection (clearsight.reporting.url)', key: 'reporting' as const },
      ],
      { title: 'ClearSight: Set Database Password — which connection?' },
    );
    if (!role) return;
    const settings = readSettings();
    const url = withoutPassword(role.key === 'production' ? settings.productionUrl : settings.reportingUrl).url;
    if (!url) throw new UserError(`set clearsight.${role.key}.url first: the password is stored for that connection`);
    const pw = await vscode.window.showInputBox({ title: `Password for the ${role.label.toLowerCase()} database ${describeUrl(url)}`, password: true, ignoreFocusOut: true, prompt: 'Stored in the OS keychain (SecretStorage), never in settings' });
    if (pw === undefined) return;
    // Stored for that connection only (server, port, database, user): never sent to another.
    const key = secretKey(url);
    if (pw === '') await context.secrets.delete(key);
    else await context.secrets.store(key, pw);
    void vscode.window.showInformationMessage(`ClearSight: ${role.label.toLowerCase()} password ${pw === '' ? 'removed' : 'stored'}.`);
    log.info(`${role.label.toLowerCase()} password ${pw === '' ? 'removed' : 'stored'} for ${describeUrl(url)}`);
  });

  register(Commands.connect, async () => {
    const current = vscode.workspace.getConfiguration('clearsight').get<string>('production.url', '');
    const url = await vscode.window.showInputBox({
      title: 'ClearSight: Connect to Production',
      prompt: 'PostgreSQL URL of the ClearSight production database, without the password (it is asked next and kept in SecretStorage). Opened read-only.',
      value: current || 'postgres://user@host:5432/clearsight?sslmode=require',
      ignoreFocusOut: true,
      validateInput: (v) => (/^postgres(ql)?:\/\//.test(v.trim()) ? undefined : 'A postgres:// or postgresql:// URL'),
    });
    if (!url) return;
    const clean = withoutPassword(url.trim());
    if (clean.password !== undefined) await context.secrets.store(secretKey(clean.url), clean.password);
    await vscode.workspace.getConfiguration('clearsight').update('production.url', clean.url, vscode.ConfigurationTarget.Global);
    if (!clean.hadPassword) {
      const choice = await vscode.window.showInformationMessage('ClearSight: production URL saved. Does the connection need a password?', 'Set Password', 'No');
      if (choice === 'Set Password') await vscode.commands.executeCommand(Commands.setPassword);
    }
  });

  register(Commands.useDemo, async () => {
    await connections.chooseDemo();
    const s = vscode.workspace.getConfiguration('clearsight').get<string>('production.url', '');
    if (s) void vscode.window.showInformationMessage('ClearSight: a production URL is set; clear clearsight.production.url to use the demo database.');
  });

  register(Commands.openOverview, async () => {
    await nav.overview();
  });

  /** A user id argument (a string or `{ user }`), else a pick among the users of dim_user. */
  register(Commands.openUserJourney, async (arg?: unknown) => {
    const given = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && typeof (arg as { user?: unknown }).user === 'string' ? (arg as { user: string }).user : '';
    if (given.trim()) {
      await nav.journey(given.trim().slice(0, 200));
      return;
    }
    const engine = await connections.engine();
    const missing = reportingMissing(engine);
    if (missing) {
      throw new UserError(
        missing === 'prod-source'
          ? 'user journeys read the reporting schema, but clearsight.source is set to prod'
          : `user journeys read the reporting schema, which ${connections.info().label} does not have yet: run the ETL first`,
      );
    }
    const users = await listUsers(engine.primary.db, undefined, 2000);
    if (users.length === 0) throw new UserError(`no user activity in the reporting schema of ${connections.info().label}`);
    const pick = await vscode.window.showQuickPick(
      users.map((u) => ({ label: `$(person) ${u.user_id}`, description: `last active ${when(u.last_seen_at)}`, detail: `first seen ${when(u.first_seen_at)}`, user: u.user_id })),
      { title: 'ClearSight: User Journey — choose a user', placeHolder: `${users.length} users, most recently active first`, matchOnDescription: true },
    );
    if (pick) await nav.journey(pick.user);
  });

  register(Commands.showLog, async () => log.show());
}
