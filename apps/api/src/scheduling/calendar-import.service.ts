import { Injectable } from '@nestjs/common';
import type { IcsSkipped, Interval } from '@kohtaamo/scheduling';
import { Clock } from '../common/clock';
import { BusyRepository, BusySource } from './busy.repository';
import { IcsParserService } from './ics-parser.service';

/** Imported calendars are kept from a month back to 13 months ahead. */
const IMPORT_BACK_MS = 31 * 86_400_000;
const IMPORT_AHEAD_MS = 400 * 86_400_000;
/** skipped events listed in an answer */
export const SKIPPED_SHOWN = 200;

export interface CalendarImportResult {
  /** busy intervals stored */
  imported: number;
  /** events in the calendar, read or skipped */
  events: number;
  /** events (or FREEBUSY lines) left out, each with its line and reason (the first {@link SKIPPED_SHOWN}) */
  skipped: IcsSkipped[];
  /** how many were left out in all */
  skippedCount: number;
  from: Date;
  to: Date;
}

/** One home for "this calendar text is now the person's busy time from that source". */
@Injectable()
export class CalendarImportService {
  constructor(
    private readonly parser: IcsParserService,
    private readonly busy: BusyRepository,
    private readonly clock: Clock,
  ) {}

  window(): Interval {
    const now = this.clock.now().getTime();
    return { start: new Date(now - IMPORT_BACK_MS), end: new Date(now + IMPORT_AHEAD_MS) };
  }

  /** Parses off the event loop (a structurally broken text throws SchedulingError, stores nothing). */
  async importText(personId: string, text: string, source: BusySource): Promise<CalendarImportResult> {
    const window = this.window();
    const parsed = await this.parser.parse(text, window, {}, SKIPPED_SHOWN);
    await this.busy.replace(personId, source, parsed.busy);
    return { imported: parsed.busy.length, events: parsed.events, skipped: parsed.skipped, skippedCount: parsed.skippedCount, from: window.start, to: window.end };
  }
}
