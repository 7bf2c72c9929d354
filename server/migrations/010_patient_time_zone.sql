-- The patient's own time zone when their browser was in another zone than the clinic's at booking
-- (issue #23): the confirmation, reschedule, reminder and cancellation emails then also state the
-- time in it. Unknown (NULL) for bookings before this migration and for patients in the clinic's zone.
ALTER TABLE appointments ADD COLUMN patient_time_zone text;
