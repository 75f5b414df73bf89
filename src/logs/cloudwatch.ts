/**
 * Amazon CloudWatch Logs, read-only, with the official AWS SDK for JavaScript v3.
 *
 * One `FilterLogEvents` per log group over the run's window (`startTime`/`endTime`) with a
 * filter pattern matching any of the run's ids (`?"id" ?"ID" …`; CloudWatch terms are case
 * sensitive, so both cases), paginated with `nextToken` until the cap, cancellable through
 * the AbortSignal. The SDK retries (standard mode, `maxAttempts`) and every request has a
 * timeout. Credentials come from the standard AWS chain (environment, shared config and SSO
 * profiles, container/instance roles) through `fromNodeProviderChain`; nothing is stored.
 * A group prefix lists the groups with `DescribeLogGroups` first.
 *
 * Each event's message is parsed like a file record (a multi-line event — a traceback
 * shipped as one event by the agent's multi-line setting — keeps its stack); its own
 * timestamp wins over the event's, which is used when the message has none.
 */
import type { CloudWatchLogsClient, CloudWatchLogsClientConfig, FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { parseRecord } from './parse';
import type { LogLine, LogSearchOptions, LogSource, LogSourceResult, RunLogQuery } from './types';
import { DEFAULT_LOG_CAP, LogSourceError } from './types';

export interface CloudWatchSettings {
  region: string;
  /** Log group names (or ARNs). */
  logGroups: readonly string[];
  /** Every group whose name starts with this (listed with DescribeLogGroups; at most MAX_PREFIX_GROUPS). */
  logGroupPrefix?: string;
  /** A profile of the shared AWS config (~/.aws/config, SSO included); else the default chain. */
  profile?: string;
  /** Another endpoint (VPC endpoint, tests). */
  endpoint?: string;
  /** Per request, ms (default 15,000). */
  requestTimeoutMs?: number;
  /** SDK attempts per request, retries included (default 3). */
  maxAttempts?: number;
  /** Credentials other than the chain's (tests). */
  credentials?: CloudWatchLogsClientConfig['credentials'];
}

export const MAX_PREFIX_GROUPS = 50;
const PAGE_LIMIT = 10_000;

/** The filter pattern matching any of the ids (lower and upper case). */
export function idFilterPattern(ids: readonly string[]): string {
  const terms: string[] = [];
  for (const id of ids) for (const v of [id.toLowerCase(), id.toUpperCase()]) if (!terms.includes(v)) terms.push(v);
  return terms.map((t) => `?"${t}"`).join(' ');
}

/** The console's own escaping of fragment parts: URI-encoded, `%` written `$`. */
function consoleEscape(text: string): string {
  return encodeURIComponent(text).replace(/%/g, '$');
}

/** The CloudWatch console page of a log stream around `ms` (± 1 minute), filtered to the record. */
export function consoleUrl(region: string, group: string, stream: string, ms: number): string {
  const query = `?start=${ms - 60_000}&end=${ms + 60_000}`;
  return (
    `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${encodeURIComponent(region)}` +
    `#logsV2:log-groups/log-group/${consoleEscape(encodeURIComponent(group))}/log-events/${consoleEscape(encodeURIComponent(stream))}${consoleEscape(query)}`
  );
}

/** One clear message for an SDK error (never credentials). */
export function cloudWatchMessage(err: unknown, settings: Pick<CloudWatchSettings, 'region' | 'profile'>, group?: string): string {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? '';
  const where = `${group ? `log group ${group}` : 'CloudWatch Logs'} in ${settings.region}`;
  switch (name) {
    case 'ThrottlingException':
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return `CloudWatch Logs is throttling requests (${name}) for ${where}, even after the SDK's retries: try again in a minute, or narrow the time margin`;
    case 'AccessDeniedException':
    case 'UnauthorizedOperation':
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'ExpiredTokenException':
      return `no permission to read ${where} (${name}): the AWS credentials${settings.profile ? ` of profile ${settings.profile}` : ''} need logs:FilterLogEvents${group ? '' : ' and logs:DescribeLogGroups'}${name === 'ExpiredTokenException' ? ' (the session expired: sign in again, e.g. aws sso login)' : ''}`;
    case 'ResourceNotFoundException':
      return `${where} does not exist`;
    case 'CredentialsProviderError':
    case 'ProviderError':
      return `no AWS credentials found for CloudWatch Logs (environment, ${settings.profile ? `profile ${settings.profile}` : 'shared config / SSO profile'}, instance role): ${e.message ?? name}`;
    case 'TimeoutError':
    case 'RequestTimeout':
      return `CloudWatch Logs did not answer in time for ${where}`;
    case 'InvalidParameterException':
      return `CloudWatch Logs refused the request for ${where}: ${e.message ?? name}`;
    default:
      return `CloudWatch Logs error for ${where}: ${name ? `${name}: ` : ''}${e?.message ?? String(err)}`;
  }
}

/** Builds the SDK client (the SDK loads now): standard retries, a request timeout, the default credential chain. */
export async function cloudWatchClient(settings: CloudWatchSettings): Promise<CloudWatchLogsClient> {
  const timeout = settings.requestTimeoutMs ?? 15_000;
  // The SDK loads with the first search (dist/aws.js in the bundles: esbuild.mjs).
  const [{ CloudWatchLogsClient }, { fromNodeProviderChain }] = await Promise.all([import('@aws-sdk/client-cloudwatch-logs'), import('@aws-sdk/credential-providers')]);
  return new CloudWatchLogsClient({
    region: settings.region,
    endpoint: settings.endpoint,
    maxAttempts: settings.maxAttempts ?? 3,
    retryMode: 'standard',
    credentials: settings.credentials ?? fromNodeProviderChain(settings.profile ? { profile: settings.profile } : {}),
    requestHandler: { requestTimeout: timeout, connectionTimeout: Math.min(timeout, 5_000) },
  });
}

export class CloudWatchLogSource implements LogSource {
  readonly kind = 'cloudwatch' as const;
  readonly label: string;
  private client: Promise<CloudWatchLogsClient> | null = null;

  constructor(readonly settings: CloudWatchSettings) {
    const groups = [...settings.logGroups, ...(settings.logGroupPrefix ? [`${settings.logGroupPrefix}*`] : [])];
    this.label = `CloudWatch ${settings.region}: ${groups.join(', ')}`;
  }

  private sdk(): Promise<CloudWatchLogsClient> {
    this.client ??= cloudWatchClient(this.settings);
    return this.client;
  }

  /** The groups to search: the named ones, then those with the prefix. */
  async groups(signal?: AbortSignal): Promise<{ groups: string[]; notes: string[] }> {
    const groups = [...this.settings.logGroups];
    const notes: string[] = [];
    const prefix = this.settings.logGroupPrefix;
    if (prefix) {
      let nextToken: string | undefined;
      do {
        let page;
        try {
          const [client, { DescribeLogGroupsCommand }] = await Promise.all([this.sdk(), import('@aws-sdk/client-cloudwatch-logs')]);
          page = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, nextToken }), { abortSignal: signal });
        } catch (err) {
          if (signal?.aborted) throw err;
          throw new LogSourceError('cloudwatch', cloudWatchMessage(err, this.settings));
        }
        for (const g of page.logGroups ?? []) if (g.logGroupName && !groups.includes(g.logGroupName)) groups.push(g.logGroupName);
        nextToken = page.nextToken;
        if (groups.length >= MAX_PREFIX_GROUPS + this.settings.logGroups.length) {
          if (nextToken) notes.push(`more than ${MAX_PREFIX_GROUPS} log groups start with ${prefix}: only the first ${MAX_PREFIX_GROUPS} are searched`);
          break;
        }
      } while (nextToken);
      if (groups.length === 0) notes.push(`no log group starts with ${prefix} in ${this.settings.region}`);
    }
    return { groups, notes };
  }

  async search(query: RunLogQuery, options: LogSearchOptions = {}): Promise<LogSourceResult> {
    const cap = options.cap ?? DEFAULT_LOG_CAP;
    const signal = options.signal;
    const { groups, notes } = await this.groups(signal);
    if (groups.length === 0 && notes.length === 0) throw new LogSourceError('cloudwatch', 'no CloudWatch log group configured');
    const lines: LogLine[] = [];
    const filterPattern = idFilterPattern(query.ids);
    const startTime = Date.parse(query.from);
    const endTime = Date.parse(query.to);
    const failures: string[] = [];
    let truncated = false;
    for (const group of groups) {
      let nextToken: string | undefined;
      try {
        do {
          const [client, { FilterLogEventsCommand }] = await Promise.all([this.sdk(), import('@aws-sdk/client-cloudwatch-logs')]);
          const page = await client.send(
            new FilterLogEventsCommand({
              ...(group.startsWith('arn:') ? { logGroupIdentifier: group } : { logGroupName: group }),
              startTime,
              endTime,
              filterPattern,
              limit: Math.min(PAGE_LIMIT, cap - lines.length + 1),
              nextToken,
            }),
            { abortSignal: signal },
          );
          for (const ev of page.events ?? []) {
            if (lines.length >= cap) {
              truncated = true;
              break;
            }
            const line = this.toLine(group, ev, query);
            if (line) lines.push(line);
          }
          nextToken = truncated ? undefined : page.nextToken;
        } while (nextToken && !signal?.aborted);
        if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
      } catch (err) {
        if (signal?.aborted) throw err;
        failures.push(cloudWatchMessage(err, this.settings, group));
      }
      if (truncated) break;
    }
    // Every group failed: one clear message for the source; some failed: notes.
    if (failures.length > 0 && failures.length === groups.length) throw new LogSourceError('cloudwatch', failures[0]);
    return { lines, truncated, notes: [...notes, ...failures] };
  }

  /**
   * Every event of one group in [startTime, endTime] (ms), page by page (the log load,
   * src/etl/logs): FilterLogEvents without a filter pattern, `nextToken` until the end. An
   * SDK failure rejects with the source's one clear message (LogSourceError).
   */
  async *events(group: string, startTime: number, endTime: number, signal?: AbortSignal): AsyncGenerator<FilteredLogEvent[]> {
    let nextToken: string | undefined;
    do {
      let page;
      try {
        const [client, { FilterLogEventsCommand }] = await Promise.all([this.sdk(), import('@aws-sdk/client-cloudwatch-logs')]);
        page = await client.send(
          new FilterLogEventsCommand({
            ...(group.startsWith('arn:') ? { logGroupIdentifier: group } : { logGroupName: group }),
            startTime,
            endTime,
            limit: PAGE_LIMIT,
            nextToken,
          }),
          { abortSignal: signal },
        );
      } catch (err) {
        if (signal?.aborted) throw err;
        throw new LogSourceError('cloudwatch', cloudWatchMessage(err, this.settings, group));
      }
      yield page.events ?? [];
      nextToken = page.nextToken;
    } while (nextToken && !signal?.aborted);
    if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
  }

  private toLine(group: string, ev: FilteredLogEvent, query: RunLogQuery): LogLine | null {
    const text = (ev.message ?? '').replace(/\r?\n$/, '');
    const entry = parseRecord(text.split(/\r?\n/));
    if (!query.ids.some((id) => entry.ids.includes(id))) return null; // a filter term inside a longer token
    const eventTime = typeof ev.timestamp === 'number' ? new Date(ev.timestamp).toISOString() : null;
    const stream = ev.logStreamName ?? '';
    return {
      timestamp: entry.timestamp ?? eventTime,
      level: entry.level,
      source: 'cloudwatch',
      message: entry.message,
      stack: entry.stack,
      ids: entry.ids,
      origin: stream ? `${group} / ${stream}` : group,
      line: null,
      url: typeof ev.timestamp === 'number' ? consoleUrl(this.settings.region, group, stream, ev.timestamp) : null,
    };
  }

  dispose(): void {
    void this.client?.then((c) => c.destroy(), () => undefined);
    this.client = null;
  }
}
