-- A drawn signature on a consent (issue #18): optional, beside the typed name. The PNG as checked
-- by the domain's rule (`src/domain/rules/signature-image.ts`: PNG magic bytes, 8-bit, not
-- interlaced, at most 100 KB, sane dimensions, data that decodes) and rebuilt from its IHDR, IDAT
-- and IEND chunks only. Printed on the consent's PDF.
ALTER TABLE consent_signatures
  ADD COLUMN signature_png bytea CHECK (signature_png IS NULL OR octet_length(signature_png) <= 102400);
