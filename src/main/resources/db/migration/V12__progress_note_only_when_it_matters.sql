-- The search's read model (V9) noted a container's manifest and transfers at every change of its state. Only some
-- changes can change their derived state (ManifestState, TrailService.transfer):
--   a manifest's: entering or leaving ISSUED, or entering or leaving {DISPOSED, CANCELLED};
--   a transfer's: entering or leaving {IN_TRANSIT, RECEIVED, DISPOSED, REFUSED}, IN_TRANSIT or {DISPOSED, REFUSED},
--   or the container's transfer changing.
-- Storing a collected drum (COLLECTED -> IN_STORAGE) changes neither, so it no longer calls PL/pgSQL at all; loading
-- and receiving no longer recompute the manifest, collecting no longer looks up transfers.

CREATE FUNCTION progress_manifest_moves(old_state text, new_state text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT (old_state = 'ISSUED') IS DISTINCT FROM (new_state = 'ISSUED')
        OR (old_state IN ('DISPOSED', 'CANCELLED')) IS DISTINCT FROM (new_state IN ('DISPOSED', 'CANCELLED'))
$$;

CREATE FUNCTION progress_transfer_moves(old_state text, new_state text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT (old_state IN ('IN_TRANSIT', 'RECEIVED', 'DISPOSED', 'REFUSED'))
               IS DISTINCT FROM (new_state IN ('IN_TRANSIT', 'RECEIVED', 'DISPOSED', 'REFUSED'))
        OR (old_state = 'IN_TRANSIT') IS DISTINCT FROM (new_state = 'IN_TRANSIT')
        OR (old_state IN ('DISPOSED', 'REFUSED')) IS DISTINCT FROM (new_state IN ('DISPOSED', 'REFUSED'))
$$;

CREATE OR REPLACE FUNCTION progress_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'container' THEN
        IF TG_OP = 'INSERT' OR progress_manifest_moves(OLD.state, NEW.state) THEN
            PERFORM progress_note('hazchain.progress_manifests', NEW.manifest_id);
        END IF;
        IF TG_OP = 'UPDATE' AND (progress_transfer_moves(OLD.state, NEW.state) OR OLD.transfer_id IS DISTINCT FROM NEW.transfer_id) THEN
            PERFORM progress_note('hazchain.progress_transfers', ti.transfer_id)
            FROM transfer_item ti WHERE ti.container_id = NEW.id;
        END IF;
    ELSIF TG_TABLE_NAME = 'manifest' THEN
        PERFORM progress_note('hazchain.progress_manifests', NEW.id);
    ELSIF TG_TABLE_NAME = 'transfer' THEN
        PERFORM progress_note('hazchain.progress_transfers', NEW.id);
    ELSIF TG_TABLE_NAME = 'transfer_item' THEN
        PERFORM progress_note('hazchain.progress_transfers', CASE WHEN TG_OP = 'DELETE' THEN OLD.transfer_id ELSE NEW.transfer_id END);
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER container_progress_note_update ON container;
CREATE TRIGGER container_progress_note_update AFTER UPDATE ON container FOR EACH ROW
    WHEN (progress_manifest_moves(OLD.state, NEW.state) OR progress_transfer_moves(OLD.state, NEW.state)
          OR OLD.transfer_id IS DISTINCT FROM NEW.transfer_id)
    EXECUTE FUNCTION progress_note_change();

DROP TRIGGER container_progress_flush_update ON container;
CREATE CONSTRAINT TRIGGER container_progress_flush_update AFTER UPDATE ON container DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (progress_manifest_moves(OLD.state, NEW.state) OR progress_transfer_moves(OLD.state, NEW.state)
          OR OLD.transfer_id IS DISTINCT FROM NEW.transfer_id)
    EXECUTE FUNCTION progress_flush();
