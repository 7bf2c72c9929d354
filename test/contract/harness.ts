/** What a backend gives the contract suite: its adapter and the controls a test needs. */
import type {PortalAdapter, ProxyScope, Relationship} from '../../src/adapters/adapter.js';
import type {
  Appointment,
  Clinic,
  OutboxMessage,
  PaymentIntent,
  PlainDate,
  Session,
} from '../../src/domain/types.js';

export interface AdapterHarness {
  readonly adapter: PortalAdapter;
  /**
   * Everything the backend "sent" so far, oldest first. Absent when the harness cannot read what
   * the backend sends (a FHIR server's own messages): the checks of messages are then skipped.
   */
  outbox?(): Promise<OutboxMessage[]>;
  /**
   * Signs the known patient in through the backend's external sign-in (`Capabilities.signIn.kind
   * === 'external'`, e.g. SMART on FHIR); the suite uses it instead of a password for such backends.
   */
  signInExternal?(): Promise<Session>;
  /** Sets the backend's clock (epoch ms). */
  setNow?(ms: number): void | Promise<void>;
  /** Moves the backend's clock forward. */
  advance?(ms: number): void | Promise<void>;
  /** Sends the reminders due at the backend's current time. */
  runReminders?(): void | Promise<void>;
  /** Completes the payment step of a deposit intent with a card that succeeds. */
  payDeposit?(intent: PaymentIntent): void | Promise<void>;
  /** The clinic answers one of a patient's conversations (its staff side: CLI, endpoint, demo), with files if given. */
  replyAsClinic?(
    conversationId: string,
    body: string,
    attachments?: readonly {fileName: string; content: Uint8Array}[],
  ): Promise<void>;
  /**
   * The clinic adds a document for a patient by id (its staff side: CLI, demo); resolves to the
   * new document's id.
   */
  addClinicDocument?(
    patientId: string,
    doc: {folder: string; fileName: string; content: Uint8Array; author?: string},
  ): Promise<string>;
  /** The clinic marks a visit a no-show (its staff side: CLI, endpoint, demo); the appointment after. */
  markNoShow?(appointmentId: string): Promise<Appointment>;
  /**
   * The clinic grants a holder access to a dependent's record, changes its scope, or revokes it
   * (its staff side: CLI, endpoint, demo).
   */
  setProxyGrant?(
    holderId: string,
    dependentId: string,
    grant: {scope: ProxyScope; relationship: Relationship} | 'revoke',
  ): Promise<void>;
  /**
   * The clinic changes its configuration (its staff side: the clinic's configuration file, the
   * demo's data): e.g. `securityQuestion: 'required'`. Later reads of the clinic see it.
   */
  configureClinic?(patch: Partial<Clinic>): void | Promise<void>;
  /** A patient with an account. */
  readonly knownPatient: {readonly email: string; readonly password: string; readonly dateOfBirth: PlainDate};
  /** A pending invitation's token (otherwise one is looked for in the outbox). */
  readonly invitationToken?: string;
  close(): Promise<void>;
}

export interface ContractOptions {
  /**
   * Tests this adapter cannot pass yet, by title, each with the reason (e.g. the backend's slice
   * that will bring it). They are reported as skipped, never as passed; keep the list short and
   * honest.
   */
  readonly skip?: Readonly<Record<string, string>>;
  /**
   * Only these areas (the files of `test/contract/`), for a second run of the contract against the
   * same backend in another mode (bearer tokens, a second sign-in factor, another clock) where only
   * some areas can behave differently. The first run of a backend always runs every area.
   */
  readonly only?: readonly ContractArea[];
}

export type ContractArea =
  | 'clinic'
  | 'accounts'
  | 'availability'
  | 'booking'
  | 'deposits'
  | 'appointments'
  | 'reminders'
  | 'telehealth'
  | 'profile'
  | 'forms'
  | 'documents'
  | 'document-details'
  | 'billing'
  | 'messages'
  | 'cards'
  | 'card-fees'
  | 'medical'
  | 'insurance'
  | 'photo'
  | 'security-question'
  | 'first-access'
  | 'insurance-photos'
  | 'waitlist'
  | 'proxy'
  | 'abort';
