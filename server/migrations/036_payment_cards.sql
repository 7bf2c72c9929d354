-- The card a deposit or balance payment was paid with, for its receipt (#20): brand and last four
-- only ({"brand": "visa", "last4": "4242"}), never the number. Recorded by the demo provider's
-- confirmation; NULL where it is not known (payments from before, Stripe's field): the receipt then
-- says "paid online".
ALTER TABLE payment_intents ADD COLUMN card jsonb;
