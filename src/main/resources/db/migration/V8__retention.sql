-- Retention (issue #7): nothing that is evidence is ever deleted, and the database itself says no, whoever asks.
-- V3, V4 and V6 made custody_event, audit_checkpoint, device_event and alert_event refuse UPDATE and DELETE;
-- custody_event and alert_event also refused TRUNCATE. This closes the rest: TRUNCATE of audit_checkpoint and
-- device_event, and photos (content-addressed evidence, never rewritten) become append-only too.

-- One message for every evidence table (V3's named custody events only, though other tables used it too).
CREATE OR REPLACE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'history is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoint FROM PUBLIC;

CREATE TRIGGER device_event_no_truncate BEFORE TRUNCATE ON device_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
REVOKE UPDATE, DELETE, TRUNCATE ON device_event FROM PUBLIC;

CREATE TRIGGER photo_append_only BEFORE UPDATE OR DELETE ON photo
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER photo_no_truncate BEFORE TRUNCATE ON photo
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
REVOKE UPDATE, DELETE, TRUNCATE ON photo FROM PUBLIC;
