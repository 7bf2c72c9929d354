-- Paying an invoice's balance online (issue #20): a payment intent of the clinic's provider, as a
-- deposit is, tied to the appointment whose invoice it pays. At most one unpaid intent per invoice
-- (a second request, from another tab or server, gets the same one), so a balance is never paid
-- twice; a paid one is a payment on the invoice (paid_ms is its date).
ALTER TABLE payment_intents ADD COLUMN invoice_for text REFERENCES appointments (id);
CREATE UNIQUE INDEX payment_intents_open_invoice ON payment_intents (invoice_for)
  WHERE invoice_for IS NOT NULL AND state <> 'succeeded';
