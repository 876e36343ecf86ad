/** Time is a parameter: verbs and jobs read `now` from here so tests can pin it. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
