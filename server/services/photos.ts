/**
 * The patient's profile photo (#17, item 3): one each, its bytes in the database. What is accepted
 * is the domain's (`rules/profile-image.ts`: JPEG, PNG or WebP by the first bytes, at most 5 MB,
 * a size it can decode), as in the memory adapter; bad input stores nothing. Only the signed-in
 * owner reads it (there is no address for anyone else's). Storing and removing are audited with
 * her id only, never the bytes; reading is not (the portal shows it on every profile visit).
 */
import {ValidationError} from '../../src/domain/errors.js';
import {checkPhoto, type CheckedPhoto, type ProfilePhoto} from '../../src/domain/rules/profile-image.js';
import type {Queryable} from '../db.js';
import {deletePatientPhoto, patientPhoto, upsertPatientPhoto} from '../repositories/photos.js';
import {auditCall} from './audit.js';
import type {CallContext, PortalContext} from './context.js';
import {fromBase64} from './documents.js';
import {requirePatient} from './session.js';

/** Her photo, or `undefined` when she has none. */
export async function getProfilePhoto(
  s: PortalContext,
  call: CallContext,
): Promise<ProfilePhoto | undefined> {
  const {patient} = await requirePatient(s, call);
  return patientPhoto(s.db, patient.id);
}

/** Stores her photo (the domain's check first: a 422 stores nothing), audited `photo.upload`. */
export async function uploadProfilePhoto(
  s: PortalContext,
  call: CallContext,
  body: unknown,
): Promise<CheckedPhoto> {
  const live = await requirePatient(s, call);
  const bytes = fromBase64((body as {content?: unknown} | undefined)?.content);
  if (!bytes) throw new ValidationError({photo: 'invalid'});
  const checked = checkPhoto(bytes);
  const patientId = live.patient.id;
  await s.db.transaction(async (q) => {
    await upsertPatientPhoto(q, patientId, checked, Buffer.from(bytes), s.clock());
    await auditCall(s, q, call, {
      actor: patientId,
      action: 'photo.upload',
      patientId,
      sessionId: live.row.id,
    });
  });
  return checked;
}

/** Removes her photo, audited `photo.remove` when there was one. */
export async function removeProfilePhoto(s: PortalContext, call: CallContext): Promise<void> {
  const live = await requirePatient(s, call);
  const patientId = live.patient.id;
  await s.db.transaction(async (q) => {
    if (await deletePatientPhoto(q, patientId))
      await auditCall(s, q, call, {
        actor: patientId,
        action: 'photo.remove',
        patientId,
        sessionId: live.row.id,
      });
  });
}

/** A seeded patient's photo (the demo's), checked like an upload. */
export async function seedPhoto(
  s: PortalContext,
  q: Queryable,
  patientId: string,
  content: string,
): Promise<void> {
  const bytes = new Uint8Array(Buffer.from(content, 'base64'));
  await upsertPatientPhoto(q, patientId, checkPhoto(bytes), Buffer.from(bytes), s.clock());
}
