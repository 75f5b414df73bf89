#!/usr/bin/env node
/** The `clearsight-rca` executable (package.json `bin` → dist/cli.js): src/cli/main.ts does the work. */
import { NAME } from './cli/args';
import { main } from './cli/main';
import { secrets } from './cli/connect';
import { ERROR_KINDS } from './core/errors';
import { redact } from './core/redact';
import { stripControls } from './core/text';

if (require.main === module) {
  main(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${NAME}: unexpected error: ${stripControls(redact(String(err?.message ?? err), secrets))}\n`);
      process.exitCode = ERROR_KINDS.bug.exitCode;
    },
  );
}
