import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { diffSubjectOf, snapshotSubjectOf, subjectKey, timelineSubjectOf } from '../../../src/shared/panelState';
import { contentSecurityPolicy, htmlDocument, localResourceRoots, makeNonce, webviewHtml, webviewOptions } from '../../../src/vscode/panels/webviewHtml';
import { isUuid } from '../../../src/core/ids';

/** Just enough of vscode.Uri for the HTML builder (it only uses `path` and `with`). */
class FakeUri {
  constructor(readonly path: string) {}
  with(change: { path?: string }): FakeUri {
    return new FakeUri(change.path ?? this.path);
  }
  toString(): string {
    return `file://${this.path}`;
  }
}

const ext = new FakeUri('/ext/') as unknown as vscode.Uri;
const webview = {
  cspSource: 'https://webview.test',
  asWebviewUri: (u: FakeUri) => ({ toString: () => `https://webview.test${u.path}` }),
} as unknown as vscode.Webview;

const ID = 'd07fca86-43e9-4768-8fcc-94700294055f';

describe('webview HTML and CSP', () => {
  it('allows scripts only by nonce and styles, fonts, images only from the webview source', () => {
    const csp = contentSecurityPolicy('https://webview.test', 'abc');
    assert.equal(csp, "default-src 'none'; img-src https://webview.test; style-src https://webview.test; font-src https://webview.test; script-src 'nonce-abc'; base-uri 'none'; form-action 'none'");
    assert.ok(!csp.includes('unsafe'));
  });

  it('renders the shell with a fresh nonce per render and the panel bundle', () => {
    const a = webviewHtml(webview, ext, 'diff', 'Diff');
    const b = webviewHtml(webview, ext, 'diff', 'Diff');
    const nonceOf = (html: string) => /<script nonce="([^"]+)"/.exec(html)![1]!;
    assert.ok(a.includes(`script-src &#39;nonce-${nonceOf(a)}&#39;`));
    assert.notEqual(nonceOf(a), nonceOf(b));
    assert.ok(a.includes(`<script nonce="${nonceOf(a)}" src="https://webview.test/ext/dist/webview/diff.js"></script>`));
    assert.ok(a.includes('id="vscode-codicon-stylesheet" href="https://webview.test/ext/dist/webview/codicon.css"'));
    assert.ok(a.includes('href="https://webview.test/ext/media/panels.css"'));
    assert.equal((a.match(/<script/g) ?? []).length, 1);
    assert.ok(!a.includes('<style'));
    assert.equal(makeNonce().length, 24);
  });

  it('escapes the title and attribute values', () => {
    const html = htmlDocument({ cspSource: 'x', nonce: 'n', scriptUri: 's"><script>', codiconUri: 'c', styleUri: 'st', title: '<script>alert(1)</script>', bundle: 'timeline' });
    assert.ok(html.includes('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>'));
    assert.ok(html.includes('src="s&quot;&gt;&lt;script&gt;"'));
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });

  it('limits local resources to dist/webview and media, with scripts on and command URIs off', () => {
    assert.deepEqual(localResourceRoots(ext).map((u) => u.path), ['/ext/dist/webview', '/ext/media']);
    const o = webviewOptions(ext);
    assert.equal(o.enableScripts, true);
    assert.equal(o.enableCommandUris, false);
    assert.equal(o.enableForms, false);
  });
});

describe('panel state restored after a reload', () => {
  it('accepts well-formed subjects only', () => {
    assert.deepEqual(timelineSubjectOf({ subject: { scenarioId: ID.toUpperCase() }, ui: {} }), { scenarioId: ID });
    assert.deepEqual(snapshotSubjectOf({ subject: { runId: ID } }), { runId: ID });
    assert.deepEqual(diffSubjectOf({ subject: { runA: ID, runB: ID } }), { runA: ID, runB: ID });
    assert.equal(timelineSubjectOf(undefined), null);
    assert.equal(timelineSubjectOf({ subject: { scenarioId: 'x' } }), null);
    assert.equal(snapshotSubjectOf({ runId: ID }), null);
    assert.equal(diffSubjectOf({ subject: { runA: ID } }), null);
    assert.equal(diffSubjectOf({ subject: { runA: ID, runB: 42 } }), null);
    assert.equal(isUuid(`${ID} `), false);
  });

  it('keys open panels by trimmed lower-case ids', () => {
    assert.equal(subjectKey(` ${ID.toUpperCase()} `), ID);
    assert.equal(subjectKey('A', 'B'), 'a|b');
  });
});
