/**
 * The open panels of one kind, keyed by subject: show (reveal the open one or create it),
 * revive after a window reload, look up (tests read a panel's last payload), forget on
 * close. One registry per panel kind (registration.ts) instead of a static block per class.
 */
import * as vscode from 'vscode';
import type { BasePanel, PanelContext } from './basePanel';
import { webviewOptions } from './webviewHtml';

export interface PanelKind<Subject, P extends BasePanel<Subject, unknown, { type: string }>> {
  /** PanelTypes.x: the webview type, also used by the serializer. */
  type: string;
  /** The key of a subject in the map of open panels. */
  key(subject: Subject): string;
  /** The tab title until the data is there. */
  title(subject: Subject): string;
  create(panel: vscode.WebviewPanel, ctx: PanelContext, subject: Subject): P;
  /** The subject a webview saved with setState (after a window reload), or null when unusable. */
  subjectOf(state: unknown): Subject | null;
}

export class PanelRegistry<Subject, P extends BasePanel<Subject, unknown, { type: string }>> {
  private readonly open = new Map<string, P>();

  constructor(readonly kind: PanelKind<Subject, P>) {}

  current(key: string): P | undefined {
    return this.open.get(key);
  }

  all(): P[] {
    return [...this.open.values()];
  }

  /**
   * Reveals the panel of the subject, or opens one. `onShown` gets an open panel shown
   * again (e.g. to apply the days or filter asked for).
   */
  show(ctx: PanelContext, subject: Subject, onShown?: (open: P) => void): P {
    const existing = this.open.get(this.kind.key(subject));
    if (existing) {
      existing.reveal();
      onShown?.(existing);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(this.kind.type, this.kind.title(subject), vscode.ViewColumn.Active, {
      ...webviewOptions(ctx.extensionUri),
      enableFindWidget: true,
    });
    return this.adopt(ctx, panel, subject);
  }

  /** A panel VS Code restored after a window reload; a duplicate of an open one is closed. */
  revive(ctx: PanelContext, panel: vscode.WebviewPanel, subject: Subject): P {
    const existing = this.open.get(this.kind.key(subject));
    if (existing) {
      panel.dispose();
      return existing;
    }
    return this.adopt(ctx, panel, subject);
  }

  /** Restores a panel from the state its webview saved; false (the panel is unusable) when the state is not a subject. */
  restore(ctx: PanelContext, panel: vscode.WebviewPanel, state: unknown): boolean {
    const subject = this.kind.subjectOf(state);
    if (subject === null) return false;
    this.revive(ctx, panel, subject);
    return true;
  }

  private adopt(ctx: PanelContext, panel: vscode.WebviewPanel, subject: Subject): P {
    const key = this.kind.key(subject);
    const p = this.kind.create(panel, ctx, subject);
    void p.load();
    this.open.set(key, p);
    p.onWillDispose(() => {
      if (this.open.get(key) === p) this.open.delete(key);
    });
    return p;
  }
}
