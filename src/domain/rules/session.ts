/**
 * When a session ends, the same for every backend: after `idleMs` without use (each use slides it),
 * and at the latest {@link SESSION_LIMITS}.absoluteMs after it started, however much it is used.
 */

/**
 * How long a session lives, the same for every backend (the idle timeout is the backend's option).
 * (Here, not in `limits.ts`: the demo adapter's core chunk needs only this.)
 */
export const SESSION_LIMITS = {
  /** A session ends this long after sign-in even while in use: then the patient signs in again. */
  absoluteMs: 12 * 3_600_000,
} as const;

/** What a backend knows about a session's age. */
export interface SessionAge {
  /** When it started (sign-in). */
  readonly startedAt: number;
  /** When it was last used (each use slides the idle timeout). */
  readonly lastUsed: number;
}

/** The instant (ms) the session ends: the idle timeout, capped by the absolute lifetime. */
export function sessionEndsAt(age: SessionAge, idleMs: number): number {
  return Math.min(age.lastUsed + idleMs, age.startedAt + SESSION_LIMITS.absoluteMs);
}

/** Whether the session is still live at `now`. */
export function sessionLive(age: SessionAge, idleMs: number, now: number): boolean {
  return now < sessionEndsAt(age, idleMs);
}
