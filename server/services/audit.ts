/**
 * Audit events of requests: what was done or tried, by whom (a patient's id or `anonymous`), to
 * which record (ids only), from which address and in which session (its id). The older
 * `audit()` of `notify.ts` records the same without the address and session.
 */
import type {Queryable} from '../db.js';
import {insertAudit} from '../repositories/audit-log.js';
import type {CallContext, PortalContext} from './context.js';

export interface AuditEvent {
  readonly actor: string;
  readonly action: string;
  readonly patientId?: string;
  readonly appointmentId?: string;
  readonly documentId?: string;
  readonly invoiceId?: string;
  readonly conversationId?: string;
  readonly cardId?: string;
  /** The medical-information entry changed (`medical.*`): its id only, never what it says. */
  readonly medicalEntryId?: string;
  /** The insurance card changed (`insurance.*`): its id only, never what it says. */
  readonly insuranceCardId?: string;
  /** The session's id (`ses_…`) when the caller had a live one. */
  readonly sessionId?: string;
}

/** Requests made by a holder acting for a dependent (family members, #21): the holder's id. */
const holders = new WeakMap<CallContext, string>();

/** Marks `call` as made by `holderId` for the person it acts for (its grant checked). */
export function actingCall(call: CallContext, holderId: string): void {
  holders.set(call, holderId);
}

export async function auditCall(
  s: PortalContext,
  q: Queryable,
  call: CallContext | undefined,
  event: AuditEvent,
): Promise<void> {
  // Acting for a dependent: the actor is the holder, the patient the dependent, both recorded.
  const holder = call && holders.get(call);
  const proxied = holder
    ? {actor: holder, patientId: event.patientId ?? event.actor, proxyHolderId: holder}
    : {};
  await insertAudit(q, {at: s.clock(), ...event, ...proxied, address: call?.address});
}
