import type { Clock } from "../../src/ports/clock.js";

/** A clock tests pin and move by hand. */
export class FixedClock implements Clock {
  private current: number;
  constructor(start: string | Date = "2026-11-26T10:00:00.000Z") {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: string | Date): void {
    this.current = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
