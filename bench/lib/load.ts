// One load run with autocannon, summed up as the report shows it.
import autocannon, { type Options, type Request } from 'autocannon';

export interface LoadSummary {
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  ok: number;
  /** Answers outside 2xx/3xx, and connection errors or timeouts. */
  failed: number;
  durationSeconds: number;
}

export interface LoadRun {
  url: string;
  connections: number;
  durationSeconds: number;
  requests?: Request[];
  headers?: Record<string, string>;
  /** Called once per connection: its own headers (a session cookie, say). */
  setupClient?: Options['setupClient'];
}

export async function runLoad(run: LoadRun): Promise<LoadSummary> {
  const result = await autocannon({
    url: run.url,
    connections: run.connections,
    duration: run.durationSeconds,
    ...(run.requests ? { requests: run.requests } : {}),
    ...(run.headers ? { headers: run.headers } : {}),
    ...(run.setupClient ? { setupClient: run.setupClient } : {}),
  });
  const ok = result['2xx'] + result['3xx'];
  return {
    requestsPerSecond: Math.round(ok / result.duration),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    ok,
    failed: result['4xx'] + result['5xx'] + result.errors,
    durationSeconds: Math.round(result.duration * 10) / 10,
  };
}

/** A short run first, so the JIT and the caches are warm when it counts. */
/** The run after a warm-up; `warmupRequests`: how many the warm-up sent (answered or not). */
export async function warmThenRun(
  run: LoadRun,
  warmupSeconds: number,
): Promise<LoadSummary & { warmupRequests: number }> {
  const warmup = await runLoad({ ...run, durationSeconds: warmupSeconds });
  return { ...(await runLoad(run)), warmupRequests: warmup.ok + warmup.failed };
}
