-- The photos of a patient's insurance cards (issue #17, item 5, seed 003): its front and its back,
-- each checked by the profile photo's rule (`src/domain/rules/profile-image.ts`: JPEG, PNG or WebP
-- by the first bytes, at most 5 MB) and kept as the profile photo is (`profile_photos`), served only
-- to the card's owner. A card's photos go with it.
CREATE TABLE insurance_card_photos (
  card_id text NOT NULL REFERENCES insurance_cards (id) ON DELETE CASCADE,
  side text NOT NULL CHECK (side IN ('front', 'back')),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  content bytea NOT NULL CHECK (octet_length(content) <= 5242880),
  width integer NOT NULL,
  height integer NOT NULL,
  updated_ms bigint NOT NULL,
  PRIMARY KEY (card_id, side)
);
