-- Booking with a card on file (#20 item 4). A booking the clinic's policy needs a card for records
-- the card it authorized (card id, brand, last four, amount, provider, when: never a number), and a
-- late-cancellation or no-show fee charged under it is recorded once on the appointment (kind,
-- amount, when, the card that took it). The fee is written in the same versioned update that
-- cancels or marks the visit, so two concurrent cancellations charge once.
ALTER TABLE appointments ADD COLUMN card_authorization jsonb;
ALTER TABLE appointments ADD COLUMN fee_charge jsonb;
