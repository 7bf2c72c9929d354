/**
 * Family members (proxy access, #21): the people a signed-in holder may act for, and the clinic's
 * grants (`npm run server:grant`, the development tools, the seed). Acting for someone is checked
 * on every request in `app.ts` (the grant read by `readLiveSession`, the scope by the domain's
 * `proxyAllows`); this module lists and changes grants. Granting and revoking are audited
 * (`proxy.grant`, `proxy.revoke`) with ids only.
 */
import {NotFoundError, ValidationError} from '../../src/domain/errors.js';
import {
  isProxyScope,
  isRelationship,
  keepsConfidential,
  orderPeople,
  type PortalPerson,
  type ProxyScope,
  type Relationship,
} from '../../src/domain/rules/proxy.js';
import {instantToPlainDate} from '../../src/domain/time.js';
import type {PlainDate} from '../../src/domain/types.js';
import type {Queryable} from '../db.js';
import {findPatient, findPatients, type PatientRow} from '../repositories/patients.js';
import {
  findLiveGrant,
  insertGrant,
  liveGrantsOf,
  revokeGrant,
  setGrantScope,
} from '../repositories/proxy-grants.js';
import {token} from '../tokens.js';
import type {CallContext, PortalContext} from './context.js';
import {audit} from './notify.js';
import {requirePatient} from './session.js';

/**
 * Whether `keepsConfidential` holds today for this dependent (the clinic's rules, her age): her
 * confidential visits, messages and documents are then kept from anyone acting for her.
 */
export function keptOwn(s: PortalContext, dependent: Pick<PatientRow, 'date_of_birth'>): boolean {
  const clinic = s.data.clinic;
  return keepsConfidential(
    clinic,
    dependent.date_of_birth as PlainDate,
    instantToPlainDate(s.clock(), clinic.timeZone),
  );
}

const person = (
  s: PortalContext,
  p: PatientRow,
  relationship: PortalPerson['relationship'],
  scope: ProxyScope,
): PortalPerson => ({
  id: p.id,
  givenName: p.given_name,
  familyName: p.family_name,
  dateOfBirth: p.date_of_birth as PlainDate,
  relationship,
  scope,
  ...(relationship !== 'self' && keptOwn(s, p) ? {confidential: true} : {}),
});

/** `GET /people`: the signed-in holder, then the dependents of her live grants. */
export async function listPeople(s: PortalContext, call: CallContext): Promise<PortalPerson[]> {
  const {patient} = await requirePatient(s, call);
  const grants = await liveGrantsOf(s.db, patient.id);
  const found = await findPatients(
    s.db,
    grants.map((g) => g.dependent_id),
  );
  return orderPeople([
    person(s, patient, 'self', 'full'),
    ...grants.flatMap((g) => {
      const p = found.get(g.dependent_id);
      return p ? [person(s, p, g.relationship, g.scope)] : [];
    }),
  ]);
}

/**
 * The clinic grants `holderId` access to `dependentId`'s record (or changes its scope), or revokes
 * it: from the next request on, the holder's calls for that person follow. Unknown patients: 404;
 * a bad scope or relationship: 422; nothing stored then.
 */
export async function setProxyGrant(
  s: PortalContext,
  holderId: string,
  dependentId: string,
  grant: {scope: unknown; relationship: unknown} | 'revoke',
  by = 'clinic',
  q: Queryable = s.db,
): Promise<void> {
  if (grant !== 'revoke') {
    const fields: Record<string, 'invalid'> = {};
    if (!isProxyScope(grant.scope)) fields.scope = 'invalid';
    if (!isRelationship(grant.relationship)) fields.relationship = 'invalid';
    if (holderId === dependentId) fields.dependentId = 'invalid';
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  }
  const run = async (tx: Queryable) => {
    const [holder, dependent] = [await findPatient(tx, holderId), await findPatient(tx, dependentId)];
    if (!holder || !dependent) throw new NotFoundError();
    const live = await findLiveGrant(tx, holderId, dependentId);
    if (grant === 'revoke') {
      if (live) await revokeGrant(tx, live.id, s.clock());
      await audit(s, tx, by, 'proxy.revoke', dependentId);
      return;
    }
    if (live) await setGrantScope(tx, live.id, grant.scope as ProxyScope);
    else
      await insertGrant(tx, {
        id: `grt_${token(15)}`,
        holder_id: holderId,
        dependent_id: dependentId,
        relationship: grant.relationship as Relationship,
        scope: grant.scope as ProxyScope,
        granted_by: by,
        granted_ms: s.clock(),
      });
    await audit(s, tx, by, 'proxy.grant', dependentId);
  };
  await (q === s.db ? s.db.transaction(run) : run(q));
}
