/**
 * The HTML shell of every panel: a strict Content Security Policy with a fresh nonce per
 * render (scripts only by nonce; styles, fonts and images only from the webview's own
 * resource origin; nothing inline, no CDN), the codicon and panel stylesheets, and the
 * panel's bundle from dist/webview.
 *
 * Uses `vscode` only as types (URIs are derived with `Uri.with`), so it is unit-tested
 * without VS Code.
 */
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import type { LogConfig } from '../logSources';
import type { EngineHost } from '../services';
import type { PanelNavigator } from './navigator';

/** What the panels need from the extension: where its files are, the engine host, the navigator. */
export interface PanelContext {
  extensionUri: vscode.Uri;
  host: EngineHost;
  navigate: PanelNavigator;
  /** The log sources and search settings of Run Diagnostics (read at each load). */
  logs?: () => LogConfig;
}

export type PanelBundle = 'timeline' | 'snapshot' | 'diff' | 'overview' | 'journey' | 'diagnostics';

/** A fresh nonce: 128 random bits, base64. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

function child(base: vscode.Uri, ...segments: string[]): vscode.Uri {
  const path = `${base.path.replace(/\/+$/, '')}/${segments.join('/')}`;
  return base.with({ path });
}

/** The folders a panel may load from: the built bundles and the stylesheet folder. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [child(extensionUri, 'dist', 'webview'), child(extensionUri, 'media')];
}

/** Webview options of every panel (also applied to panels restored after a reload). */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, enableForms: false, localResourceRoots: localResourceRoots(extensionUri) };
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeAttr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESC[c]!);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export interface HtmlParts {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  codiconUri: string;
  styleUri: string;
  title: string;
  bundle: PanelBundle;
}

/** The document text (pure). */
export function htmlDocument(p: HtmlParts): string {
  const a = escapeAttr;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${a(p.codiconUri)}">
<link rel="stylesheet" href="${a(p.styleUri)}">
<title>${a(p.title)}</title>
</head>
<body data-panel="${a(p.bundle)}">
<main id="app" class="app" data-testid="panel-root"></main>
<script nonce="${a(p.nonce)}" src="${a(p.scriptUri)}"></script>
</body>
</html>`;
}

/** The HTML of a panel's webview, with a new nonce. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: PanelBundle, title: string): string {
  const dist = child(extensionUri, 'dist', 'webview');
  return htmlDocument({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: webview.asWebviewUri(child(dist, `${bundle}.js`)).toString(),
    codiconUri: webview.asWebviewUri(child(dist, 'codicon.css')).toString(),
    styleUri: webview.asWebviewUri(child(extensionUri, 'media', 'panels.css')).toString(),
    title,
    bundle,
  });
}
