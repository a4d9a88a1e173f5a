const dayFormats = new Map<string, Intl.DateTimeFormat>();

// The last answer per zone, by minute: every request asks, and days only change on a minute boundary
// (every current zone's offset is a whole number of minutes).
const lastDay = new Map<string, { minute: number; day: string }>();

/** dayIn returns the calendar day (YYYY-MM-DD) that the instant ts falls on in timeZone. */
export function dayIn(timeZone: string, ts: number): string {
  const minute = Math.floor(ts / 60_000);
  const last = lastDay.get(timeZone);
  if (last?.minute === minute) return last.day;
  const day = formatDay(timeZone, ts);
  lastDay.set(timeZone, { minute, day });
  return day;
}

function formatDay(timeZone: string, ts: number): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD; formatToParts keeps us independent of that convention anyway.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ts)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** daysBefore returns the calendar day n days before day (both YYYY-MM-DD), whatever the time zone. */
export function daysBefore(day: string, n: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date - n)).toISOString().slice(0, 10);
}
