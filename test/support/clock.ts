import { Clock } from '../../apps/api/src/common/clock';

/** A clock that tests can set; defaults to the real time. Shared by the e2e API (support/api.ts) and the service tier. */
export class TestClock extends Clock {
  private fixed: Date | null = null;
  override now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }
  set(at: Date | string | null): void {
    this.fixed = at === null ? null : new Date(at);
  }
  /**
   * Runs `fn` with the clock at `at`, then puts it back as it was (fixed, or the real time). For set-up
   * done at an earlier time: a meeting that has begun is booked before it began, as the API requires.
   */
  async at<T>(at: Date | string, fn: () => Promise<T>): Promise<T> {
    const was = this.fixed;
    this.set(at);
    try {
      return await fn();
    } finally {
      this.fixed = was;
    }
  }
}
