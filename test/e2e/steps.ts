/** Numbered, timed steps: every step logs `step N: …`, and a failure says which step broke. */

export class StepError extends Error {
  constructor(
    readonly step: number,
    readonly title: string,
    override readonly cause: unknown,
  ) {
    super(`step ${step} (${title}) failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export class Steps {
  private n = 0;
  private readonly started = Date.now();
  /** The last step begun, for the failure report. */
  current: { n: number; title: string } | undefined;

  elapsed(): string {
    return `${((Date.now() - this.started) / 1000).toFixed(1)}s`;
  }

  log(message: string): void {
    console.log(`        [${this.elapsed()}] ${message}`);
  }

  /** Runs one step; it fails when fn throws or takes longer than timeoutMs. */
  async step<T>(title: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
    const n = ++this.n;
    this.current = { n, title };
    console.log(`step ${n}: ${title} [${this.elapsed()}]`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    });
    try {
      return await Promise.race([fn(), timeout]);
    } catch (err) {
      throw err instanceof StepError ? err : new StepError(n, title, err);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Polls until check() returns a value other than undefined/false, at most timeoutMs. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${why}`);
}
