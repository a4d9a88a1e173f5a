import autocannon from 'autocannon';

/** What one load run measured. */
export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  bytesPerResponse: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** How many times each pair (reference, then target) is measured; results are averaged. */
  rounds: number;
  headers: Record<string, string>;
}

function once(url: string, connections: number, seconds: number, headers: Record<string, string>) {
  return autocannon({ url, connections, duration: seconds, headers, pipelining: 1 });
}

/**
 * runLoad warms url up (filling caches and JIT; discarded), then loads it with `connections` keep-alive
 * connections for `seconds`, as autocannon measures: mean requests per second, latency percentiles.
 */
export async function runLoad(url: string, options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await once(url, options.connections, options.warmupSeconds, options.headers);
  const result = await once(url, options.connections, options.seconds, options.headers);
  const requests = result.requests.total;
  return {
    requestsPerSecond: requests / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    bytesPerResponse: requests > 0 ? result.throughput.total / requests : 0,
    requests,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** averageLoad combines rounds of the same measurement: means of rates and latencies, sums of counts. */
export function averageLoad(results: readonly LoadResult[]): LoadResult {
  const mean = (pick: (r: LoadResult) => number) => results.reduce((sum, r) => sum + pick(r), 0) / results.length;
  const sum = (pick: (r: LoadResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    requestsPerSecond: mean((r) => r.requestsPerSecond),
    p50Ms: mean((r) => r.p50Ms),
    p99Ms: mean((r) => r.p99Ms),
    bytesPerResponse: mean((r) => r.bytesPerResponse),
    requests: sum((r) => r.requests),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
  };
}

/**
 * runPair measures a target against a reference under the same conditions: both warmed up, then
 * reference and target back to back, `rounds` times, so a change in the machine's load hits both alike.
 */
export async function runPair(
  referenceUrl: string,
  targetUrl: string,
  options: LoadOptions,
): Promise<{ reference: LoadResult; target: LoadResult; rounds: { reference: LoadResult; target: LoadResult }[] }> {
  const noWarmup = { ...options, warmupSeconds: 0 };
  const rounds: { reference: LoadResult; target: LoadResult }[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const warm = round === 0 ? options : noWarmup;
    const reference = await runLoad(referenceUrl, warm);
    const target = await runLoad(targetUrl, warm);
    rounds.push({ reference, target });
  }
  return { reference: averageLoad(rounds.map((r) => r.reference)), target: averageLoad(rounds.map((r) => r.target)), rounds };
}
