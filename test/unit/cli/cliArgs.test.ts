/**
 * Issue 22 (the CLI): each command takes its own options, declared once; an option a command
 * does not take is bad input with a suggestion; `help COMMAND`; options before the command's
 * name; the usage text unchanged but for its last line. (Loading: cliArgsLazy.test.ts.)
 */
import assert from 'node:assert/strict';
import { commandIndex, editDistance, nearest, parseArgs, type CliOption } from '../../../src/cli/args';
import type { CliCommand } from '../../../src/cli/command';
import { COMMANDS, loadAll } from '../../../src/cli/commands';
import { main } from '../../../src/cli/main';
import { BATCH_SIZE, COMMON_OPTIONS, MAX_AGE, optionList, RETAIN_DAYS, SINCE, value } from '../../../src/cli/options';

/** The usage text before issue 22 (dist/cli.js --help), which must not change. */
const USAGE_BEFORE = `usage: clearsight-rca <command> [options]

commands:
  etl [--full | --incremental] [--since ISO]   load the reporting schema from production
      [--partitioned]                          (when it creates the schema: facts partitioned by month)
      [--retain-days N]                        (--full: prune facts older than N days)
      [--pseudonymise-users]                   (user ids → keyed pseudonyms; key: CLEARSIGHT_PSEUDONYM_KEY
      [--pseudonym-key-file FILE]               or the first line of FILE / CLEARSIGHT_PSEUDONYM_KEY_FILE)
      [--no-input-values]                      (input hashes and changed paths only, no values)
  etl --scenario-id ID                         load one scenario's whole history (the watermark stays)
  etl --verify [--since ISO]                   reconcile reporting with production (exit 1 on a difference)
  scenarios [--status S] [--search TEXT] [--failed-since ISO] [--limit N]
  timeline SCENARIO_ID                         lifecycle, input changes, runs, failed node calcs
  changes SCENARIO_ID                          input changes (saves repeating a hash left out)
  snapshot RUN_ID                              the inputs in force when the run started
  diff RUN_A RUN_B | diff --scenario SCENARIO_ID  changed inputs, most likely cause first
  explain RUN_ID                               a failed run's likely causes with their evidence
  runinfo ID                                   what an id is (run, scenario, request)
  report ID --format markdown|bookmark|url     RCA note, Power BI bookmark or report URL
      [--pbip DIR]                             (bookmark: also save it into that PBIP report / project)
  signatures [--since ISO]                     failure texts grouped by error signature
  health [--max-age MIN]                       data age, failed runs, duration, row counts; exit 0/1/2
                                               (reads --reporting only; with the ETL success rate)
  serve [--every MIN] [--full-at HH:MM] [--tz ZONE] [--retries N] [--alert-webhook URL] [--retain-days N]
        [--port N] [--host H] [--token-file FILE] [--rate-limit N] [--logs-path GLOB]
                                               scheduled ETL, health checks, alerts and the read-only HTTP API
      [--pseudonymise-users]                   (user ids → keyed pseudonyms; key: CLEARSIGHT_PSEUDONYM_KEY
      [--pseudonym-key-file FILE]               or the first line of FILE / CLEARSIGHT_PSEUDONYM_KEY_FILE)
      [--no-input-values]                      (input hashes and changed paths only, no values)
  logs RUN_ID [--source files|cloudwatch]      the run's log lines, time order
      [--logs-path GLOB]... [--margin MINUTES] [--limit N]
      [--log-group NAME]... [--log-group-prefix P] [--region R] [--profile P]
  demo                                         seed the demo, run the ETL, open a failure story
  powerbi --out DIR [--force] [--server HOST] [--port N] [--database DB]
                                               write the Power BI project (PBIP) for the reporting schema
                                               (server and database default to --reporting's; --force: into a
                                               non-empty folder that holds no project of ours)

connections:
  --prod URL        (CLEARSIGHT_PROD_URL)       production, opened read-only
  --reporting URL   (CLEARSIGHT_REPORTING_URL)  the database holding the reporting schema
  --demo                                        the embedded demo database
  --source prod|reporting|auto                  where analyses read (default auto)
  --statement-timeout MS (CLEARSIGHT_STATEMENT_TIMEOUT_MS, default 30000)
  --auth password|aws-iam (CLEARSIGHT_AUTH)     aws-iam: an RDS IAM token for --prod (SSL required;
                                               --region, --profile; credentials from the AWS chain)

power bi (report):
  --powerbi-url URL (CLEARSIGHT_POWERBI_URL)   --powerbi-page NAME (CLEARSIGHT_POWERBI_PAGE)
  --scenario-field Table/Field (CLEARSIGHT_POWERBI_SCENARIO_FIELD, default dim_scenario/scenario_id)
  --run-field Table/Field (CLEARSIGHT_POWERBI_RUN_FIELD, default dim_run/run_id)

other: --json  --batch-size N  --overlap MINUTES  --help`;

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  // No connection variable: nothing here may reach a database.
  const code = await main(argv, { env: {}, out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('CLI options (issue 22)', () => {
  let commands: CliCommand[] = [];
  const byName = (name: string): CliCommand => commands.find((c) => c.name === name)!;
  const optionsOf = (name: string): readonly CliOption[] => optionList(byName(name).options, COMMON_OPTIONS);
  before(() => {
    commands = loadAll();
  });

  it('the table loads every command under its own name, in the order --help lists them', () => {
    assert.deepEqual(
      commands.map((c) => c.name),
      ['etl', 'scenarios', 'timeline', 'changes', 'snapshot', 'diff', 'explain', 'runinfo', 'report', 'signatures', 'health', 'serve', 'logs', 'demo', 'powerbi'],
    );
    assert.deepEqual(
      COMMANDS.map((c) => c.name),
      commands.map((c) => c.name),
    );
  });

  it('--help prints the usage text of before, with one line more about help COMMAND', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    assert.equal(r.out, `${USAGE_BEFORE}\n\nclearsight-rca help COMMAND (or COMMAND --help): the options a command takes\n`);
    assert.equal((await run(['help'])).out, r.out);
    const none = await run([]);
    assert.deepEqual([none.code, none.out], [1, r.out]);
  });

  it('an option shared by several commands is one declaration (its check written once)', () => {
    for (const [option, users] of [
      [BATCH_SIZE, ['etl', 'serve']],
      [RETAIN_DAYS, ['etl', 'serve']],
      [SINCE, ['etl', 'signatures']],
      [MAX_AGE, ['health', 'serve']],
    ] as Array<[CliOption, string[]]>) {
      assert.deepEqual(
        commands.filter((c) => c.options.some((o) => o.name === option.name)).map((c) => c.name),
        users,
        option.name,
      );
      for (const u of users) assert.equal(byName(u).options.find((o) => o.name === option.name), option, `${u} --${option.name}`);
    }
  });

  it('no command declares an option twice; an option name takes a value in every command or in none', () => {
    const kinds = new Map<string, Set<string>>();
    for (const c of commands) {
      const names = c.options.map((o) => o.name);
      assert.equal(new Set(names).size, names.length, c.name);
      for (const o of c.options) kinds.set(o.name, (kinds.get(o.name) ?? new Set()).add(o.kind));
    }
    assert.deepEqual([...kinds].filter(([, k]) => k.size > 1), []);
    // Two options of one name are refused where a command's list is built.
    assert.throws(() => optionList(BATCH_SIZE, { ...BATCH_SIZE }), /option --batch-size is declared twice/);
  });

  it('an option the command does not take is bad input (exit 1), naming the commands that take it', async () => {
    for (const [argv, message] of [
      [['scenarios', '--batch-size', '5'], /^clearsight-rca: unknown option --batch-size for scenarios \(etl and serve take it; see clearsight-rca help scenarios\)$/],
      [['timeline', '3f1c0000-0000-4000-8000-000000000000', '--full'], /^clearsight-rca: unknown option --full for timeline \(etl takes it; see clearsight-rca help timeline\)$/],
      [['powerbi', '--out', '/nonexistent', '--demo'], /^clearsight-rca: unknown option --demo for powerbi \(etl, scenarios, timeline and 10 other commands take it; /],
      [['health', '--port', '80'], /^clearsight-rca: unknown option --port for health \(serve and powerbi take it; /],
      [['scenarios', '--bogus'], /^clearsight-rca: unknown option --bogus for scenarios \(see clearsight-rca help scenarios\)$/],
      [['scenarios', '-x'], /^clearsight-rca: unknown option -x for scenarios \(see clearsight-rca help scenarios\)$/],
    ] as Array<[string[], RegExp]>) {
      const r = await run(argv);
      assert.equal(r.code, 1, argv.join(' '));
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.match(r.err.trim(), message);
      assert.equal(r.out, '');
    }
  });

  it('a mistyped option: "did you mean" the nearest one the command takes', async () => {
    for (const [argv, message] of [
      [['etl', '--bacth-size', '200'], /unknown option --bacth-size for etl: did you mean --batch-size\? \(see clearsight-rca help etl\)$/],
      [['etl', '--retain', '3'], /did you mean --retain-days\?/],
      [['scenarios', '--limt', '3'], /unknown option --limt for scenarios: did you mean --limit\?/],
      [['logs', '3f1c0000-0000-4000-8000-000000000000', '--log-gruop', 'g'], /did you mean --log-group\?/],
      // Only the command's own options are suggested: --since is etl's, not report's.
      [['report', '3f1c0000-0000-4000-8000-000000000000', '--sinse', 'x'], /^clearsight-rca: unknown option --sinse for report \(see /],
      // Before any command: the options of every command.
      [['--limt', '3', 'scenarios'], /^clearsight-rca: unknown option --limt: did you mean --limit\? \(see clearsight-rca --help\)$/],
    ] as Array<[string[], RegExp]>) {
      const r = await run(argv);
      assert.equal(r.code, 1, argv.join(' '));
      assert.match(r.err.trim(), message);
    }
  });

  it('nearest: one edit for a short name, two for a longer one, or a beginning; none for something else', () => {
    const names = ['batch-size', 'since', 'limit', 'retain-days', 'json', 'tz', 'port'];
    assert.equal(nearest('batchsize', names), 'batch-size');
    assert.equal(nearest('bacth-size', names), 'batch-size');
    assert.equal(nearest('snice', names), 'since');
    assert.equal(nearest('retain', names), 'retain-days');
    assert.equal(nearest('jsno', names), 'json');
    assert.equal(nearest('x', names), undefined);
    assert.equal(nearest('bogus', names), undefined);
    assert.equal(nearest('pot', names), 'port');
    assert.equal(nearest('sort', names), 'port');
    assert.equal(nearest('shard', names), undefined);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('ab', 'ba'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('since', 'since'), 0);
  });

  it('help COMMAND and COMMAND --help print that command alone: its lines and every option it takes', async () => {
    const help = await run(['help', 'etl']);
    assert.equal(help.code, 0);
    assert.equal((await run(['etl', '--help'])).out, help.out);
    assert.equal((await run(['etl', '-h', '--full'])).out, help.out);
    const lines = help.out.split('\n');
    assert.equal(lines[0], 'usage: clearsight-rca etl [options]');
    for (const line of byName('etl').usage) assert.ok(lines.includes(line), line);
    for (const o of ['--full', '--incremental', '--since ISO', '--batch-size N', '--retain-days N', '--pseudonym-key-file FILE', '--verify', '--prod URL', '--json']) {
      assert.ok(lines.some((l) => l.startsWith(`  ${o} `)), o);
    }
    // Not another command's options.
    assert.doesNotMatch(help.out, /--limit|--port|--format|--source/);
    const logs = (await run(['help', 'logs'])).out;
    assert.match(logs, /^ {2}--source files\|cloudwatch {4,}only the log files/m);
    assert.match(logs, /^ {2}--logs-path GLOB\.\.\. /m);
    assert.match((await run(['help', 'scenarios'])).out, /^ {2}--source prod\|reporting\|auto /m);
    const unknown = await run(['help', 'frobnicate']);
    assert.deepEqual([unknown.code, unknown.err.trim()], [1, "clearsight-rca: unknown command 'frobnicate' (see clearsight-rca --help)"]);
    assert.equal((await run(['help', 'etl', 'serve'])).code, 1);
  });

  it('options before the command: their values are not taken for the command; an unknown one is refused', () => {
    const all = new Map(commands.flatMap((c) => optionList(c.options, COMMON_OPTIONS)).map((o) => [o.name, o]));
    const at = (argv: string[]): number =>
      commandIndex(
        argv,
        (n) => all.get(n),
        () => [...all.values()],
      );
    assert.equal(at(['scenarios', '--limit', '5']), 0);
    assert.equal(at(['--prod', 'postgres://u@h/db', 'scenarios']), 2);
    assert.equal(at(['--json', '--prod=postgres://u@h/db', '-h', 'etl']), 3);
    assert.equal(at(['--', 'scenarios']), 1);
    assert.equal(at(['--json']), -1);
    assert.throws(() => at(['--bogus', 'scenarios']), /^UserError: unknown option --bogus \(see clearsight-rca --help\)$/);
  });

  it('parsing: values checked before anything is opened, repeatable options joined, flags take no value', () => {
    const scenarios = optionsOf('scenarios');
    assert.throws(() => parseArgs(['--limit', 'ten'], scenarios, 'scenarios'), /--limit: expected a whole number from 1 to 10000, got 'ten'/);
    assert.throws(() => parseArgs(['--failed-since', 'last week'], scenarios, 'scenarios'), /--failed-since: not an ISO date\/time: 'last week'/);
    assert.throws(() => parseArgs(['--source', 'files'], scenarios, 'scenarios'), /--source: expected prod, reporting or auto, got 'files'/);
    assert.throws(() => parseArgs(['--json=yes'], scenarios, 'scenarios'), /option --json takes no value/);
    assert.throws(() => parseArgs(['--limit'], scenarios, 'scenarios'), /option --limit needs a value/);
    const logs = parseArgs(['R', '--logs-path', 'a/*.log', '--logs-path=b', '--source', 'files', '--margin', '5', '--', '--x'], optionsOf('logs'), 'logs');
    assert.deepEqual(logs.positionals, ['R', '--x']);
    assert.equal(logs.flags.get('logs-path'), 'a/*.log\nb');
    assert.equal(logs.flags.get('source'), 'files');
    assert.throws(() => parseArgs(['--source', 'auto'], optionsOf('logs'), 'logs'), /--source: expected files or cloudwatch, got 'auto'/);
    assert.throws(() => parseArgs(['--margin', '-1'], optionsOf('logs'), 'logs'), /--margin: expected a whole number from 0 to 10080/);
    // The same name, another command, another range: serve's --port takes 0 (any free port), powerbi's does not.
    assert.equal(value(parseArgs(['--port', '0'], optionsOf('serve'), 'serve'), optionsOf('serve').find((o) => o.name === 'port') as never), 0);
    assert.throws(() => parseArgs(['--port', '0', '--out', 'x'], optionsOf('powerbi'), 'powerbi'), /--port: expected a whole number from 1 to 65535, got '0'/);
    // Typed values: ISO normalised to UTC.
    const etl = parseArgs(['--full', '--since', '2026-01-05T10:00:00+05:30'], optionsOf('etl'), 'etl');
    assert.equal(value(etl, SINCE), '2026-01-05T04:30:00.000Z');
  });

  it('health with --reporting alone, etl and serve with the privacy options, powerbi with --reporting: still taken', () => {
    assert.doesNotThrow(() => parseArgs(['--reporting', 'postgres://u@h/r', '--max-age', '30'], optionsOf('health'), 'health'));
    for (const c of ['etl', 'serve']) {
      assert.doesNotThrow(() => parseArgs(['--pseudonymise-users', '--pseudonym-key-file', 'k', '--no-input-values'], optionsOf(c), c), c);
    }
    assert.doesNotThrow(() => parseArgs(['--out', 'x', '--reporting', 'postgres://u@h/r', '--server', 's', '--port', '5432', '--database', 'd'], optionsOf('powerbi'), 'powerbi'));
  });
});
