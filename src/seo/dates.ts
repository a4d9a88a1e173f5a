import type { ChangeDates } from '../db/feeds.js';

/** A moment as written (with its offset, as an RFC 3339 date-time) and as epoch ms. */
export interface Moment {
  iso: string;
  ts: number;
}

/**
 * rfc3339 returns a stored date with seconds always present: front matter may omit them
 * ("2026-10-14T07:30-04:00"), but Atom, JSON Feed and schema.org dates need a full RFC 3339 time.
 */
export function rfc3339(iso: string): string {
  return iso.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?=(?:Z|[+-]\d{2}:\d{2})$)/, '$1:00');
}

/** utcDateTime shows epoch ms as a W3C date-time in UTC without milliseconds, for sitemaps. */
export function utcDateTime(ts: number): string {
  return new Date(ts).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** httpDate shows epoch ms as an RFC 7231 / RFC 822 date, as Last-Modified and RSS pubDate need. */
export function httpDate(ts: number): string {
  return new Date(ts).toUTCString();
}

/**
 * latestChange is a piece's one honest "modified" date: the latest of its publication, the editor's
 * updated date and its newest correction, keeping the offset it was written with.
 */
export function latestChange(dates: ChangeDates): Moment {
  let latest: Moment = { iso: dates.publishedAt, ts: dates.publishedTs };
  if (dates.updatedAt !== null && dates.updatedTs !== null && dates.updatedTs > latest.ts) {
    latest = { iso: dates.updatedAt, ts: dates.updatedTs };
  }
  if (dates.correctedAt !== null && dates.correctedTs !== null && dates.correctedTs > latest.ts) {
    latest = { iso: dates.correctedAt, ts: dates.correctedTs };
  }
  return { iso: rfc3339(latest.iso), ts: latest.ts };
}

/** isOwnUrl says whether an absolute URL is on this site, so a canonical pointing home is not "elsewhere". */
export function isOwnUrl(url: string, siteUrl: string): boolean {
  return url === siteUrl || url.startsWith(`${siteUrl}/`);
}
