/** Commands that open a view: investigate, timeline, snapshot, diff, diagnostics, Overview, user journey. */
import * as vscode from 'vscode';
import { isUuid } from '../../core/ids';
import { UserError } from '../../core/errors';
import { isFailedRun } from '../../core/runRules';
import { listUsers } from '../../engine/overview';
import { Commands } from '../constants';
import { reportingMissing } from '../panels/reportingPanels';
import type { IdArg } from '../services';
import { idsOf, when, type CommandServices } from './shared';

export function registerNavigationCommands({ register, connections, nav, pickers }: CommandServices): void {
  /** A run of the scenario the ids name or the user picks; undefined when either pick is cancelled. */
  const runOfScenario = async (ids: IdArg, title: string): Promise<string | undefined> => {
    const scenarioId = await pickers.scenarioOf(ids);
    return scenarioId ? (await pickers.run(scenarioId, title))?.run_id : undefined;
  };

  register(Commands.investigateScenario, async () => {
    const s = await pickers.scenario('ClearSight: Investigate Scenario');
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
        const failed = isFailedRun(r.run_status);
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
    const scenarioId = await pickers.scenarioOf(ids);
    if (!scenarioId) return;
    const a = ids.runId ? { run_id: ids.runId } : await pickers.run(scenarioId, 'ClearSight: Compare Runs — first run (A, before)');
    if (!a) return;
    const b = await pickers.run(scenarioId, 'ClearSight: Compare Runs — second run (B, after)', (r) => r.run_id !== a.run_id);
    if (b) await nav.diff(a.run_id, b.run_id);
  });

  register(Commands.openTimeline, async (arg?: unknown) => {
    const scenarioId = await pickers.scenarioOf(idsOf(arg));
    if (scenarioId) await nav.timeline(scenarioId);
  });

  register(Commands.openSnapshot, async (arg?: unknown) => {
    const ids = idsOf(arg);
    const runId = ids.runId ?? (await runOfScenario(ids, 'ClearSight: Input Snapshot — choose a run'));
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
        runId = typed.trim() || (await runOfScenario(ids, 'ClearSight: Run Diagnostics — choose a run'));
      }
    }
    if (runId) await nav.diagnostics(runId);
  });

  register(Commands.compareWithLastSuccess, async (arg?: unknown) => {
    const ids = idsOf(arg);
    if (!ids.runId && !ids.scenarioId) {
      const s = await pickers.scenario('ClearSight: Compare with Last Success');
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

}
