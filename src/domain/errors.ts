/**
 * The typed errors every backend throws and every element understands (slot taken, validation by
 * field, not signed in, rate limited…). They live in the domain so the clinic's rules
 * (`domain/rules/`) can refuse with them; `adapters/adapter.ts` re-exports them as part of the
 * contract.
 */
export type PortalErrorCode =
  | 'slot-taken'
  | 'validation'
  | 'not-signed-in'
  | 'session-expired'
  | 'forbidden'
  | 'rate-limited'
  | 'network'
  | 'timeout'
  | 'server'
  | 'not-supported'
  | 'not-found'
  | 'invalid-link'
  | 'payment-failed'
  | 'hold-expired';

/** Base class of every failure an adapter reports. `code` is stable; messages are localized by elements. */
export class PortalError extends Error {
  override readonly name: string = 'PortalError';
  constructor(
    readonly code: PortalErrorCode,
    message: string = code,
    options?: {cause?: unknown},
  ) {
    super(message, options);
  }
  /** Whether retrying the same request later may succeed (never true for a rejected write). */
  get retryable(): boolean {
    return (
      this.code === 'network' ||
      this.code === 'timeout' ||
      this.code === 'server' ||
      this.code === 'rate-limited'
    );
  }
}

/** The slot was booked by someone else (REST 409, FHIR 412 / OperationOutcome conflict). */
export class SlotTakenError extends PortalError {
  override readonly name = 'SlotTakenError';
  constructor(readonly slotId?: string) {
    super('slot-taken');
  }
}

/** Why a field was refused. Elements map each code to a localized message next to the field. */
export type FieldErrorCode =
  | 'required'
  | 'invalid'
  | 'invalid-email'
  | 'invalid-phone'
  | 'invalid-date'
  | 'date-in-future'
  | 'date-too-old'
  | 'too-long'
  | 'too-short'
  | 'password-too-short'
  | 'password-too-common'
  | 'password-personal'
  | 'password-mismatch'
  | 'duplicate'
  | 'too-many'
  | 'consent-required'
  | 'policy-required'
  | 'code-invalid'
  | 'code-expired'
  | 'unavailable'
  /** A detail the clinic keeps as it holds it (`Clinic.identityReadOnly`): changed at the front desk, not online. */
  | 'read-only'
  /** An upload (`rules/documents.ts`): no bytes, over the clinic's limit, a type not accepted, HEIC. */
  | 'file-empty'
  | 'file-too-large'
  | 'file-type'
  | 'file-heic';

export class ValidationError extends PortalError {
  override readonly name = 'ValidationError';
  /** Field name (the request's property path, e.g. `patient.email`, `phones.3`) → reason. */
  constructor(readonly fields: Readonly<Record<string, FieldErrorCode>>) {
    super('validation', `invalid: ${Object.keys(fields).join(', ')}`);
  }
}

/** The request needs a signed-in patient: none (`not-signed-in`) or the session ended (`session-expired`). */
export class NotSignedInError extends PortalError {
  override readonly name = 'NotSignedInError';
  constructor(readonly reason: 'not-signed-in' | 'session-expired' = 'not-signed-in') {
    super(reason);
  }
}

/** Signed in, but not allowed (another patient's appointment, a closed action). */
export class ForbiddenError extends PortalError {
  override readonly name = 'ForbiddenError';
  constructor() {
    super('forbidden');
  }
}

export class RateLimitedError extends PortalError {
  override readonly name = 'RateLimitedError';
  /** Seconds to wait before trying again (from Retry-After). */
  constructor(readonly retryAfterSeconds: number) {
    super('rate-limited', `retry after ${retryAfterSeconds}s`);
  }
}

/** The backend could not be reached (`network`, including offline), answered too late (`timeout`) or failed (`server`, 5xx, malformed reply). */
export class NetworkError extends PortalError {
  override readonly name = 'NetworkError';
  /**
   * What the server said the problem was, when it is one an element words on its own:
   * `document-unreadable` (a stored document's or message file's bytes cannot be read back).
   */
  readonly problem?: 'document-unreadable';
  constructor(
    code: 'network' | 'timeout' | 'server' = 'network',
    readonly retryAfterSeconds?: number,
    options?: {cause?: unknown; problem?: 'document-unreadable'},
  ) {
    super(code, code, options);
    if (options?.problem) this.problem = options.problem;
  }
}

export class NotSupportedError extends PortalError {
  override readonly name = 'NotSupportedError';
  constructor(readonly capability: string) {
    super('not-supported', `not supported: ${capability}`);
  }
}

export class NotFoundError extends PortalError {
  override readonly name = 'NotFoundError';
  constructor() {
    super('not-found');
  }
}

/** An emailed link or token that is unknown, used or expired. One error for all three, on purpose. */
export class InvalidLinkError extends PortalError {
  override readonly name = 'InvalidLinkError';
  constructor() {
    super('invalid-link');
  }
}

export class PaymentFailedError extends PortalError {
  override readonly name = 'PaymentFailedError';
  constructor() {
    super('payment-failed');
  }
}

export class HoldExpiredError extends PortalError {
  override readonly name = 'HoldExpiredError';
  constructor() {
    super('hold-expired');
  }
}

export function isPortalError(e: unknown): e is PortalError {
  return e instanceof PortalError;
}

export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as {name?: unknown}).name === 'AbortError';
}
