/**
 * Failed authentications per client, in fixed windows: once a client has failed `max` times
 * in a window, every request of it is refused until the window ends, the right token
 * included (otherwise the answer would tell a good guess from a bad one). The clock is
 * injected, so tests move time instead of waiting.
 */
export interface AuthLimiterOptions {
  max: number;
  windowMs: number;
  now: () => number;
  /** Clients remembered at most (the oldest window is dropped first). Default 10,000. */
  maxClients?: number;
}

interface Window {
  failures: number;
  endsAt: number;
}

export class AuthLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly o: AuthLimiterOptions) {}

  /** Milliseconds until `client` may try again; 0 when it may now. */
  blockedFor(client: string): number {
    const w = this.windows.get(client);
    if (!w) return 0;
    const left = w.endsAt - this.o.now();
    if (left <= 0) {
      this.windows.delete(client);
      return 0;
    }
    return w.failures >= this.o.max ? left : 0;
  }

  /** Counts a failed authentication; true when it was the one that reached the limit. */
  fail(client: string): boolean {
    const now = this.o.now();
    let w = this.windows.get(client);
    if (!w || w.endsAt <= now) {
      this.windows.delete(client);
      this.prune(now);
      w = { failures: 0, endsAt: now + this.o.windowMs };
      this.windows.set(client, w);
    }
    w.failures++;
    return w.failures === this.o.max;
  }

  private prune(now: number): void {
    const cap = this.o.maxClients ?? 10_000;
    if (this.windows.size < cap) return;
    for (const [client, w] of this.windows) if (w.endsAt <= now) this.windows.delete(client);
    // Still full: windows are kept in the order they opened, so the first is the oldest.
    for (const client of this.windows.keys()) {
      if (this.windows.size < cap) break;
      this.windows.delete(client);
    }
  }
}
