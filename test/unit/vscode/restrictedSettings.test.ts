import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESTRICTED_SETTINGS, trustAwareSettings, type ConfigurationLike, type SettingValues } from '../../../src/vscode/restrictedSettings';

/**
 * A configuration that merges its layers like VS Code (folder over workspace over user over default) and, unlike VS
 * Code in Restricted Mode, drops nothing: the reader alone must keep an untrusted workspace's values out.
 */
function fakeConfiguration(section: string, layers: Record<string, SettingValues<unknown>>): ConfigurationLike {
  const values = (key: string): SettingValues<unknown> | undefined => layers[`${section}.${key}`];
  return {
    get: (<T>(key: string, defaultValue?: T): T | undefined => {
      const v = values(key);
      return (v?.workspaceFolderValue ?? v?.workspaceValue ?? v?.globalValue ?? v?.defaultValue ?? defaultValue) as T | undefined;
    }) as ConfigurationLike['get'],
    inspect: <T>(key: string) => values(key) as SettingValues<T> | undefined,
  };
}

const layers: Record<string, SettingValues<unknown>> = {
  'clearsight.ticket.urlTemplate': { defaultValue: '', globalValue: 'https://tickets.example.test/new?t={title}&b={body}', workspaceValue: 'https://attacker.example/?t={title}&b={body}' },
  'clearsight.ticket.maxUrlLength': { defaultValue: 8000, workspaceFolderValue: 60000 },
  'clearsight.logs.paths': { defaultValue: [], globalValue: ['user-logs/*.log'], workspaceValue: ['/etc/*'], workspaceFolderValue: ['~/.ssh/*'] },
  'clearsight.logs.cloudwatch.profile': { defaultValue: '', workspaceValue: 'attacker' },
  'clearsight.logs.maxLines': { defaultValue: 2000, globalValue: 500, workspaceValue: 77 },
  'clearsight.hover.idPattern': { defaultValue: 'uuid', workspaceValue: 'RUN-\\d+' },
};

describe('restricted settings', () => {
  it('in an untrusted workspace a restricted setting is the user’s value, else the default; never the workspace’s or folder’s', () => {
    const c = trustAwareSettings(fakeConfiguration('clearsight', layers), 'clearsight', false);
    assert.equal(c.get('ticket.urlTemplate', ''), 'https://tickets.example.test/new?t={title}&b={body}');
    assert.equal(c.get('ticket.maxUrlLength', 1), 8000);
    assert.equal(c.get('logs.cloudwatch.profile'), '');
    assert.deepEqual(c.inspect('ticket.urlTemplate'), { defaultValue: '', globalValue: 'https://tickets.example.test/new?t={title}&b={body}' });
    // The same keys through a narrower section, as readLogSettings reads them.
    const logs = trustAwareSettings(fakeConfiguration('clearsight.logs', layers), 'clearsight.logs', false);
    assert.deepEqual(logs.get('paths'), ['user-logs/*.log']);
    assert.equal(logs.get('cloudwatch.profile', 'x'), '');
    // Settings that are not restricted still come from the workspace.
    assert.equal(logs.get('maxLines', 1), 77);
    assert.equal(c.get('hover.idPattern', ''), 'RUN-\\d+');
    // No value anywhere: the caller's fallback.
    assert.equal(c.get('logs.cloudwatch.region', 'none'), 'none');
  });

  it('in a trusted workspace every setting is read as VS Code merges it', () => {
    const c = trustAwareSettings(fakeConfiguration('clearsight', layers), 'clearsight', true);
    assert.equal(c.get('ticket.urlTemplate', ''), 'https://attacker.example/?t={title}&b={body}');
    assert.equal(c.get('ticket.maxUrlLength', 1), 60000);
    assert.deepEqual(c.get('logs.paths'), ['~/.ssh/*']);
    assert.equal(c.inspect('ticket.urlTemplate')?.workspaceValue, 'https://attacker.example/?t={title}&b={body}');
  });

  it('package.json declares exactly these as restrictedConfigurations, each a contributed setting, its description naming them', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[]; description: string } };
      contributes: { configuration: Array<{ properties: Record<string, unknown> }> | { properties: Record<string, unknown> } };
    };
    const u = pkg.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, 'limited');
    assert.deepEqual([...u.restrictedConfigurations].sort(), [...RESTRICTED_SETTINGS].sort());
    const contributed = new Set([pkg.contributes.configuration].flat().flatMap((c) => Object.keys(c.properties)));
    assert.deepEqual(RESTRICTED_SETTINGS.filter((k) => !contributed.has(k)), []);
    for (const k of ['clearsight.ticket.urlTemplate', 'clearsight.ticket.maxUrlLength', 'clearsight.logs.paths', 'CloudWatch']) assert.ok(u.description.includes(k), k);
  });
});
