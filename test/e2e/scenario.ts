import type { DemoPlatformStory, DemoStory } from '../../src/demo/stories';
import type { CodeServer } from './codeServer';
import type { Steps } from './steps';
import type { Workbench } from './workbench';

export interface ScenarioContext {
  wb: Workbench;
  server: CodeServer;
  steps: Steps;
  /** The demo's failure stories; app.log in the workspace names their runs. */
  stories: DemoStory[];
  /** The demo's failures no input caused; app.log names their runs too. */
  platform: DemoPlatformStory[];
  artifacts: string;
  timeoutMs: number;
  /** Where README screenshots are copied (--readme-screenshots DIR), if anywhere. */
  readmeDir?: string;
  /** What the session's prepare() made (e.g. the PostgreSQL database), if it has one. */
  fixture?: unknown;
}

/** A scenario that runs several tests of its own reports their counts. */
export interface Outcome {
  passed: number;
  failed: number;
}

export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<Outcome | void>;
}

/** What a session's prepare() made: settings for its code-server, and how to undo it. */
export interface Prepared {
  /** User settings over the session's own (read once, when code-server starts). */
  settings?: Record<string, unknown>;
  /** Handed to the scenarios as ctx.fixture. */
  fixture?: unknown;
  /** Runs after the session, also when it failed or the run is interrupted. */
  dispose(): Promise<void>;
}

/** One code-server session: which VSIX, what environment, which scenarios in order. */
export interface Session {
  name: string;
  vsix: 'production' | 'tests';
  env?: (artifacts: string) => Record<string, string>;
  /** User settings over BASE_SETTINGS (read once, when the session starts). */
  settings?: Record<string, unknown>;
  /** Files written into the workspace folder besides the sample workspace's (e.g. `.vscode/settings.json`). */
  files?: Record<string, string>;
  /** Workspace trust on and the folder not trusted (Restricted Mode); every other session disables trust. */
  untrusted?: boolean;
  /** Runs before code-server starts (e.g. creates a database); the session is skipped if it throws. */
  prepare?: (log: (message: string) => void) => Promise<Prepared>;
  scenarios: Scenario[];
}
