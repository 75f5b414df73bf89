import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'clearsight.clearsight-rca';

describe('extension smoke', () => {
  it('is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers clearsight.investigateScenario', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('clearsight.investigateScenario'), 'clearsight.investigateScenario is not registered');
  });
});
