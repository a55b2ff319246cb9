// Timestamps as agents write them into HEARTBEAT: `date`'s default output (often as
// "$(date): alive"), ISO 8601, or epoch seconds. Pure.

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

/** Offsets in minutes for the zone abbreviations `date` commonly prints. */
const ZONES: Record<string, number> = {
  UTC: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, IST: 330, CET: 60, CEST: 120, EET: 120, EEST: 180,
  MSK: 180, JST: 540, KST: 540, AEST: 600, AEDT: 660, ACST: 570, AWST: 480, NZST: 720, NZDT: 780,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420, AKST: -540,
  AKDT: -480, HST: -600,
};

// Thu Nov 20 23:26:01 UTC 2026 | Wed Jan 21 04:38:15 PM PST 2026 | Thu 20 Nov 2026 11:26:01 PM UTC
const DATE_DEFAULT =
  /\b(?:[A-Za-z]{3},?\s+)?(?:([A-Za-z]{3})\s+(\d{1,2})|(\d{1,2})\s+([A-Za-z]{3})(?:\s+(\d{4}))?)\s+(\d{1,2}):(\d{2}):(\d{2})(?:\s*([AaPp][Mm]))?(?:\s+([A-Za-z]{1,5}|[+-]\d{4}))?(?:\s+(\d{4}))?/;
const ISO = /\b(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?/;
const EPOCH = /^\s*(\d{9,13})(?:\.\d+)?\b/;

function zoneOffset(zone: string | undefined): number | null {
  if (!zone) return null;
  if (/^[+-]\d{4}$/.test(zone)) {
    const sign = zone.startsWith('-') ? -1 : 1;
    return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  }
  return ZONES[zone.toUpperCase()] ?? null;
}

function fromParts(year: number, month: number, day: number, h: number, m: number, s: number, offset: number | null): number {
  if (offset === null) return new Date(year, month, day, h, m, s).getTime();
  return Date.UTC(year, month, day, h, m, s) - offset * 60_000;
}

/** Epoch milliseconds of the timestamp in one line, or null. */
export function parseTimestamp(line: string): number | null {
  const text = line.trim();
  if (text === '') return null;

  const epoch = EPOCH.exec(text);
  if (epoch?.[1]) {
    const n = Number(epoch[1]);
    return epoch[1].length >= 13 ? n : n * 1000;
  }

  const iso = ISO.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    let offset: number | null = null;
    if (zone === 'Z') offset = 0;
    else if (zone) {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
    }
    const ms = frac ? Number(`0.${frac}`) * 1000 : 0;
    const t = fromParts(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), offset);
    return Number.isFinite(t) ? t + Math.round(ms) : null;
  }

  const dd = DATE_DEFAULT.exec(text);
  if (dd) {
    const [, monA, dayA, dayB, monB, yearB, h, mi, s, ampm, zone, yearA] = dd;
    const monthName = (monA ?? monB ?? '').toLowerCase();
    const month = MONTHS[monthName];
    const year = Number(yearA ?? yearB);
    if (month === undefined || !year) return null;
    let hour = Number(h);
    if (ampm) {
      const pm = ampm.toLowerCase() === 'pm';
      if (hour === 12) hour = pm ? 12 : 0;
      else if (pm) hour += 12;
    }
    const offset = zone && /^\d{4}$/.test(zone) ? null : zoneOffset(zone);
    const t = fromParts(year, month, Number(dayA ?? dayB), hour, Number(mi), Number(s), offset);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}

export interface HeartbeatReading {
  /** Epoch ms. */
  at: number;
  source: 'content' | 'mtime';
  line: string;
}

/**
 * The heartbeat's time: the last line's timestamp; the file's mtime when the line has
 * none we can read, or when it claims to be from the future.
 */
export function readHeartbeat(text: string, mtimeMs: number, now: number): HeartbeatReading | null {
  // The last line that is not blank, without splitting the whole tail into lines (a file
  // that is appended to holds a few hundred).
  const body = text.trimEnd();
  const last = body.slice(body.lastIndexOf('\n') + 1).trim();
  const parsed = parseTimestamp(last);
  if (parsed !== null && parsed <= now + 5 * 60_000) return { at: parsed, source: 'content', line: last };
  if (mtimeMs > 0) return { at: mtimeMs, source: 'mtime', line: last };
  return null;
}
