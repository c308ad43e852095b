import { parentPort } from 'node:worker_threads';
// a relative import: this file also runs, from source, in a bare worker thread (no path aliases there)
import { SchedulingError } from '../../../../libs/scheduling/src/errors';
import { readIcsBusy } from '../../../../libs/scheduling/src/ics';
import type { IcsParseReply, IcsParseRequest } from './ics-parser.service';

/** Reads iCalendar texts off the API's event loop (see IcsParserService), one message at a time. */
parentPort?.on('message', (req: IcsParseRequest) => {
  let reply: IcsParseReply;
  try {
    const r = readIcsBusy(req.text, { start: new Date(req.from), end: new Date(req.to) }, req.options);
    reply = { ok: true, busy: r.busy.map((i) => [i.start.getTime(), i.end.getTime()]), skipped: r.skipped.slice(0, req.skippedShown), skippedCount: r.skipped.length, events: r.events, steps: r.steps };
  } catch (e) {
    reply =
      e instanceof SchedulingError
        ? { ok: false, error: { code: e.code, field: e.field, message: e.message, line: e.line } }
        : { ok: false, error: { code: 'invalid_ics', field: 'ics', message: `the calendar could not be read: ${(e as Error).message}` } };
  }
  parentPort?.postMessage(reply);
});
parentPort?.postMessage({ ready: true }); // loaded: the parent's time limits start from here
