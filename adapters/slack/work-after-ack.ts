/**
 * The work that follows an acknowledgement waits its turn here. One waiting piece resumes per turn of
 * the event loop, so between any two pieces Node reads the sockets and acknowledges every request that
 * arrived meanwhile: an ack never waits behind more than one piece of earlier work. (A plain
 * setImmediate resumes every piece waiting at that moment in one turn: under a burst of 50 commands,
 * tens of milliseconds in which no request is read.) Pieces resume in the order they asked.
 */
const waiting: (() => void)[] = [];
let isScheduled = false;

function resumeNext(): void {
  const next = waiting.shift();
  // Scheduled from within the check phase, the next one runs in the next turn, after the poll phase.
  if (waiting.length > 0) setImmediate(resumeNext);
  else isScheduled = false;
  next?.();
}

/**
 * Resolves when this piece of work may go on: after the requests waiting on sockets were read (and
 * acknowledged), and after the pieces that asked before it. Called right after ack() and between the
 * steps of the work (database, rendering, Web API calls).
 */
export function yieldToOtherRequests(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (isScheduled) return;
    isScheduled = true;
    setImmediate(resumeNext);
  });
}
