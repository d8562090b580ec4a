// Mailpit's `tz` parameter: before:/after: dates written without an offset
// mean that wall-clock time in the named IANA zone, not in the server's.

export class TimeZoneError extends Error {}

function formatter(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    throw new TimeZoneError(`tz: ${JSON.stringify(timeZone)} is not a known time zone (use a name like Europe/Berlin)`);
  }
}

export function checkTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** The zone's offset from UTC at instant `t`, in ms. */
function offsetAt(t: number, fmt: Intl.DateTimeFormat): number {
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(t))) if (part.type !== "literal") p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p["year"] ?? 1970, (p["month"] ?? 1) - 1, p["day"] ?? 1, p["hour"] ?? 0, p["minute"] ?? 0, p["second"] ?? 0);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** The instant when the wall clock in `timeZone` reads the given time. */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const fmt = formatter(timeZone);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - offsetAt(wall, fmt);
  // Around a DST change the offset at the guess can differ from the offset at the answer.
  const second = wall - offsetAt(first, fmt);
  return second;
}
