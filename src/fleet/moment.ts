// The time a verdict is drawn at, and how long the verdict holds. Deriving every agent on
// every one-second tick costs a fleet of 500 more than everything else it does while
// idle; yet a stale agent's "heartbeat 12m old" changes once a minute, and a finished one's
// never. So the classifier reads the clock only through a Moment, and each reading says
// when its answer could change: the age as shown ("12s", "4m") until its next step, a
// threshold until it is crossed, the raw time until the next tick. A tick re-derives only
// the agents whose verdict has expired. Pure.
import { formatAge } from '../util/format.js';

const UNITS_SEC = [1, 60, 3600, 86_400];

export class Moment {
  /** From this time on (epoch ms), a verdict drawn at this moment may differ. */
  private expiry = Number.POSITIVE_INFINITY;

  constructor(private readonly at: number) {}

  /** The time itself: whatever is computed from it may change at the next tick. */
  get now(): number {
    this.expire(this.at + 1);
    return this.at;
  }

  /** Time since `since` as shown ("12s", "4m"), held until the shown text changes. */
  ageText(since: number): string {
    const sec = Math.max(0, Math.floor((this.at - since) / 1000));
    const unit = sec < 60 ? UNITS_SEC[0]! : sec < 3600 ? UNITS_SEC[1]! : sec < 86_400 ? UNITS_SEC[2]! : UNITS_SEC[3]!;
    this.expire(since + (Math.floor(sec / unit) + 1) * unit * 1000);
    return formatAge((this.at - since) / 1000);
  }

  /** Whether more than `seconds` have passed since `since`, held until that changes. */
  over(since: number, seconds: number): boolean {
    const edge = since + seconds * 1000;
    if (this.at > edge) return true;
    this.expire(Math.floor(edge) + 1);
    return false;
  }

  /** Whether at least `seconds` have passed since `since`, held until that changes. */
  atLeast(since: number, seconds: number): boolean {
    const edge = since + seconds * 1000;
    if (this.at >= edge) return true;
    this.expire(Math.ceil(edge));
    return false;
  }

  /** When the verdict drawn at this moment may change (Infinity: only new evidence changes it). */
  get expires(): number {
    return this.expiry;
  }

  private expire(at: number): void {
    // A time already past (a clock that went back) holds for nothing: the next tick decides.
    if (at < this.expiry) this.expiry = Math.max(at, this.at + 1);
  }
}
