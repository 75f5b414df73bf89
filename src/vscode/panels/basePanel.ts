/**
 * What the panels share: the webview shell, the ready handshake (the view is sent once the
 * webview says `ready`, and again whenever it reloads), loading with stale-result
 * protection, cancel on the server when closed mid-load, reload on connection / data
 * changes, the clipboard, navigation (checked once, handed to the navigator), and disposal.
 */
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { capDepth } from '../../core/jsonDiff';
import type { Engine } from '../../engine/engine';
import type { CommonToHost, NavigateToHost, SourceInfo, ViewMessage } from '../../shared/protocol/common';
import { errorLine, reportActionError } from '../errors';
import { Disposable } from '../lifecycle';
import { webviewHtml, webviewOptions, type PanelBundle, type PanelContext } from './webviewHtml';

export type { PanelContext } from './webviewHtml';

/** The largest text a webview may put on the clipboard. */
const MAX_CLIPBOARD = 10_000_000;

export abstract class BasePanel<Subject, Payload, ToHost extends { type: string }> extends Disposable {
  private ready = false;
  private view: ViewMessage<Subject, Payload> | undefined;
  private loadSeq = 0;
  private loading: Promise<void> | null = null;
  private stale = false;
  /** The data the panel shows (the last `data` message); undefined while loading or after an error. */
  lastPayload: Payload | undefined;
  /** The one-line error the panel shows, if any. */
  lastError: string | undefined;

  /** The registry (panelRegistry.ts) creates a panel, then loads it. */
  constructor(
    readonly panel: vscode.WebviewPanel,
    protected readonly ctx: PanelContext,
    readonly subject: Subject,
    /** The panel's webview bundle, also its name in the log. */
    readonly bundle: PanelBundle,
  ) {
    super();
    panel.webview.options = webviewOptions(ctx.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, ctx.extensionUri, bundle, panel.title);
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    this.register(
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) void this.load();
      }),
    );
    this.register(
      ctx.host.onDidChange(() => {
        if (panel.visible) void this.load();
        else this.stale = true;
      }),
    );
  }

  /** Fetches what the panel shows (throws UserError / DbError). */
  protected abstract fetch(engine: Engine): Promise<Payload>;
  /** The tab title once the data is there. */
  protected abstract titleFor(payload: Payload): string;
  /**
   * Messages of this panel beyond the common ones and navigation. Only their `type` is checked
   * (a string): the handler checks every other field it reads, the webview being untrusted.
   */
  protected handle(message: Exclude<ToHost, CommonToHost | NavigateToHost>): Promise<void> | void {
    this.logUnknown(message);
  }

  /** What no case of `handle` took: the type checker proves there is none; at run time, logged. */
  protected unknownMessage(message: never): void {
    this.logUnknown(message);
  }

  private logUnknown(message: unknown): void {
    this.ctx.host.log.warn(`${this.bundle} panel: unknown message ${JSON.stringify(message).slice(0, 200)}`);
  }

  private readonly willDispose: Array<() => void> = [];

  /** Runs `fn` when the panel closes (its registry forgets it). */
  onWillDispose(fn: () => void): void {
    this.willDispose.push(fn);
  }

  /** Resolves when the current load (if any) has finished. */
  whenLoaded(): Promise<void> {
    return this.loading ?? Promise.resolve();
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** (Re)loads the subject: `loading`, then `data` or `error`. Older loads are ignored. */
  load(): Promise<void> {
    const seq = ++this.loadSeq;
    this.stale = false;
    this.post({ type: 'loading', subject: this.subject, source: this.source() });
    const run = (async () => {
      try {
        const engine = await this.ctx.host.engine();
        const payload = await this.fetch(engine);
        if (this.isDisposed || seq !== this.loadSeq) return;
        this.lastPayload = payload;
        this.lastError = undefined;
        this.panel.title = this.titleFor(payload);
        // Posting serialises: an input nested thousands of levels deep is cut at MAX_JSON_DEPTH.
        this.post({ type: 'data', subject: this.subject, source: this.source(), payload: capDepth(payload) as Payload });
      } catch (err) {
        if (this.isDisposed || seq !== this.loadSeq) return;
        const message = errorLine(err);
        if (err instanceof UserError) this.ctx.host.log.warn(`panel: ${message}`);
        else this.ctx.host.log.error(err instanceof Error ? err : String(err));
        this.lastPayload = undefined;
        this.lastError = message;
        this.post({ type: 'error', subject: this.subject, source: this.source(), message });
      }
    })();
    const tracked = run.finally(() => {
      if (this.loading === tracked) this.loading = null;
    });
    this.loading = tracked;
    return tracked;
  }

  private source(): SourceInfo {
    const i = this.ctx.host.info();
    // The database the panel's data came from (the reporting database is not production's).
    return { label: i.sourceLabel ?? i.label, demo: i.demo, source: i.source, ...(i.environment ? { environment: i.environment } : {}) };
  }

  private post(view: ViewMessage<Subject, Payload>): void {
    this.view = view;
    if (this.ready && !this.isDisposed) void this.panel.webview.postMessage(view);
  }

  private receive(raw: unknown): void {
    if (this.isDisposed || !raw || typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string') return;
    const m = raw as CommonToHost | ToHost;
    switch (m.type) {
      case 'ready':
        // First load, or the webview was hidden / moved and reloaded: send the current view.
        this.ready = true;
        if (this.view) void this.panel.webview.postMessage(this.view);
        return;
      case 'refresh':
        void this.load();
        return;
      case 'copyMarkdown':
        void this.copy(m as Extract<CommonToHost, { type: 'copyMarkdown' }>);
        return;
      default:
        void this.guard(async () => {
          if (!(await this.ctx.navigate.fromWebview(m))) await this.handle(m as Exclude<ToHost, CommonToHost | NavigateToHost>);
        });
    }
  }

  private async copy(m: Extract<CommonToHost, { type: 'copyMarkdown' }>): Promise<void> {
    if (typeof m.markdown !== 'string' || m.markdown.length === 0 || m.markdown.length > MAX_CLIPBOARD) return;
    await this.guard(async () => {
      await vscode.env.clipboard.writeText(m.markdown);
      const rows = typeof m.rows === 'number' && Number.isFinite(m.rows) ? m.rows : 0;
      const what = m.table === 'value' ? 'the value' : `${rows} row${rows === 1 ? '' : 's'}`;
      vscode.window.setStatusBarMessage(`$(copy) ClearSight: copied ${what} as Markdown`, 4000);
    });
  }

  /** Runs a message handler; failures become a message to the user. */
  protected async guard(fn: () => Promise<void> | void): Promise<void> {
    try {
      await fn();
    } catch (err) {
      reportActionError(vscode, this.ctx.host, err);
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    // Closed while loading: stop the query on the server.
    if (this.loading) {
      this.ctx.host.cancelRunning().catch((err: unknown) => this.ctx.host.log.warn(`panel: cancel failed: ${errorLine(err)}`));
    }
    for (const fn of this.willDispose.splice(0)) fn();
    super.dispose();
    this.panel.dispose();
  }
}
