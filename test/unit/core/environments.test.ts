/** Named environments: which one is active, what is skipped and why (issue 13). */
import assert from 'node:assert/strict';
import { parseEnvironment, resolveEnvironments, type BaseConnection } from '../../../src/core/environments';

const BASE: BaseConnection = {
  productionUrl: 'postgres://reader@prod-db:5432/clearsight',
  reportingUrl: 'postgres://etl@report-db:5432/reporting',
  productionAuth: 'password',
  sslMode: 'require',
  awsRegion: '',
  awsProfile: '',
};

const PROD = { name: 'Production', productionUrl: 'postgres://reader@prod-db:5432/clearsight', reportingUrl: 'postgres://etl@report-db/reporting', productionAuth: 'aws-iam', awsRegion: 'eu-west-1', sslMode: 'verify-full' };
const UAT = { name: 'UAT', productionUrl: 'postgres://reader@uat-db/clearsight', logs: { paths: ['logs/uat/**/*.log', ''], cloudwatchLogGroups: ['/clearsight/uat/engine'], cloudwatchRegion: 'eu-west-1' } };

describe('named environments', () => {
  it('no environment defined: the single-URL settings are the one unnamed environment', () => {
    const r = resolveEnvironments(undefined, '', BASE);
    assert.equal(r.named.length, 0);
    assert.equal(r.active.name, '');
    assert.equal(r.active.productionUrl, BASE.productionUrl);
    assert.equal(r.active.reportingUrl, BASE.reportingUrl);
    assert.equal(r.active.sslMode, 'require');
    assert.deepEqual(r.problems, []);
  });

  it('the active name picks its environment, case-insensitively; its own URLs, auth, SSL and logs replace the single-URL ones', () => {
    const r = resolveEnvironments([PROD, UAT], 'uat', BASE);
    assert.deepEqual(
      r.named.map((e) => e.name),
      ['Production', 'UAT'],
    );
    assert.equal(r.active.name, 'UAT');
    assert.equal(r.active.productionUrl, 'postgres://reader@uat-db/clearsight');
    assert.equal(r.active.reportingUrl, '', 'UAT has no reporting database: not the single-URL one');
    assert.equal(r.active.productionAuth, 'password');
    assert.equal(r.active.sslMode, '');
    assert.deepEqual(r.active.logs, { paths: ['logs/uat/**/*.log'], cloudwatchLogGroups: ['/clearsight/uat/engine'], cloudwatchRegion: 'eu-west-1' });
    const p = resolveEnvironments([PROD, UAT], 'Production', BASE).active;
    assert.equal(p.productionAuth, 'aws-iam');
    assert.equal(p.awsRegion, 'eu-west-1');
    assert.equal(p.sslMode, 'verify-full');
  });

  it('no active name: the first environment; an unknown name: the first, and a problem naming it', () => {
    assert.equal(resolveEnvironments([PROD, UAT], '', BASE).active.name, 'Production');
    const r = resolveEnvironments([PROD, UAT], 'Staging', BASE);
    assert.equal(r.active.name, 'Production');
    assert.deepEqual(r.problems, ["no environment is called 'Staging': using 'Production'"]);
  });

  it('broken entries are skipped with one line each; the rest still work', () => {
    const r = resolveEnvironments(
      [42, { productionUrl: 'postgres://x/y' }, { name: 'NoUrl' }, { name: 'Bad', productionUrl: 'postgres://x/y', productionAuth: 'kerberos' }, { name: 'Ssl', productionUrl: 'postgres://x/y', sslMode: 'maybe' }, UAT, { ...UAT, productionUrl: 'postgres://other/db', name: 'uat' }],
      'UAT',
      BASE,
    );
    assert.deepEqual(
      r.named.map((e) => e.name),
      ['UAT'],
    );
    assert.equal(r.active.productionUrl, 'postgres://reader@uat-db/clearsight', 'the first of two same-named entries');
    assert.deepEqual(r.problems, [
      'clearsight.environments[0] is not an object: skipped',
      'clearsight.environments[1] has no name: skipped',
      "environment 'NoUrl' has no productionUrl: skipped",
      "environment 'Bad': productionAuth must be password or aws-iam, not 'kerberos': skipped",
      "environment 'Ssl': unknown sslMode 'maybe': skipped",
      "environment 'uat' is defined twice: the first one is used",
    ]);
  });

  it('an active name without any environment falls back to the single-URL settings and says so', () => {
    const r = resolveEnvironments([], 'UAT', BASE);
    assert.equal(r.active.name, '');
    assert.equal(r.active.productionUrl, BASE.productionUrl);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0], /no environment is defined/);
  });

  it('a Power BI report per environment is kept; names and URLs are trimmed', () => {
    const e = parseEnvironment({ name: '  Dev ', productionUrl: ' postgres://dev/db ', powerBiReportUrl: ' https://app.powerbi.com/groups/me/reports/abc ' }, 0);
    assert.ok(typeof e !== 'string');
    assert.equal(e.name, 'Dev');
    assert.equal(e.productionUrl, 'postgres://dev/db');
    assert.equal(e.powerBiReportUrl, 'https://app.powerbi.com/groups/me/reports/abc');
  });
});
