/** Helpers of the contract suite that need no harness: assertions, instants, links, details. */
import {expect} from 'vitest';
import {
  isPortalError,
  type FieldErrorCode,
  type PortalError,
  type PortalErrorCode,
} from '../../src/adapters/adapter.js';
import type {OutboxMessage, PatientDetails, Service} from '../../src/domain/types.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const STRONG = 'Un paseo por Chapultepec 2026';
export const LONG_PASSWORD =
  '  Mi contraseña es larga: ñandú 🦊🐢 con espacios, acentos y emoji — ¿verdad? ¡Sí!  ';

// ---------------------------------------------------------------------------------------------
// Helpers

export const ms = (instant: string): number => {
  const t = Date.parse(instant);
  expect(Number.isNaN(t), `not an instant: ${instant}`).toBe(false);
  expect(instant).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  return t;
};

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to reject, but it resolved');
}

export async function expectCode(
  promise: Promise<unknown>,
  ...codes: PortalErrorCode[]
): Promise<PortalError> {
  const e = await rejection(promise);
  expect(isPortalError(e), `expected a PortalError, got ${String(e)}`).toBe(true);
  expect(codes).toContain((e as PortalError).code);
  return e as PortalError;
}

export async function expectFields(
  promise: Promise<unknown>,
  fields: Readonly<Record<string, FieldErrorCode | readonly FieldErrorCode[] | true>>,
): Promise<Readonly<Record<string, FieldErrorCode>>> {
  const e = (await expectCode(promise, 'validation')) as PortalError & {
    fields: Record<string, FieldErrorCode>;
  };
  for (const [name, expected] of Object.entries(fields)) {
    expect(Object.keys(e.fields), `field ${name}`).toContain(name);
    if (expected === true) continue;
    if (typeof expected === 'string') expect(e.fields[name]).toBe(expected);
    else expect(expected).toContain(e.fields[name]);
  }
  return e.fields;
}

export const expectNotSignedIn = (p: Promise<unknown>) => expectCode(p, 'not-signed-in', 'session-expired');
export const expectNotSupported = (p: Promise<unknown>) => expectCode(p, 'not-supported');

/** The token in a link's fragment (`#key=TOKEN`), checking it is not in the query. */
export function tokenOf(link: string): string {
  const url = new URL(link);
  const params = new URLSearchParams(url.hash.slice(1));
  const token = [...params.values()][0];
  expect(token, `no token in the fragment of ${link}`).toBeTruthy();
  expect(url.search).not.toContain(token);
  return token;
}

export function linkWithToken(m: OutboxMessage): string | undefined {
  return Object.values(m.links).find((l) => {
    try {
      return new URL(l).hash.includes('=');
    } catch {
      return false;
    }
  });
}

let unique = 0;
/** A number no earlier call returned (unique emails, phones and keys within one run). */
export const nextUnique = (): number => ++unique;
export function newDetails(overrides: Partial<PatientDetails> = {}): PatientDetails {
  unique++;
  const n = `${Date.now() % 1e6}${unique}`.slice(-8).padStart(8, '0');
  return {
    givenName: 'María José',
    familyName: "Ñúñez-O'Connor",
    email: `contract.${n}@example.com`,
    phone: `+5255${n}`,
    dateOfBirth: '1988-02-14',
    language: 'es',
    ...overrides,
  };
}

export const slotKey = (s: {providerId: string; start: string}): string =>
  `${s.providerId}|${Date.parse(s.start)}`;

export function durationOf(services: readonly Service[], providerId: string): number {
  return services.reduce(
    (sum, s) => sum + (s.providerTerms?.[providerId]?.durationMinutes ?? s.durationMinutes),
    0,
  );
}
