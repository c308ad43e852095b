import { IANAZone } from 'luxon';
import { SchedulingError } from './errors';
import { DAY_MS, MINUTE_MS } from './local-date';

/** The zone in which every human rule of Kohtaamo applies (working hours, working days, sessions). */
export const HELSINKI = 'Europe/Helsinki';

const CACHE_LIMIT = 100_000;

interface WallDay {
  /** UTC offset in minutes at the start of the local day */
  before: number;
  /** UTC offset in minutes at the end of the local day */
  after: number;
}

/**
 * Conversions between UTC instants and the wall clock of one IANA zone, fast enough for inner loops.
 * luxon (i.e. the platform's tz database) is asked once per calendar day; days without an offset
 * change — all but two a year in Helsinki — are then plain additions. Local times that do not exist or
 * occur twice are resolved as RFC 5545 says: a time in the spring-forward gap uses the offset before
 * the gap; a repeated time means its first occurrence.
 */
export class ZoneClock {
  private static readonly clocks = new Map<string, ZoneClock>();

  /** offset in minutes for UTC days without a change; NaN for days with one */
  private readonly utcDays = new Map<number, number>();
  private readonly wallDays = new Map<number, WallDay>();

  private constructor(
    readonly name: string,
    private readonly zone: IANAZone,
  ) {}

  /** The clock of an IANA zone; throws `unsupported_timezone` for an unknown name. */
  static of(name: string, field = 'timeZone'): ZoneClock {
    let clock = ZoneClock.clocks.get(name);
    if (!clock) {
      if (!IANAZone.isValidZone(name)) {
        throw new SchedulingError('unsupported_timezone', field, `unknown time zone ${JSON.stringify(name)}`);
      }
      clock = new ZoneClock(name, IANAZone.create(name));
      ZoneClock.clocks.set(name, clock);
    }
    return clock;
  }

  /** UTC offset in minutes at a UTC instant. */
  offsetAt(utcMs: number): number {
    const day = Math.floor(utcMs / DAY_MS);
    let o = this.utcDays.get(day);
    if (o === undefined) {
      const a = this.zone.offset(day * DAY_MS);
      const b = this.zone.offset((day + 1) * DAY_MS);
      o = a === b ? a : NaN;
      if (this.utcDays.size >= CACHE_LIMIT) this.utcDays.clear();
      this.utcDays.set(day, o);
    }
    return Number.isNaN(o) ? this.zone.offset(utcMs) : o;
  }

  /** Wall-clock milliseconds of a UTC instant. */
  toWall(utcMs: number): number {
    return utcMs + this.offsetAt(utcMs) * MINUTE_MS;
  }

  /** UTC instant of a wall-clock time (gap: offset before the gap; repeated hour: first occurrence). */
  toUtc(wallMs: number): number {
    const info = this.wallDay(Math.floor(wallMs / DAY_MS));
    if (info.before === info.after) return wallMs - info.before * MINUTE_MS;
    const early = wallMs - info.before * MINUTE_MS;
    const late = wallMs - info.after * MINUTE_MS;
    const earlyOk = this.offsetAt(early) === info.before;
    const lateOk = this.offsetAt(late) === info.after;
    if (earlyOk && lateOk) return Math.min(early, late);
    if (lateOk) return late;
    return early;
  }

  /**
   * The first instant in (fromUtc, toUtc] at which the offset differs from the offset at fromUtc,
   * or undefined. Changes are assumed to happen on whole minutes (true for every zone since 1970).
   */
  nextOffsetChange(fromUtc: number, toUtc: number): number | undefined {
    const o = this.offsetAt(fromUtc);
    for (let day = Math.floor(fromUtc / DAY_MS); day * DAY_MS <= toUtc; day++) {
      const hi0 = Math.min(toUtc, (day + 1) * DAY_MS);
      if (this.offsetAt(hi0) === o && !Number.isNaN(this.utcDayOffset(day))) continue;
      // some change inside (max(fromUtc, dayStart), hi0]: binary search on whole minutes
      let lo = Math.floor(Math.max(fromUtc, day * DAY_MS) / MINUTE_MS);
      let hi = Math.ceil(hi0 / MINUTE_MS);
      if (this.offsetAt(hi * MINUTE_MS) === o) continue;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (this.offsetAt(mid * MINUTE_MS) === o) lo = mid;
        else hi = mid;
      }
      return Math.max(hi * MINUTE_MS, fromUtc + 1);
    }
    return undefined;
  }

  private utcDayOffset(day: number): number {
    this.offsetAt(day * DAY_MS);
    return this.utcDays.get(day) ?? NaN;
  }

  private wallDay(day: number): WallDay {
    let info = this.wallDays.get(day);
    if (!info) {
      info = { before: this.offsetNearWall(day * DAY_MS), after: this.offsetNearWall((day + 1) * DAY_MS) };
      if (this.wallDays.size >= CACHE_LIMIT) this.wallDays.clear();
      this.wallDays.set(day, info);
    }
    return info;
  }

  /** Offset in force at (about) the instant whose wall clock reads wallMs; exact away from changes. */
  private offsetNearWall(wallMs: number): number {
    const guess = this.offsetAt(wallMs);
    return this.offsetAt(wallMs - guess * MINUTE_MS);
  }
}

/** The Europe/Helsinki clock. */
export function helsinki(): ZoneClock {
  return ZoneClock.of(HELSINKI);
}
