/** Commands whose findings leave the editor: the RCA note, a ticket, Power BI links, bookmarks and the report. */
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { NotProjectFolderError, saveBookmarkToReport, writePowerBiProjectFromFlags } from '../../engine/pbip';
import { bookmark, rcaNote, reportUrl } from '../../engine/reports';
import { REPORT_FOLDER } from '../../powerbi/project';
import { failureCategory } from '../../core/errorCategory';
import { ticketTitle, ticketUrl } from '../../core/ticket';
import { UserError } from '../../core/errors';
import { readSettings, updateUserSetting } from '../config';
import { Commands } from '../constants';
import { showError, errorLine } from '../errors';
import type { CommandServices } from './shared';

export function registerReportCommands({ register, connections, pickers, logConfig }: CommandServices): void {
  /** The RCA note of a run or scenario, as markdown, with the environment it was read in. */
  const noteOf = async (id: string): Promise<string> => {
    const engine = await connections.engine();
    const environment = connections.info().environment || undefined;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'ClearSight: writing the RCA note' }, () =>
      engine.read((a) => {
        // "Errors in the logs" from the same sources as Run Diagnostics (none configured: no section).
        const logs = logConfig?.();
        return rcaNote(a, id, { powerBi: connections.powerBi(), environment, logs: logs ? { sources: logs.sources, marginMinutes: logs.marginMinutes } : undefined });
      }),
    );
  };

  /**
   * Opens the ticket system's create-issue page with the note (cut to fit the link) and puts
   * the whole note on the clipboard. Without a template: says how to set one.
   */
  const openTicket = async (id: string, note: string): Promise<void> => {
    const { ticket, environment } = readSettings();
    if (!ticket.urlTemplate) {
      const choice = await vscode.window.showInformationMessage(
        'ClearSight: set a ticket URL template first (clearsight.ticket.urlTemplate), e.g. https://github.com/OWNER/REPO/issues/new?title={title}&body={body}',
        'Open Settings',
      );
      if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'clearsight.ticket');
      return;
    }
    const engine = await connections.engine();
    const info = await engine.runInfo(id);
    const title =
      info.kind === 'run'
        ? ticketTitle({ scenarioName: info.run.scenario_name, runId: info.run.run_id, status: info.run.run_status, category: failureCategory(info.run.run_status, info.run.fail_reason ?? info.failed_nodes[0]?.fail_reason ?? null), environment: environment.name || null })
        : info.kind === 'scenario'
          ? ticketTitle({ scenarioName: info.scenario.scenario_name, environment: environment.name || null })
          : `RCA: ${id}`;
    let link: ReturnType<typeof ticketUrl>;
    try {
      link = ticketUrl(ticket.urlTemplate, title, note, ticket.maxUrlLength);
    } catch (err) {
      throw new UserError(errorLine(err));
    }
    await vscode.env.clipboard.writeText(note);
    // A string, not vscode.Uri.parse(): Uri re-encodes the query and would undo the escapes of
    // the body (microsoft/vscode#85930); openExternal takes the string as it is.
    const opened = await vscode.env.openExternal(link.url as unknown as vscode.Uri);
    const where = `${link.truncated ? `The link carries the first ${link.bodyChars.toLocaleString('en-US')} characters; the` : 'The'} whole note is on the clipboard.`;
    if (opened) void vscode.window.showInformationMessage(`ClearSight: ticket page opened. ${where}`);
    else void vscode.window.showWarningMessage(`ClearSight: the ticket page was not opened. ${where}`);
  };

  register(Commands.generateRcaNote, async (arg?: unknown) => {
    const id = await pickers.idOf(arg, 'ClearSight: Generate RCA Note');
    if (!id) return;
    const note = await noteOf(id);
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: note });
    await vscode.window.showTextDocument(doc, { preview: false });
    // Not awaited: the command is done once the note is open; the offer stays in the corner.
    void vscode.window.showInformationMessage('ClearSight: RCA note ready for the ticket.', 'Copy to Clipboard', 'Open Ticket…').then(async (choice) => {
      if (choice === 'Copy to Clipboard') {
        await vscode.env.clipboard.writeText(note);
        vscode.window.setStatusBarMessage('$(check) RCA note copied', 3000);
      } else if (choice === 'Open Ticket…') {
        await openTicket(id, note).catch((err: unknown) => showError(vscode, connections.log, err, Commands.openTicket));
      }
    });
  });

  register(Commands.openTicket, async (arg?: unknown) => {
    const id = await pickers.idOf(arg, 'ClearSight: Open Ticket');
    if (!id) return;
    await openTicket(id, await noteOf(id));
  });

  register(Commands.copyPowerBiLink, async (arg?: unknown) => {
    const subject = await pickers.subjectOf(arg, 'ClearSight: Copy Power BI Link');
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
    const subject = await pickers.subjectOf(arg, 'ClearSight: Save Power BI Bookmark');
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
    const input = { reportingUrl: s.reportingUrl || undefined, env: process.env };
    let written;
    try {
      written = writePowerBiProjectFromFlags(folder, input);
    } catch (err) {
      if (!(err instanceof NotProjectFolderError)) throw err;
      const anyway = 'Write Anyway';
      const answer = await vscode.window.showWarningMessage(
        `ClearSight: ${folder} is not empty and holds no ClearSight RCA project. Write the project into it? Your files are left as they are.`,
        { modal: true },
        anyway,
      );
      if (answer !== anyway) return;
      written = writePowerBiProjectFromFlags(folder, input, { force: true });
    }
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
      await updateUserSetting('powerBi.pbipReportFolder', join(folder, REPORT_FOLDER));
    }
  });

}
