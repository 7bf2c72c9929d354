/**
 * The memory adapter's family members (#21), in a chunk of its own (loaded only when a holder
 * lists her people or acts for one): the grant and scope check before every call made for a
 * dependent, the list of people, and the clinic's grants. The rules are `rules/proxy.ts`.
 */
import {NotFoundError, NotSignedInError} from '../../domain/errors.js';
import {instantToPlainDate} from '../../domain/time.js';
import {
  hiddenFromProxy,
  keepsConfidential,
  orderPeople,
  proxyAllows,
  type PortalPerson,
  type ProxyScope,
  type Relationship,
} from '../../domain/rules/proxy.js';
import type {PatientRecord} from './internals.js';
import type {MemoryState} from './state.js';

/** A holder's grant to act for a dependent. */
export interface GrantRecord {
  /** The grant's id (`revokeProxyAccess`). */
  readonly id: string;
  /** When it was granted (epoch ms). */
  readonly grantedAt: number;
  readonly holderId: string;
  readonly dependentId: string;
  readonly relationship: Relationship;
  scope: ProxyScope;
  revokedAt?: number;
}

const stores = new WeakMap<MemoryState, GrantRecord[]>();

/** The clinic's grants, the seeded ones (`SeedPatient.dependentOf`) first, on first use. */
export function grantsOf(memory: MemoryState): GrantRecord[] {
  let grants = stores.get(memory);
  if (grants) return grants;
  const id = (key: string) => memory.patientIdOf(`seed:${key}`);
  const grantedAt = memory.clock();
  grants = (memory.data.patients ?? []).flatMap((p) =>
    p.dependentOf
      ? [
          {
            id: `grt_${memory.nextToken('grant').slice(0, 15)}`,
            grantedAt,
            holderId: id(p.dependentOf.holderKey),
            dependentId: id(p.key),
            relationship: p.dependentOf.relationship,
            scope: p.dependentOf.scope,
          },
        ]
      : [],
  );
  stores.set(memory, grants);
  // `requirePatient` answers the dependent while a call acts for her (her grant checked again).
  memory.dependentOf = (holder, dependentId) => {
    const grant = liveGrant(memory, holder.id, dependentId);
    if (!grant) throw new NotFoundError();
    return memory.patients.get(grant.dependentId) as PatientRecord;
  };
  memory.keptFromProxy = (visit) => {
    const dependent = memory.acting === null ? undefined : memory.patients.get(memory.acting);
    if (!dependent) return false;
    return hiddenFromProxy(visit, memory.data.catalog.services, keptOwn(memory, dependent));
  };
  return grants;
}

/** Whether `keepsConfidential` holds for this dependent today (the clinic's rules, her age). */
const keptOwn = (memory: MemoryState, dependent: Pick<PatientRecord, 'dateOfBirth'>): boolean => {
  const {clinic} = memory.data;
  return keepsConfidential(
    clinic,
    dependent.dateOfBirth,
    instantToPlainDate(memory.clock(), clinic.timeZone),
  );
};

export const liveGrant = (memory: MemoryState, holderId: string, dependentId: string) =>
  grantsOf(memory).find(
    (g) => g.holderId === holderId && g.dependentId === dependentId && g.revokedAt === undefined,
  );

/**
 * Before a call made for `dependentId` (every call, so a revoked grant stops the next one): a
 * live session, a live grant of hers for that person, and an operation its scope allows;
 * otherwise `NotSignedInError` or `NotFoundError` (nothing revealed).
 */
export function checkActing(memory: MemoryState, dependentId: string, operation: string): void {
  const s = memory.liveSession();
  if (!s) throw new NotSignedInError(memory.session === null ? 'not-signed-in' : 'session-expired');
  const grant = liveGrant(memory, s.patientId, dependentId);
  const dependent = grant && memory.patients.get(dependentId);
  if (!grant || !dependent || !proxyAllows(grant.scope, operation, keptOwn(memory, dependent)))
    throw new NotFoundError();
}

/** The signed-in holder, then the dependents of her live grants. */
export function listPeople(memory: MemoryState): PortalPerson[] {
  const holder = memory.requirePatient();
  const person = (
    p: PatientRecord,
    relationship: PortalPerson['relationship'],
    scope: ProxyScope,
  ): PortalPerson => ({
    id: p.id,
    givenName: p.givenName,
    familyName: p.familyName,
    dateOfBirth: p.dateOfBirth,
    relationship,
    scope,
    ...(relationship !== 'self' && keptOwn(memory, p) ? {confidential: true} : {}),
  });
  return orderPeople([
    person(holder, 'self', 'full'),
    ...grantsOf(memory)
      .filter((g) => g.holderId === holder.id && g.revokedAt === undefined)
      .map((g) => person(memory.patients.get(g.dependentId) as PatientRecord, g.relationship, g.scope)),
  ]);
}

/** The clinic grants, changes or revokes a holder's access to a dependent's record. */
export function setProxyGrant(
  memory: MemoryState,
  holderId: string,
  dependentId: string,
  grant: {scope: ProxyScope; relationship: Relationship} | 'revoke',
): void {
  const live = liveGrant(memory, holderId, dependentId);
  if (grant === 'revoke') {
    if (live) live.revokedAt = memory.clock();
  } else if (live) live.scope = grant.scope;
  else if (memory.patients.has(holderId) && memory.patients.has(dependentId) && holderId !== dependentId)
    grantsOf(memory).push({
      id: `grt_${memory.nextToken('grant').slice(0, 15)}`,
      grantedAt: memory.clock(),
      holderId,
      dependentId,
      scope: grant.scope,
      relationship: grant.relationship,
    });
  else throw new NotFoundError();
}

/**
 * Runs `body` (synchronous) for the person a call acts for, after an `await` of an async part:
 * the adapter sets `acting` around the call's synchronous start only (family members, #21).
 */
export function actingAgain<T>(memory: {acting: string | null}, acting: string | null, body: () => T): T {
  memory.acting = acting;
  try {
    return body();
  } finally {
    memory.acting = null;
  }
}

/**
 * One call of an adapter acting for `dependentId` (`MemoryAdapter.actingFor`): the adapter's own
 * `runIn` (latency, aborts, failures) with a body that first checks her grant and the operation's
 * scope (every call: a revoked grant stops the next one), then runs with `acting` set, so
 * `requirePatient` answers the dependent.
 */
export function runActing(
  memory: MemoryState,
  dependentId: string,
  runIn: (...call: never[]) => Promise<unknown>,
  [part, operation, options, body]: unknown[],
): Promise<unknown> {
  const run = runIn as (
    part: unknown,
    operation: string,
    options: unknown,
    body: (loaded: unknown) => unknown,
  ) => Promise<unknown>;
  return run(part, operation as string, options, (loaded) => {
    checkActing(memory, dependentId, operation as string);
    return actingAgain(memory, dependentId, () => (body as (loaded: unknown) => unknown)(loaded));
  });
}
