/** Child process entry: measures the clicks for the config in argv[2] (JSON), answers over IPC. */
import { measureClicks, type ClickConfig } from './clicks';

const cfg = JSON.parse(process.argv[2]) as ClickConfig;
measureClicks(cfg).then(
  (out) => {
    process.send?.({ ok: true, out });
    process.exitCode = 0;
  },
  (err: unknown) => {
    process.send?.({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) });
    process.exitCode = 1;
  },
);
