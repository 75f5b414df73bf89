/** A local stand-in for the CloudWatch Logs API (127.0.0.1 only), for the SDK client's tests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Ev {
  logStreamName: string;
  timestamp: number;
  message: string;
}

/**
 * A local endpoint speaking the CloudWatch Logs JSON 1.1 protocol for FilterLogEvents and
 * DescribeLogGroups: pages of two events, `?"term"` OR filter patterns (none: every event), time bounds, and
 * groups that answer with ThrottlingException (always, or once) or AccessDeniedException.
 */
export class FakeCloudWatch {
  server: Server;
  requests: Array<{ target: string; body: Record<string, unknown>; auth: string }> = [];
  groups: Record<string, Ev[]> = {};
  flakyFailures = 0;
  constructor() {
    this.server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const body = JSON.parse(data || '{}') as Record<string, unknown>;
        this.requests.push({ target, body, auth: String(req.headers.authorization ?? '') });
        const send = (status: number, payload: unknown): void => {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${this.requests.length}` });
          res.end(JSON.stringify(payload));
        };
        const error = (type: string, message: string): void => send(400, { __type: type, message });
        if (target === 'Logs_20140328.DescribeLogGroups') {
          const names = Object.keys(this.groups)
            .filter((g) => g.startsWith(String(body.logGroupNamePrefix ?? '')))
            .sort();
          const from = Number(body.nextToken ?? 0);
          const page = names.slice(from, from + 2);
          return send(200, { logGroups: page.map((logGroupName) => ({ logGroupName })), ...(from + 2 < names.length ? { nextToken: String(from + 2) } : {}) });
        }
        if (target !== 'Logs_20140328.FilterLogEvents') return error('UnknownOperationException', target);
        const group = String(body.logGroupName ?? body.logGroupIdentifier);
        if (group.includes('throttled')) return error('ThrottlingException', 'Rate exceeded');
        if (group.includes('denied')) return error('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: logs:FilterLogEvents');
        if (group.includes('flaky') && this.flakyFailures++ === 0) return error('ThrottlingException', 'Rate exceeded');
        if (!(group in this.groups)) return error('ResourceNotFoundException', 'The specified log group does not exist.');
        const terms = [...String(body.filterPattern).matchAll(/\?"([^"]+)"/g)].map((m) => m[1]);
        const events = this.groups[group].filter(
          (e) => e.timestamp >= Number(body.startTime) && e.timestamp <= Number(body.endTime) && (terms.length === 0 || terms.some((t) => e.message.includes(t))),
        );
        const from = Number(body.nextToken ?? 0);
        const size = Math.min(2, Number(body.limit ?? 2));
        const page = events.slice(from, from + size).map((e, i) => ({ ...e, eventId: `${from + i}`, ingestionTime: e.timestamp + 1 }));
        return send(200, { events: page, searchedLogStreams: [], ...(from + size < events.length ? { nextToken: String(from + size) } : {}) });
      });
    });
  }
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
