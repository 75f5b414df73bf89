/**
 * code-server for one session: a private user-data dir with settings that keep dialogs
 * away, an extensions dir holding the VSIX under test, a workspace folder, a free port on
 * 127.0.0.1. stop() ends the process group it started and deletes its folders.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { waitFor } from './steps';

export const DARK_THEME = 'Default Dark Modern';
export const LIGHT_THEME = 'Default Light Modern';

/** User settings of every session: no trust dialog, welcome page, tips, recommendations. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': DARK_THEME,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'editor.hover.delay': 300,
  'editor.minimap.enabled': false,
  // No grey boxes over every '2026' of the log when the cursor rests on one (cleaner pictures).
  'editor.occurrencesHighlight': 'off',
  'editor.selectionHighlight': false,
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  // No fade-in animations half-way through a screenshot.
  'workbench.reduceMotion': 'on',
};

export interface CodeServerOptions {
  /** The code-server executable (scripts/e2e-setup.sh prints it). */
  bin: string;
  vsix: string;
  /** Files written into the workspace folder, by relative path. */
  files: Record<string, string>;
  /**
   * Settings merged over BASE_SETTINGS. The workbench reads them at start only: it does not
   * notice later edits of the file, so a session that needs other settings says so here.
   */
  settings?: Record<string, unknown>;
  /**
   * Open the workspace in Restricted Mode: workspace trust enabled (no --disable-workspace-trust), no trust prompt,
   * the folder not trusted. Default: trust disabled, every folder trusted.
   */
  untrusted?: boolean;
  /** Extra environment of code-server and so of its extension host. */
  env?: Record<string, string>;
  /** code-server's output goes to this file. */
  logFile: string;
  timeoutMs: number;
  log: (message: string) => void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

export class CodeServer {
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  private constructor(
    private readonly proc: ChildProcess,
    readonly port: number,
    readonly root: string,
    readonly userDataDir: string,
    readonly workspace: string,
    readonly logFile: string,
  ) {
    proc.once('exit', (code, signal) => (this.exited = { code, signal }));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.workspace)}`;
  }

  /** Installs the VSIX, writes settings and workspace, starts, and waits until GET / answers. */
  static async start(o: CodeServerOptions): Promise<CodeServer> {
    const root = mkdtempSync(join(tmpdir(), 'clearsight-e2e-'));
    const ud = join(root, 'user-data');
    const ext = join(root, 'extensions');
    const workspace = join(root, 'workspace');
    for (const d of [join(ud, 'User'), ext, workspace, join(root, 'xdg-config'), join(root, 'xdg-data')]) mkdirSync(d, { recursive: true });
    const trust = o.untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {};
    const settings = { ...BASE_SETTINGS, ...trust, ...o.settings };
    writeFileSync(join(ud, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    for (const [name, text] of Object.entries(o.files)) {
      mkdirSync(dirname(join(workspace, name)), { recursive: true });
      writeFileSync(join(workspace, name), text);
    }
    // code-server keeps its config.yaml under XDG_CONFIG_HOME: a private one per session.
    const env = { ...process.env, XDG_CONFIG_HOME: join(root, 'xdg-config'), XDG_DATA_HOME: join(root, 'xdg-data'), ...o.env };

    try {
      const install = spawnSync(o.bin, ['--user-data-dir', ud, '--extensions-dir', ext, '--install-extension', o.vsix, '--force'], {
        env,
        encoding: 'utf8',
        timeout: o.timeoutMs * 4,
      });
      const said = `${install.stdout ?? ''}${install.stderr ?? ''}`.trim();
      if (install.status !== 0 || !/successfully installed/i.test(said)) {
        throw new Error(`--install-extension ${o.vsix} failed (exit ${install.status ?? install.signal}): ${said}`);
      }
      o.log(said.split('\n').pop() ?? said);

      const port = await freePort();
      const out = openSync(o.logFile, 'w');
      const args = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', ud, '--extensions-dir', ext];
      args.push('--disable-telemetry', '--disable-update-check', ...(o.untrusted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', workspace);
      // Its own process group, so stop() ends code-server and the extension host with it.
      const proc = spawn(o.bin, args, { env, detached: true, stdio: ['ignore', out, out] });
      closeSync(out);
      const server = new CodeServer(proc, port, root, ud, workspace, o.logFile);
      o.log(`code-server pid ${proc.pid} on 127.0.0.1:${port}, log ${o.logFile}`);
      await waitFor(
        `code-server to answer GET / on port ${port}`,
        async () => {
          if (server.exited) throw new Error(`code-server exited (${server.exited.code ?? server.exited.signal}):\n${tail(o.logFile)}`);
          const res = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
          return res.status < 500;
        },
        o.timeoutMs,
      ).catch((err: unknown) => {
        void server.stop();
        throw err;
      });
      return server;
    } catch (err) {
      rmSync(root, { recursive: true, force: true });
      throw err;
    }
  }

  isRunning(): boolean {
    return !this.exited;
  }

  outputTail(lines = 30): string {
    return tail(this.logFile, lines);
  }

  /**
   * Ends the process group started by start() (SIGTERM, then SIGKILL) and deletes the
   * folders, after copying the editor's logs (extension host, renderer) into keepLogsIn.
   */
  async stop(keepLogsIn?: string): Promise<void> {
    const pid = this.proc.pid;
    if (pid && !this.exited) {
      const kill = (signal: NodeJS.Signals): void => {
        try {
          process.kill(-pid, signal);
        } catch {
          // already gone
        }
      };
      kill('SIGTERM');
      await waitFor('code-server to exit', () => !!this.exited, 10_000, 100).catch(() => kill('SIGKILL'));
    }
    if (keepLogsIn && existsSync(join(this.userDataDir, 'logs'))) {
      cpSync(join(this.userDataDir, 'logs'), keepLogsIn, { recursive: true });
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}
