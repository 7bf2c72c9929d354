-- A provider's calendar version moves on with every change to what keeps the provider busy, from
-- any code path (a booking, a cancellation, a reschedule, a hold, a status set by a link or by the
-- clinic's tools): cached availability is valid while the versions it was computed under stand.
-- The version is a row in the same transaction as the change, so a reader never sees a version
-- without the change it stands for.
CREATE FUNCTION bump_provider_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO provider_calendars (provider_id, version) VALUES (OLD.provider_id, 1)
      ON CONFLICT (provider_id) DO UPDATE SET version = provider_calendars.version + 1;
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.provider_id IS DISTINCT FROM OLD.provider_id) THEN
    INSERT INTO provider_calendars (provider_id, version) VALUES (NEW.provider_id, 1)
      ON CONFLICT (provider_id) DO UPDATE SET version = provider_calendars.version + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER appointments_calendar_version
  AFTER INSERT OR DELETE OR UPDATE OF status, start_ms, end_ms, provider_id ON appointments
  FOR EACH ROW EXECUTE FUNCTION bump_provider_calendar();

CREATE TRIGGER holds_calendar_version
  AFTER INSERT OR DELETE OR UPDATE ON holds
  FOR EACH ROW EXECUTE FUNCTION bump_provider_calendar();
