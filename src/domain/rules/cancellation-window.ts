/**
 * The clinic's cancellation window, in one place: cancelling from this instant on is "late" (the
 * late fee applies, a deposit is kept). The cancellation quote and billing both read it.
 */
import type {CancellationPolicy} from '../types.js';

const HOUR = 3_600_000;

/** The instant (epoch ms) from which cancelling a visit that starts at `start` is late. */
export function lateFrom(policy: Pick<CancellationPolicy, 'windowHours'>, start: number): number {
  return start - policy.windowHours * HOUR;
}
