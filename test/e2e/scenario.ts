import type { DemoStory } from '../../src/demo/stories';
import type { CodeServer } from './codeServer';
import type { Steps } from './steps';
import type { Workbench } from './workbench';

export interface ScenarioContext {
  wb: Workbench;
  server: CodeServer;
  steps: Steps;
  /** The demo's failure stories; app.log in the workspace names their runs. */
  stories: DemoStory[];
  artifacts: string;
  timeoutMs: number;
  /** Where README screenshots are copied (--readme-screenshots DIR), if anywhere. */
  readmeDir?: string;
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

/** One code-server session: which VSIX, what environment, which scenarios in order. */
export interface Session {
  name: string;
  vsix: 'production' | 'tests';
  env?: (artifacts: string) => Record<string, string>;
  /** User settings over BASE_SETTINGS (read once, when the session starts). */
  settings?: Record<string, unknown>;
  scenarios: Scenario[];
}
