import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { Interval, IcsReadOptions, IcsSkipped, SchedulingError, SchedulingErrorCode } from '@kohtaamo/scheduling';

export interface IcsParseRequest {
  text: string;
  from: number;
  to: number;
  options: IcsReadOptions;
  /** skipped events sent back (the count is always sent) */
  skippedShown: number;
}

export type IcsParseReply =
  | { ok: true; busy: Array<[number, number]>; skipped: IcsSkipped[]; skippedCount: number; events: number; steps: number }
  | { ok: false; error: { code: SchedulingErrorCode; field: string; message: string; line?: number } };

export interface ParsedCalendar {
  busy: Interval[];
  /** the first `skippedShown` events left out */
  skipped: IcsSkipped[];
  skippedCount: number;
  events: number;
}

/** Limits of a parse: wall time, heap of a thread, and threads per process. */
export const ICS_PARSE_LIMITS = { timeoutMs: 20_000, heapMb: 256, concurrent: 2, startMs: 120_000 };

// From source (tests), the worker file is TypeScript: a bare worker thread compiles it with TypeScript's
// transpiler on require. From dist it is plain JavaScript.
const TS_BOOTSTRAP = `
const fs = require('node:fs');
const ts = require('typescript');
require.extensions['.ts'] = (m, filename) => {
  const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  m._compile(out.outputText, filename);
};
require(require('node:worker_threads').workerData.entry);
`;

/**
 * Reads iCalendar texts in worker threads, so that nothing a user uploads blocks the API's event loop:
 * at most {@link ICS_PARSE_LIMITS.concurrent} threads per process (kept between texts, their heap capped),
 * one text at a time each, a text that takes longer than {@link ICS_PARSE_LIMITS.timeoutMs} ends its
 * thread (`work_limit`). Inside, the library bounds the work per rule and per file; this is the backstop.
 */
@Injectable()
export class IcsParserService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly idle: Worker[] = [];
  private threads = 0;
  private readonly waiting: Array<(w: Worker) => void> = [];
  /** resolves when a thread has loaded the reader (compiling it from source takes seconds under tests) */
  private readonly ready = new WeakMap<Worker, Promise<void>>();

  constructor(@Optional() @Inject(API_CONFIG) private readonly config?: ApiConfig) {}

  /**
   * Starts one thread early: loading the reader is the slow part of the first import. Not under tests,
   * where every app start would pay for compiling the reader from source, most of them for nothing.
   */
  onApplicationBootstrap(): void {
    if (this.threads === 0 && this.config?.nodeEnv !== 'test') this.idle.push(this.spawn());
  }

  async onModuleDestroy(): Promise<void> {
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((w) => w.terminate()));
  }

  async parse(text: string, window: Interval, options: IcsReadOptions = {}, skippedShown = 200): Promise<ParsedCalendar> {
    const worker = await this.acquire();
    let healthy = false;
    try {
      await this.ready.get(worker);
      const reply = await this.run(worker, { text, from: window.start.getTime(), to: window.end.getTime(), options, skippedShown });
      healthy = true;
      if (!reply.ok) throw new SchedulingError(reply.error.code, reply.error.field, reply.error.message, reply.error.line);
      return { busy: reply.busy.map(([s, e]) => ({ start: new Date(s), end: new Date(e) })), skipped: reply.skipped, skippedCount: reply.skippedCount, events: reply.events };
    } finally {
      this.release(worker, healthy);
    }
  }

  private spawn(): Worker {
    const fromSource = extname(__filename) === '.ts';
    const entry = join(__dirname, `ics-parse.worker${extname(__filename)}`);
    const worker = new Worker(fromSource ? TS_BOOTSTRAP : entry, {
      eval: fromSource,
      workerData: { entry },
      resourceLimits: { maxOldGenerationSizeMb: ICS_PARSE_LIMITS.heapMb },
    });
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the calendar reader did not start')), ICS_PARSE_LIMITS.startMs);
      timer.unref();
      const onMessage = (m: unknown): void => {
        if ((m as { ready?: boolean } | null)?.ready !== true) return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the calendar reader stopped while starting (exit ${code})`));
      });
    });
    ready.catch(() => undefined); // awaited by the job that takes this thread
    this.ready.set(worker, ready);
    worker.on('error', () => undefined); // reported to the job that was running (see run)
    worker.on('exit', () => {
      // an idle thread that died is forgotten (a busy one is handled by its job)
      const i = this.idle.indexOf(worker);
      if (i >= 0) {
        this.idle.splice(i, 1);
        this.threads--;
      }
    });
    this.threads++;
    return worker;
  }

  private acquire(): Promise<Worker> {
    const w = this.idle.pop();
    if (w) return Promise.resolve(w);
    if (this.threads < ICS_PARSE_LIMITS.concurrent) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker, healthy: boolean): void {
    if (!healthy) {
      this.threads--;
      void worker.terminate();
    }
    const next = this.waiting.shift();
    if (next) next(healthy ? worker : this.spawn());
    else if (healthy) this.idle.push(worker);
  }

  private run(worker: Worker, req: IcsParseRequest): Promise<IcsParseReply> {
    return new Promise<IcsParseReply>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: IcsParseReply): void => {
        cleanup();
        resolve(reply);
      };
      const onError = (e: Error): void => {
        cleanup();
        reject(new SchedulingError('work_limit', 'ics', `the calendar could not be read within the limits: ${e.message}`));
      };
      const onExit = (code: number): void => {
        cleanup();
        reject(new Error(`the calendar reader stopped (exit ${code})`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new SchedulingError('work_limit', 'ics', `the calendar took longer than ${ICS_PARSE_LIMITS.timeoutMs / 1000} s to read`));
      }, ICS_PARSE_LIMITS.timeoutMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage(req);
    });
  }
}
