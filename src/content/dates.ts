// ISO 8601 with a date, a time and an explicit zone: a piece published "at 8 o'clock" without a zone
// could be any of 24 instants, so we refuse to guess.
const zonedDateTime = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A moment as the editor wrote it (with its offset) and as epoch milliseconds for ordering. */
export interface ZonedDate {
  readonly iso: string;
  readonly ts: number;
}

/** parseZonedDate accepts `2026-10-14T07:30:00-04:00` (or `Z`) and returns undefined for anything else. */
export function parseZonedDate(value: unknown): ZonedDate | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const match = zonedDateTime.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const check = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s || 0));
  // Reject dates that Date would silently roll over, such as 2026-02-30.
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59 || (s ?? 0) > 59) {
    return undefined;
  }
  const ts = Date.parse(text.replace(' ', 'T'));
  return Number.isNaN(ts) ? undefined : { iso: text.replace(' ', 'T'), ts };
}

const wallClock = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const numericOffset = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)\s*([+-])(\d{2}):?(\d{2})$/;

/** offsetAt returns a zone's offset from UTC, in minutes, at an instant. */
function offsetAt(ts: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(new Date(ts))
    .reduce<Record<string, number>>((all, part) => (part.type === 'literal' ? all : { ...all, [part.type]: Number(part.value) }), {});
  return (Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - ts) / 60_000;
}

/** formatOffset writes minutes east of UTC as `+02:00`, `-04:00` or `Z`. */
function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * parseLocalDate reads a date as other systems write it, in the site's time zone when it names none: a date
 * alone (`2026-10-04`, midnight), a wall-clock time (`2026-10-04 12:00:00`, as WordPress's local post_date), a
 * numeric offset with a space (`2026-10-04 12:00:00 +0200`, as Jekyll and Hugo write) or full ISO 8601. An
 * impossible date or an unknown zone is undefined. A wall-clock time that a clock change skips or repeats
 * (an hour a year) is read with one of the two offsets around the change.
 */
export function parseLocalDate(value: unknown, timeZone: string): ZonedDate | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const zoned = parseZonedDate(text);
  if (zoned) return zoned;
  const offset = numericOffset.exec(text);
  if (offset) {
    const [, day, time, sign, hours, minutes] = offset;
    return parseZonedDate(`${day}T${time!.length === 5 ? `${time}:00` : time}${sign}${hours}:${minutes}`);
  }
  const match = wallClock.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  const asUtc = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  const utc = parseZonedDate(`${asUtc}Z`);
  if (!utc) return undefined;
  let minutes: number;
  try {
    // The offset at the wall-clock time read as UTC is right except within hours of a change; one more step fixes that.
    minutes = offsetAt(utc.ts - offsetAt(utc.ts, timeZone) * 60_000, timeZone);
  } catch {
    return undefined;
  }
  return parseZonedDate(`${asUtc}${formatOffset(minutes)}`);
}
