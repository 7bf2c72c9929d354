/**
 * The reference server's façade: one object per server holding the services' context (database,
 * clinic data, clock, options), for what is not an HTTP request — the seed, the reminder pass the
 * scheduler runs, the clinic's invitation command, the development outbox, and tests moving the
 * clock. The operations themselves live in `server/services/` (one business operation each, over
 * `server/repositories/`), reached over HTTP through `server/routes/`; see `server/README.md`.
 */
import type {E164, OutboxMessage, PatientDetails} from '../src/domain/types.js';
import type {Availability, AvailabilityQuery, Capabilities, Clinic} from '../src/adapters/adapter.js';
import type {ServerClinicData} from './clinic-config.js';
import type {Db} from './db.js';
import {listMessages} from './repositories/outbox.js';
import {invite} from './services/accounts.js';
import {availability} from './services/availability.js';
import {capabilities} from './services/clinic.js';
import {replyAsClinic} from './services/conversations.js';
import {markNoShow} from './services/appointments.js';
import {reviewMedicalEntries} from './services/medical.js';
import {addClinicDocument} from './services/documents.js';
import {setProxyGrant} from './services/proxy.js';
import type {ProxyScope, Relationship} from '../src/domain/rules/proxy.js';
import {createContext, instant, type PortalContext, type PortalOptions} from './services/context.js';
import {sendDueReminders} from './services/reminders.js';
import {seed} from './services/seed.js';

export type {CallContext, PortalOptions} from './services/context.js';
export type {DemoTestCard} from './services/deposits.js';
export type {LiveSession} from './services/session.js';
export {SERVER_CAPABILITIES} from './services/clinic.js';

export class Portal {
  /** What the services work with; `createApp` hands it to the routes. */
  readonly context: PortalContext;

  constructor(options: PortalOptions) {
    this.context = createContext(options);
  }

  get db(): Db {
    return this.context.db;
  }

  get data(): ServerClinicData {
    return this.context.data;
  }

  get clinic(): Clinic {
    return this.context.data.clinic;
  }

  /** The server's clock, epoch ms; assignable (tests move it, and every service follows). */
  get clock(): () => number {
    return this.context.clock;
  }

  set clock(clock: () => number) {
    this.context.clock = clock;
  }

  /** An instant as RFC 3339 with the clinic's offset. */
  instant(ms: number): string {
    return instant(this.context, ms);
  }

  capabilities(): Capabilities {
    return capabilities(this.context);
  }

  /** Loads the clinic and its seeded patients and appointments (as of the clock now), and sends the reminders already due. */
  seed(): Promise<void> {
    return seed(this.context);
  }

  /** Free slots, as `GET /availability` answers (scripts use it to pick a time). */
  availability(query: AvailabilityQuery): Promise<Availability> {
    return availability(this.context, query);
  }

  /**
   * Invites a patient (the clinic's invitation command): creates the patient if needed and sends
   * the invitation email with a single-use link. Resolves to the patient's id.
   */
  invite(details: Omit<PatientDetails, 'phone'> & {phone?: E164}): Promise<string> {
    return invite(this.context, details);
  }

  /**
   * The clinic answers a conversation (`npm run server:reply`, the development tools): the patient
   * sees it on her next poll and is emailed that an answer is waiting (never the answer).
   */
  /** The clinic marks a visit a no-show: the policy's no-show fee charged to the card on file (#20). */
  markNoShow(appointmentId: string) {
    return markNoShow(this.context, appointmentId);
  }

  /** The clinic has reviewed the patient's medical entries (#17 item 4): how many it marked. */
  reviewMedicalEntries(patientId: string) {
    return reviewMedicalEntries(this.context, patientId);
  }

  replyAsClinic(
    conversationId: string,
    body: string,
    /** `attachments`: each `{fileName, content}`, the bytes or base64 (checked as a patient's files). */
    staff: {name: string; title?: string; attachments?: unknown},
  ) {
    return replyAsClinic(this.context, conversationId, body, staff);
  }

  /**
   * The clinic adds a document for a patient (`npm run server:add-document`): stored "New" in its
   * folder; the patient is emailed that a document is waiting (never its name or content). The id.
   */
  addClinicDocument(
    patientId: string,
    doc: {folder: string; fileName: string; content: Uint8Array; author?: string},
  ): Promise<string> {
    return addClinicDocument(this.context, patientId, doc);
  }

  /**
   * The clinic grants a holder access to a dependent's record (`npm run server:grant`), changes
   * its scope, or revokes it: the holder's next request for that person follows (#21).
   */
  setProxyGrant(
    holderId: string,
    dependentId: string,
    grant: {scope: ProxyScope; relationship: Relationship} | 'revoke',
  ): Promise<void> {
    return setProxyGrant(this.context, holderId, dependentId, grant);
  }

  /** Sends the reminders due now, once each; resolves to how many appointments were reminded. */
  sendDueReminders(): Promise<number> {
    return sendDueReminders(this.context);
  }

  /** Everything sent so far, oldest first (the development outbox; tests read it). */
  outbox(): Promise<OutboxMessage[]> {
    return listMessages(this.context.db);
  }
}
