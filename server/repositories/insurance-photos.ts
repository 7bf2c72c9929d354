/** The `insurance_card_photos` table (an insurance card's front and back, #17): SQL only. */
import type {InsuranceCardSide} from '../../src/domain/rules/insurance.js';
import type {CheckedPhoto, PhotoContentType, ProfilePhoto} from '../../src/domain/rules/profile-image.js';
import type {Queryable} from '../db.js';

/** The card's photo of that side, or `undefined` when it has none. */
export async function cardPhoto(
  q: Queryable,
  cardId: string,
  side: InsuranceCardSide,
): Promise<ProfilePhoto | undefined> {
  const [row] = await q.query<{content_type: PhotoContentType; content: Uint8Array}>(
    'SELECT content_type, content FROM insurance_card_photos WHERE card_id = $1 AND side = $2',
    [cardId, side],
  );
  return row && {contentType: row.content_type, content: row.content};
}

/** Stores the photo of that side in place of any earlier one. */
export async function upsertCardPhoto(
  q: Queryable,
  cardId: string,
  side: InsuranceCardSide,
  photo: CheckedPhoto,
  content: Uint8Array,
  updatedMs: number,
): Promise<void> {
  await q.query(
    `INSERT INTO insurance_card_photos (card_id, side, content_type, content, width, height, updated_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (card_id, side) DO UPDATE SET content_type = EXCLUDED.content_type,
       content = EXCLUDED.content, width = EXCLUDED.width, height = EXCLUDED.height,
       updated_ms = EXCLUDED.updated_ms`,
    [cardId, side, photo.contentType, content, photo.width, photo.height, updatedMs],
  );
}

/** Removes the photo of that side; whether there was one. */
export async function deleteCardPhoto(
  q: Queryable,
  cardId: string,
  side: InsuranceCardSide,
): Promise<boolean> {
  const rows = await q.query<{card_id: string}>(
    'DELETE FROM insurance_card_photos WHERE card_id = $1 AND side = $2 RETURNING card_id',
    [cardId, side],
  );
  return rows.length > 0;
}
