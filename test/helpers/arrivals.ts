/**
 * Waiting on an event instead of a pause: whatever records things (a fake server's calls, a child's log
 * lines, delivered mail) calls `arrived()` after each one, and `until` looks again at that moment. The
 * timer in `until` is a deadline for a failure message, never a pause.
 */
export class Arrivals {
  private readonly waiters = new Set<() => void>();

  /** Something was recorded: every waiter looks again, once the recorder's synchronous step is done. */
  arrived(): void {
    queueMicrotask(() => {
      for (const look of [...this.waiters]) look();
    });
  }

  /**
   * Resolves with the first value `find` returns other than undefined, looking now and after every
   * arrival; rejects with `failure()` as the message when `timeoutMs` pass first.
   */
  until<T>(find: () => T | undefined, timeoutMs: number, failure: () => string): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const stop = () => {
        clearTimeout(deadline);
        this.waiters.delete(look);
      };
      const look = () => {
        const value = find();
        if (value === undefined) return;
        stop();
        resolve(value);
      };
      const deadline = setTimeout(() => {
        stop();
        reject(new Error(failure()));
      }, timeoutMs);
      this.waiters.add(look);
    });
  }
}
