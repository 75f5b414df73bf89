/** The quick picks commands share: a scenario (searched on the server as you type), a run, a subject. */
import * as vscode from 'vscode';
import { formatDuration } from '../../core/time';
import type { RunSummary, ScenarioListItem } from '../../core/types';
import { UserError } from '../../core/errors';
import { resolveSubject, type Subject } from '../../engine/reports';
import type { ConnectionManager } from '../connections';
import { errorLine } from '../errors';
import type { IdArg } from '../services';
import { idsOf, when } from './args';

const statusIcon: Record<string, string> = {
  success: '$(pass)',
  failed: '$(error)',
  timeout: '$(watch)',
  running: '$(sync)',
  queued: '$(clock)',
};

interface ScenarioPick extends vscode.QuickPickItem {
  scenario: ScenarioListItem;
}

export class Pickers {
  constructor(private readonly connections: ConnectionManager) {}

  /** Scenario quick pick searching on the server as you type (debounced). */
  async scenario(title: string): Promise<ScenarioListItem | undefined> {
    const connections = this.connections;
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
        if (mine === seq) qp.placeholder = `Cannot search: ${errorLine(err)}`;
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
  }

  async run(scenarioId: string, title: string, filter?: (r: RunSummary) => boolean): Promise<RunSummary | undefined> {
    const engine = await this.connections.engine();
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
  }

  /** The scenario id of an argument, looking up the run when only a run id is given. */
  async scenarioOf(ids: IdArg): Promise<string | undefined> {
    if (ids.scenarioId) return ids.scenarioId;
    if (ids.runId) {
      const engine = await this.connections.engine();
      const info = await engine.runInfo(ids.runId);
      if (info.kind === 'run') return info.run.scenario_id;
      if (info.kind === 'scenario') return info.id;
      throw new UserError(`${ids.runId} is not a known run or scenario in ${this.connections.info().label}`);
    }
    return (await this.scenario('ClearSight: choose a scenario'))?.scenario_id;
  }

  /** The id an argument names (a run first), else a scenario picked. */
  async idOf(arg: unknown, title: string): Promise<string | undefined> {
    const ids = idsOf(arg);
    return ids.runId ?? ids.scenarioId ?? (await this.scenario(title))?.scenario_id;
  }

  /** The run or scenario an argument names (else a picked scenario), resolved for reports. */
  async subjectOf(arg: unknown, title: string): Promise<Subject | undefined> {
    const id = await this.idOf(arg, title);
    if (!id) return undefined;
    const engine = await this.connections.engine();
    return engine.read((a) => resolveSubject(a, id));
  }
}
