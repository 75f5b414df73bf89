/** Commands of the connection: passwords, connect, the demo, the log. */
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { describeUrl } from '../../db/pgDb';
import { readSettings, updateUserSetting, withoutPassword } from '../config';
import { Commands } from '../constants';
import { secretKey } from '../secretKeys';
import type { CommandServices } from './shared';

export function registerConnectionCommands({ register, context, connections, log }: CommandServices): void {
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
    if (readSettings().environments.named.length > 0) {
      const choice = await vscode.window.showInformationMessage(
        'ClearSight: named environments are defined (clearsight.environments): their URLs are used, not clearsight.production.url. Edit them in your settings, or switch with "ClearSight: Switch Environment…".',
        'Switch Environment…',
      );
      if (choice) await vscode.commands.executeCommand(Commands.switchEnvironment);
      return;
    }
    const current = readSettings().productionUrl;
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
    await updateUserSetting('production.url', clean.url);
    if (!clean.hadPassword) {
      const choice = await vscode.window.showInformationMessage('ClearSight: production URL saved. Does the connection need a password?', 'Set Password', 'No');
      if (choice === 'Set Password') await vscode.commands.executeCommand(Commands.setPassword);
    }
  });

  register(Commands.useDemo, async () => {
    await connections.chooseDemo();
    if (readSettings().productionUrl) void vscode.window.showInformationMessage('ClearSight: a production URL is set; clear clearsight.production.url to use the demo database.');
  });

  register(Commands.switchEnvironment, async () => {
    const s = readSettings();
    if (s.environments.named.length === 0) {
      const choice = await vscode.window.showInformationMessage(
        'ClearSight: no named environments are defined: the single connection settings are in use. Add Production, UAT, Dev… to clearsight.environments in your user settings.',
        'Open Settings',
      );
      if (choice) await vscode.commands.executeCommand('workbench.action.openSettingsJson');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      s.environments.named.map((e) => ({
        label: `${e.name === s.environment.name ? '$(check)' : '$(server-environment)'} ${e.name}`,
        description: `production ${describeUrl(e.productionUrl)}${e.reportingUrl ? ` · reporting ${describeUrl(e.reportingUrl)}` : ''}`,
        detail: [e.productionAuth === 'aws-iam' ? 'RDS IAM sign-in' : 'password', e.sslMode ? `sslmode ${e.sslMode}` : '', e.logs.paths?.length || e.logs.cloudwatchLogGroups?.length || e.logs.cloudwatchLogGroupPrefix ? 'own log sources' : '']
          .filter((x) => x !== '')
          .join(' · '),
        name: e.name,
      })),
      { title: 'ClearSight: Switch Environment', placeHolder: `In use: ${s.environment.name}` },
    );
    if (!pick || pick.name === s.environment.name) return;
    // The connection is rebuilt on the settings change: the tree, hovers, panels and status bar follow.
    await updateUserSetting('environment', pick.name);
    log.info(`environment switched to ${pick.name}`);
    vscode.window.setStatusBarMessage(`$(server-environment) ClearSight: ${pick.name}`, 3000);
  });

  register(Commands.showLog, async () => log.show());
}
