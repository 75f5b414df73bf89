import assert from 'node:assert/strict';
import { CloudWatchLogSource, consoleUrl, idFilterPattern, type CloudWatchSettings } from '../../../src/logs/cloudwatch';
import { collectRunLogs, runLogQuery } from '../../../src/logs/search';
import { FakeCloudWatch } from '../../fakeCloudWatch';

const RUN = '3f2a1b4c-1111-2222-3333-444455556666';
const REQ = '9e2a1b4c-aaaa-2222-3333-444455556666';
const SCEN = '5c2a1b4c-bbbb-2222-3333-444455556666';
const OTHER = '7d2a1b4c-cccc-2222-3333-444455556666';
const run = { run_id: RUN, run_req_id: REQ, scenario_id: SCEN, run_at: '2026-03-01T10:00:00.000Z', run_complete_at: '2026-03-01T10:05:00.000Z' };
const T0 = Date.parse('2026-03-01T10:00:00Z');

describe('CloudWatch Logs source (real SDK client, local endpoint)', () => {
  const fake = new FakeCloudWatch();
  let endpoint = '';
  before(async () => {
    endpoint = await fake.start();
  });
  after(() => fake.stop());
  beforeEach(() => {
    fake.requests = [];
    fake.flakyFailures = 0;
    fake.groups = {
      '/clearsight/engine': [
        { logStreamName: 'engine/i-0abc', timestamp: T0 - 20 * 60_000, message: `2026-03-01 09:40:00,000 INFO run ${RUN} queued` }, // outside the window
        { logStreamName: 'engine/i-0abc', timestamp: T0, message: `2026-03-01 10:00:00,000 INFO [engine.run] run ${RUN} started` },
        { logStreamName: 'engine/i-0abc', timestamp: T0 + 1000, message: `2026-03-01 10:00:01,000 INFO [engine.run] run ${OTHER} started` },
        {
          logStreamName: 'engine/i-0abc',
          timestamp: T0 + 240_000,
          message: `2026-03-01 10:04:00,000 ERROR [engine.calc] run=${RUN} node 'Net revenue' failed\nTraceback (most recent call last):\n  File "/opt/engine/calc.py", line 9, in evaluate\nZeroDivisionError: division by zero\n`,
        },
        { logStreamName: 'engine/i-0def', timestamp: T0 + 60_000, message: `{"level":"warning","msg":"slow node","request_id":"${REQ.toUpperCase()}"}` },
        { logStreamName: 'engine/i-0def', timestamp: T0 + 61_000, message: `2026-03-01 10:01:01,000 DEBUG scenario ${SCEN} inputs loaded` },
      ],
      '/clearsight/worker': [{ logStreamName: 'w-1', timestamp: T0 + 30_000, message: `2026-03-01 10:00:30,000 INFO picked up ${REQ}` }],
      '/clearsight/flaky': [{ logStreamName: 'f', timestamp: T0 + 5000, message: `2026-03-01 10:00:05,000 INFO run ${RUN} ok` }],
    };
  });
  const settings = (over: Partial<CloudWatchSettings>): CloudWatchSettings => ({
    region: 'eu-west-1',
    logGroups: ['/clearsight/engine'],
    endpoint,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    maxAttempts: 2,
    requestTimeoutMs: 5000,
    ...over,
  });

  it('filters by the run’s ids and window, follows nextToken, parses records and links the console', async () => {
    const logs = await collectRunLogs(runLogQuery(run, 10), [new CloudWatchLogSource(settings({}))]);
    assert.deepEqual(
      logs.lines.map((l) => [l.timestamp, l.level, l.message, l.origin]),
      [
        ['2026-03-01T10:00:00.000Z', 'INFO', `[engine.run] run ${RUN} started`, '/clearsight/engine / engine/i-0abc'],
        ['2026-03-01T10:01:00.000Z', 'WARN', 'slow node', '/clearsight/engine / engine/i-0def'],
        ['2026-03-01T10:01:01.000Z', 'DEBUG', `scenario ${SCEN} inputs loaded`, '/clearsight/engine / engine/i-0def'],
        ['2026-03-01T10:04:00.000Z', 'ERROR', `[engine.calc] run=${RUN} node 'Net revenue' failed`, '/clearsight/engine / engine/i-0abc'],
      ],
    );
    assert.equal(logs.lines[3].stack, 'Traceback (most recent call last):\n  File "/opt/engine/calc.py", line 9, in evaluate\nZeroDivisionError: division by zero');
    assert.ok(logs.lines.every((l) => l.source === 'cloudwatch' && l.line === null));
    assert.match(logs.lines[0].url!, /^https:\/\/eu-west-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=eu-west-1#logsV2:log-groups\/log-group\/\$252Fclearsight\$252Fengine\/log-events\/engine\$252Fi-0abc\$3Fstart\$3D/);
    const calls = fake.requests.filter((r) => r.target.endsWith('FilterLogEvents'));
    assert.equal(calls.length, 2, 'two pages of two events');
    assert.equal(calls[1].body.nextToken, '2');
    assert.equal(calls[0].body.startTime, T0 - 600_000);
    assert.equal(calls[0].body.endTime, T0 + 300_000 + 600_000);
    assert.equal(calls[0].body.filterPattern, idFilterPattern([RUN, REQ, SCEN]));
    assert.match(calls[0].auth, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/logs\/aws4_request/);
  });

  it('stops at the cap and says so', async () => {
    const logs = await collectRunLogs(runLogQuery(run, 10), [new CloudWatchLogSource(settings({}))], { cap: 3 });
    assert.equal(logs.lines.length, 3);
    assert.equal(logs.truncated, true);
  });

  it('lists groups by prefix (paginated) and searches each', async () => {
    const logs = await collectRunLogs(runLogQuery(run, 10), [new CloudWatchLogSource(settings({ logGroups: [], logGroupPrefix: '/clearsight/' }))]);
    assert.equal(fake.requests.filter((r) => r.target.endsWith('DescribeLogGroups')).length, 2);
    assert.deepEqual([...new Set(logs.lines.map((l) => l.origin.split(' / ')[0]))].sort(), ['/clearsight/engine', '/clearsight/flaky', '/clearsight/worker']);
  });

  it('the SDK retries a throttled request', async () => {
    const logs = await collectRunLogs(runLogQuery(run, 10), [new CloudWatchLogSource(settings({ logGroups: ['/clearsight/flaky'] }))]);
    assert.equal(logs.lines.length, 1);
    assert.equal(fake.requests.length, 2);
    assert.equal(logs.sources[0].error, null);
  });

  it('persistent throttling and access denied give one clear message each', async () => {
    const throttled = await collectRunLogs(runLogQuery(run, 10), [new CloudWatchLogSource(settings({ logGroups: ['/clearsight/throttled'] }))]);
    assert.equal(throttled.lines.length, 0);
    assert.equal(
      throttled.sources[0].error,
      "CloudWatch Logs is throttling requests (ThrottlingException) for log group /clearsight/throttled in eu-west-1, even after the SDK's retries: try again in a minute, or narrow the time margin",
    );
    assert.equal(fake.requests.length, 2, 'maxAttempts 2');
    const denied = await collectRunLogs(runLogQuery(run, 10), [new CloudWatchLogSource(settings({ logGroups: ['/clearsight/denied'], profile: 'rca' }))]);
    assert.equal(denied.sources[0].error, 'no permission to read log group /clearsight/denied in eu-west-1 (AccessDeniedException): the AWS credentials of profile rca need logs:FilterLogEvents');
    // One group denied, another fine: the lines, and a note.
    const mixed = await collectRunLogs(runLogQuery(run, 10), [new CloudWatchLogSource(settings({ logGroups: ['/clearsight/denied', '/clearsight/worker'] }))]);
    assert.equal(mixed.lines.length, 1);
    assert.equal(mixed.sources[0].error, null);
    assert.match(mixed.sources[0].notes[0], /^no permission to read log group \/clearsight\/denied/);
    const missing = await collectRunLogs(runLogQuery(run, 10), [new CloudWatchLogSource(settings({ logGroups: ['/nope'] }))]);
    assert.equal(missing.sources[0].error, 'log group /nope in eu-west-1 does not exist');
  });

  it('cancels', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(collectRunLogs(runLogQuery(run, 10), [new CloudWatchLogSource(settings({}))], { signal: ac.signal }));
  });

  it('builds console URLs and filter patterns', () => {
    assert.equal(idFilterPattern(['ab-1']), '?"ab-1" ?"AB-1"');
    assert.equal(
      consoleUrl('us-east-1', '/a b', 's/1', 120_000),
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Fa$2520b/log-events/s$252F1$3Fstart$3D60000$26end$3D180000',
    );
  });
});
