-- The patient's preferred name and postal address (#17): both hers to change on her profile,
-- checked by the domain (`rules/profile.ts`, `rules/address.ts`: her country's fields, normalized)
-- before they are stored. The address is one JSON object of those fields ({"country": "MX",
-- "line1": …}); NULL when she gave none.
ALTER TABLE patients
  ADD COLUMN preferred_name text CHECK (char_length(preferred_name) BETWEEN 1 AND 100),
  ADD COLUMN address jsonb CHECK (jsonb_typeof(address) = 'object');
