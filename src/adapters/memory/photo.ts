/**
 * The memory adapter's profile photo (#17, item 3): the signed-in patient's photo, one each. What
 * is accepted is the domain's (`domain/rules/profile-image.ts`), as on the reference server. Loaded
 * with the profile's part (`profile.ts` re-exports it), with the demo patient's photo
 * (`demo-photo.ts`).
 */
import {checkPhoto, type CheckedPhoto, type ProfilePhoto} from '../../domain/rules/profile-image.js';
import {DEMO_CLINIC_ID} from './demo-medical.js';
import {demoPhotos} from './demo-photo.js';
import type {MemoryState} from './state.js';

const photos = new WeakMap<MemoryState, Map<string, ProfilePhoto>>();

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The photos, with the seeded patients' (the clinic's, or the demo clinic's), once. */
function stateOf(memory: MemoryState): Map<string, ProfilePhoto> {
  memory.need(memory.caps.photo === true, 'photo');
  let s = photos.get(memory);
  if (s) return s;
  s = new Map();
  photos.set(memory, s);
  const data = memory.data;
  const seeds = data.photos ?? (data.clinic.id === DEMO_CLINIC_ID ? demoPhotos() : []);
  for (const {patientKey, content} of seeds) {
    const email = data.patients?.find((p) => p.key === patientKey)?.email;
    const patient = [...memory.patients.values()].find((p) => p.email === email);
    if (!patient) continue;
    const bytes = fromBase64(content);
    s.set(patient.id, {contentType: checkPhoto(bytes).contentType, content: bytes});
  }
  return s;
}

export function getProfilePhoto(memory: MemoryState): ProfilePhoto | undefined {
  const s = stateOf(memory);
  const photo = s.get(memory.requirePatient().id);
  return photo && {contentType: photo.contentType, content: photo.content.slice()};
}

export function uploadProfilePhoto(memory: MemoryState, content: unknown): CheckedPhoto {
  const s = stateOf(memory);
  const patient = memory.requirePatient();
  const bytes = content instanceof Uint8Array ? content.slice() : new Uint8Array(0);
  const checked = checkPhoto(bytes);
  s.set(patient.id, {contentType: checked.contentType, content: bytes});
  return checked;
}

export function removeProfilePhoto(memory: MemoryState): void {
  stateOf(memory).delete(memory.requirePatient().id);
}
