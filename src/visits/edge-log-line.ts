import type { IncomingHttpHeaders } from 'node:http';

/**
 * One request as a cache logged it: the fields of the edge log format (docs/caching-and-edge.md, "Views from
 * the cache's log"), one JSON object per line.
 */
export interface LoggedRequest {
  /** When the cache received the request, epoch ms. */
  ts: number;
  method: string;
  /** The path and query the reader asked for. */
  url: string;
  status: number;
  /** The reader's address as the cache saw it (never stored: hashed with the day's salt). */
  client: string;
  userAgent: string;
  /** The prefetch headers, as the origin reads them (visits/request.ts isPrefetch). */
  headers: IncomingHttpHeaders;
  /** The cache's id for the request, if it logs one. */
  id: string | undefined;
}

// varnishncsa, nginx and most CDNs write "-" for a header the request did not carry.
const absent = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' && value !== '-' ? value : undefined);

/**
 * logTime reads the time field: an ISO 8601 / RFC 3339 string with a zone (varnishncsa's strftime, Fastly,
 * CloudFront), or a number of seconds, milliseconds or nanoseconds since the epoch (Cloudflare's
 * EdgeStartTimestamp in its unix, unixnano or rfc3339 formats), told apart by size.
 */
export function logTime(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    if (value < 1e11) return Math.round(value * 1000);
    if (value < 1e14) return Math.round(value);
    return Math.round(value / 1e6);
  }
  // A zone is required: a time without one would be read in this machine's zone, and move the day.
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)$/.test(value)) return undefined;
  const ts = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(ts) ? undefined : ts;
}

// An absolute URL (CloudFront and some CDNs log one) is read as its path and query.
function requestTarget(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (value.startsWith('/')) return value;
  if (!/^https?:\/\//i.test(value)) return undefined;
  try {
    const url = new URL(value);
    return url.pathname + url.search;
  } catch {
    return undefined;
  }
}

/**
 * parseLogLine reads one line of the edge log format, or says why it cannot: a line that is not a JSON object,
 * or lacks a field counting needs (time, method, url, status, client), is a bad line. Missing user agent and
 * purpose fields read as absent, as "-" does.
 */
export function parseLogLine(line: string): LoggedRequest | { problem: string } {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return { problem: 'not JSON' };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return { problem: 'not a JSON object' };
  const fields = record as Record<string, unknown>;
  const ts = logTime(fields.time);
  if (ts === undefined) return { problem: 'time missing or without a zone' };
  const method = absent(fields.method);
  if (!method) return { problem: 'method missing' };
  const url = requestTarget(fields.url);
  if (!url) return { problem: 'url missing or not a path' };
  const status = Number(fields.status);
  if (!Number.isInteger(status) || status < 100 || status > 599) return { problem: 'status missing or not an HTTP status' };
  const client = absent(fields.client);
  if (!client) return { problem: 'client missing' };
  const headers: IncomingHttpHeaders = {};
  const secPurpose = absent(fields.sec_purpose);
  const purpose = absent(fields.purpose);
  if (secPurpose) headers['sec-purpose'] = secPurpose;
  if (purpose) headers.purpose = purpose;
  const id = fields.id === undefined || fields.id === null ? undefined : String(fields.id);
  return { ts, method, url, status, client, userAgent: absent(fields.user_agent) ?? '', headers, id: absent(id) };
}
