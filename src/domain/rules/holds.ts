/**
 * Who may hold a slot (issue #14 item 7, slot squatting): a signed-in patient, or a guest with the
 * proof of a phone verified by SMS code (its `phoneVerificationToken`, still live and not yet used
 * by a booking). Holding does not use the proof up: the booking does. Without a session and
 * without a proof, no hold: a guest's widget holds once the phone is verified.
 */
import type {FieldErrorCode} from '../errors.js';

/** A verified phone's proof as a backend stores it. */
export interface PhoneProof {
  readonly used: boolean;
  /** When it stops being accepted (ms). */
  readonly expires: number;
}

/** Whether a phone's proof may still be used (to hold, or to book with). */
export function phoneProofLive(proof: PhoneProof | undefined, now: number): proof is PhoneProof {
  return proof !== undefined && !proof.used && proof.expires > now;
}

/**
 * What is wrong with a hold request's proof (`phoneVerificationToken`), or null when the caller may
 * hold: a signed-in patient always may; a guest needs a live proof.
 */
export function holdProofProblem(
  signedIn: boolean,
  token: unknown,
  proof: PhoneProof | undefined,
  now: number,
): FieldErrorCode | null {
  if (signedIn) return null;
  if (typeof token !== 'string' || token === '') return 'required';
  return phoneProofLive(proof, now) ? null : 'invalid';
}
