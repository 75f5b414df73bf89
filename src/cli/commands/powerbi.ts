import { UserError } from '../../db/db';
import { writePowerBiProjectFromFlags } from '../../engine/pbip';
import { NAME, intFlag, need, str } from '../args';
import type { CliCommand } from '../command';

const USAGE = 'powerbi --out DIR [--force] [--server HOST] [--port N] [--database DB]';

/** Writes the Power BI project (src/powerbi, src/engine/pbip.ts); no database is opened. */
export const powerbiCommand: CliCommand = {
  name: 'powerbi',
  usage: [
    `  ${USAGE}`,
    '                                               write the Power BI project (PBIP) for the reporting schema',
    "                                               (server and database default to --reporting's; --force: into a",
    '                                               non-empty folder that holds no project of ours)',
  ],
  validate(args) {
    need(args.positionals, 0, USAGE);
    if (!str(args.flags, 'out')) throw new UserError('powerbi: missing --out DIR (the folder to write the project into)');
    intFlag(args.flags, 'port', 1, 65_535);
  },
  needs: 'nothing',
  async run({ args, io }) {
    const written = writePowerBiProjectFromFlags(
      str(args.flags, 'out')!,
      {
        server: str(args.flags, 'server'),
        port: intFlag(args.flags, 'port', 1, 65_535),
        database: str(args.flags, 'database'),
        reportingUrl: str(args.flags, 'reporting') ?? io.env.CLEARSIGHT_REPORTING_URL,
        env: io.env,
      },
      { force: args.flags.has('force') },
    );
    // What was done with the user's files: messages, so on stderr; the JSON stays {pbip, files}.
    for (const note of written.notes) io.err(`${NAME}: ${note}`);
    return { json: { pbip: written.pbip, files: written.files }, human: () => `wrote the Power BI project ${written.pbip} (${written.files.length} files): open it in Power BI Desktop, then Refresh` };
  },
};
