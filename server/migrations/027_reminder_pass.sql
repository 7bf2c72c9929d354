-- The reminder pass reads the active appointments starting within the longest reminder offset in
-- steps of (start, id) (server/services/reminders.ts): without this index each step scanned and
-- sorted the whole table (a seq scan per 500 appointments), with it each step is an index range.
CREATE INDEX appointments_active_start ON appointments (start_ms, id)
  WHERE status IN ('pending', 'booked', 'confirmed');
