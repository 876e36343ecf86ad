/**
 * One read shared by everyone who asks while it runs: the gauges of one scrape that need the same
 * figures get them from one query, and the next scrape reads afresh.
 */
export function onceAtATime<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    running ??= read().finally(() => {
      running = undefined;
    });
    return running;
  };
}
