import { UserError } from '../../core/errors';
import { writePowerBiProjectFromFlags } from '../../engine/pbip';
import { NAME, need } from '../args';
import type { CliCommand } from '../command';
import { flag, has, optionList, REPORTING, text, value, whole } from '../options';

const USAGE = 'powerbi --out DIR [--force] [--server HOST] [--port N] [--database DB]';

const OUT = text('out', 'DIR', 'the folder to write the project into');
const SERVER = text('server', 'HOST', "the reporting database's server (default: --reporting's)");
const PORT = whole('port', 'N', 1, 65_535, 'its port');
const DATABASE = text('database', 'DB', "the reporting database (default: --reporting's)");
const FORCE = flag('force', 'write into a non-empty folder that holds no project of ours (links out of DIR are refused regardless)');

/** Writes the Power BI project (src/powerbi, src/engine/pbip.ts); no database is opened. */
export const powerbiCommand: CliCommand = {
  name: 'powerbi',
  usage: [
    `  ${USAGE}`,
    '                                               write the Power BI project (PBIP) for the reporting schema',
    "                                               (server and database default to --reporting's; --force: into a",
    '                                               non-empty folder that holds no project of ours)',
  ],
  // --reporting names the server and database (no connection is opened).
  options: optionList(OUT, SERVER, PORT, DATABASE, REPORTING, FORCE),
  validate(args) {
    need(args.positionals, 0, USAGE);
    if (!value(args, OUT)) throw new UserError('powerbi: missing --out DIR (the folder to write the project into)');
  },
  needs: 'nothing',
  async run({ args, io }) {
    const written = writePowerBiProjectFromFlags(
      value(args, OUT)!,
      {
        server: value(args, SERVER),
        port: value(args, PORT),
        database: value(args, DATABASE),
        reportingUrl: value(args, REPORTING) ?? io.env.CLEARSIGHT_REPORTING_URL,
        env: io.env,
      },
      { force: has(args, FORCE) },
    );
    // What was done with the user's files: messages, so on stderr; the JSON stays {pbip, files}.
    for (const note of written.notes) io.err(`${NAME}: ${note}`);
    return { json: { pbip: written.pbip, files: written.files }, human: () => `wrote the Power BI project ${written.pbip} (${written.files.length} files): open it in Power BI Desktop, then Refresh` };
  },
};
