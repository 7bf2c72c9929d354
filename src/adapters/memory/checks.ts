/**
 * Checks and constants shared by the memory adapter's lazily loaded parts (none of them is needed
 * before the first booking step, so they stay out of its core chunk).
 */
import {plainDateToEpochDay} from '../../domain/time.js';
import type {AppointmentStatus} from '../../domain/types.js';

export const ACTIVE: ReadonlySet<AppointmentStatus> = new Set(['pending', 'booked', 'confirmed']);

export const EMAIL_RE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
export const E164_RE = /^\+[1-9]\d{7,14}$/;

export const codePoints = (s: string): number => [...s].length;

export function validPlainDate(s: string): boolean {
  try {
    plainDateToEpochDay(s);
    return true;
  } catch {
    return false;
  }
}

export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
