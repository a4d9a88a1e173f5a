// Lines in the edge log format (docs/caching-and-edge.md, "Views from the cache's log"), for the tests of
// `visits ingest`, POST /_edge/log and the Varnish stack.

/** A desktop browser's user agent: counted as a person. */
export const browserAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** logLine is one JSON line as a cache logs a request; fields not given are those of a browser's GET answered 200. */
export function logLine(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    time: '2026-11-28T12:00:00Z',
    method: 'GET',
    url: '/opinion/full-piece',
    status: 200,
    client: '203.0.113.7',
    user_agent: browserAgent,
    sec_purpose: '-',
    purpose: '-',
    id: '-',
    ...fields,
  });
}

/**
 * mixedLog is a log of `humans` human views of slug from `readers` addresses, and between them bots, HEADs,
 * prefetches, other statuses and junk parameters that are not views, and unreadable lines: what each ingest
 * test counts. Ids are `<prefix>-<n>`.
 */
export function mixedLog(options: { slug: string; humans: number; readers: number; time?: string; prefix?: string }): { lines: string[]; bad: number } {
  const { slug, humans, readers, time = '2026-11-28T12:00:00Z', prefix = 'r' } = options;
  const lines: string[] = [];
  let bad = 0;
  const url = `/opinion/${slug}`;
  for (let i = 0; i < humans; i += 1) {
    const client = `198.51.100.${i % readers}`;
    lines.push(logLine({ time, url: i % 7 === 0 ? `${url}?utm_source=social` : url, client, id: `${prefix}-${lines.length}` }));
    if (i % 10 === 0) lines.push(logLine({ time, url, client, user_agent: 'Googlebot/2.1 (+http://www.google.com/bot.html)', id: `${prefix}-${lines.length}` }));
    if (i % 10 === 1) lines.push(logLine({ time, url, client, method: 'HEAD', id: `${prefix}-${lines.length}` }));
    if (i % 10 === 2) lines.push(logLine({ time, url, client, sec_purpose: 'prefetch;prerender', id: `${prefix}-${lines.length}` }));
    if (i % 10 === 3) lines.push(logLine({ time, url, client, status: 404, id: `${prefix}-${lines.length}` }));
    if (i % 10 === 4) lines.push(logLine({ time, url: `${url}?replyto=1`, client, id: `${prefix}-${lines.length}` }));
    if (i % 50 === 5) {
      lines.push('{"time": "not a time"');
      bad += 1;
    }
  }
  return { lines, bad };
}
