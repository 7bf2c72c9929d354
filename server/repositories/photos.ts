/** The `profile_photos` table (the patient's profile photo, #17): SQL only. */
import type {CheckedPhoto, PhotoContentType, ProfilePhoto} from '../../src/domain/rules/profile-image.js';
import type {Queryable} from '../db.js';

/** The patient's photo, or `undefined` when she has none. */
export async function patientPhoto(q: Queryable, patientId: string): Promise<ProfilePhoto | undefined> {
  const [row] = await q.query<{content_type: PhotoContentType; content: Uint8Array}>(
    'SELECT content_type, content FROM profile_photos WHERE patient_id = $1',
    [patientId],
  );
  return row && {contentType: row.content_type, content: row.content};
}

/** Stores her photo in place of any earlier one. */
export async function upsertPatientPhoto(
  q: Queryable,
  patientId: string,
  photo: CheckedPhoto,
  content: Uint8Array,
  updatedMs: number,
): Promise<void> {
  await q.query(
    `INSERT INTO profile_photos (patient_id, content_type, content, width, height, updated_ms)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (patient_id) DO UPDATE SET content_type = EXCLUDED.content_type,
       content = EXCLUDED.content, width = EXCLUDED.width, height = EXCLUDED.height,
       updated_ms = EXCLUDED.updated_ms`,
    [patientId, photo.contentType, content, photo.width, photo.height, updatedMs],
  );
}

/** Removes her photo; whether there was one. */
export async function deletePatientPhoto(q: Queryable, patientId: string): Promise<boolean> {
  const rows = await q.query<{patient_id: string}>(
    'DELETE FROM profile_photos WHERE patient_id = $1 RETURNING patient_id',
    [patientId],
  );
  return rows.length > 0;
}
