/**
 * One base for everything that owns VS Code resources: `register()` what you create
 * (listeners, emitters, status bar items, panels) and one `dispose()` releases it all,
 * newest first, once.
 */
import type * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposedFlag = false;

  /** Keeps `d` until this object is disposed (at once, if it already is); returns `d`. */
  protected register<T extends vscode.Disposable>(d: T): T {
    if (this.disposedFlag) d.dispose();
    else this.owned.push(d);
    return d;
  }

  get isDisposed(): boolean {
    return this.disposedFlag;
  }

  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    while (this.owned.length > 0) this.owned.pop()!.dispose();
  }
}
