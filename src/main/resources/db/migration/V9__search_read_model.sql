-- A read model for the regulator's search (issue #8). A manifest's and a transfer's state are derived from their
-- containers (ManifestState, TrailService.transfer); the search used to derive them per row with an aggregate over
-- every container, so "transfers of a town in state CLOSED" aggregated every transfer of the city before it could
-- filter (6 s on the city history). Here the derived state is stored, kept by triggers in the same transaction as
-- the change it follows, so it is never behind what the trail and the transfer route show.
--
-- How it stays right under concurrency: a row trigger notes which manifests and transfers a change touches (in a
-- transaction-local setting); a deferred constraint trigger recomputes them once, at commit, after every container
-- lock of the transaction is held. It locks the progress rows in id order (two transactions never wait on each
-- other in opposite orders) and then reads the containers with a fresh snapshot, so a transaction that waited for
-- another one's lock sees that one's committed changes: two handhelds receiving different drums of one transfer at
-- the same moment cannot leave it RECEIVED when both together made it CLOSED.

CREATE TABLE manifest_progress (
    manifest_id  bigint PRIMARY KEY REFERENCES manifest(id),
    state        text NOT NULL CHECK (state IN ('OPEN', 'IN_PROGRESS', 'CLOSED', 'CANCELLED'))
);
CREATE INDEX manifest_progress_state_idx ON manifest_progress (state, manifest_id);

CREATE TABLE transfer_progress (
    transfer_id  bigint PRIMARY KEY REFERENCES transfer(id),
    state        text NOT NULL CHECK (state IN ('OPEN', 'IN_TRANSIT', 'RECEIVED', 'CLOSED')),
    -- the generators whose containers the transfer declares (fixed per container), for the town and generator filters
    generators   bigint[] NOT NULL DEFAULT '{}'
);
CREATE INDEX transfer_progress_state_idx ON transfer_progress (state, transfer_id);
CREATE INDEX transfer_progress_generators_idx ON transfer_progress USING gin (generators);

-- The container search's town/generator filters with a date range (a year of a town's containers: 99 range scans
-- instead of a scan of the table). It replaces (generator_party_id, state): every custody event changes the state,
-- so that index took a new entry per event, and a generator's few thousand containers filter by state cheaply.
-- With the id included, a page of those containers picks its ids from this index alone.
CREATE INDEX container_generator_created_idx ON container (generator_party_id, created_at) INCLUDE (id);
DROP INDEX container_generator_idx;

-- The waste code filter of the manifest search: the unique (manifest_id, waste_code) index only serves it by reading
-- the whole index; lines are written once, when a manifest is issued, so this costs the handheld path nothing.
CREATE INDEX manifest_line_code_idx ON manifest_line (waste_code, manifest_id);

-- The rules, once, as views: ManifestState.of and TrailService.transfer say the same in Java (a test compares them).
CREATE VIEW manifest_progress_derived AS
SELECT m.id AS manifest_id,
       CASE WHEN m.cancelled_at IS NOT NULL THEN 'CANCELLED'
            WHEN count(c.id) FILTER (WHERE c.state <> 'ISSUED') = 0 THEN 'OPEN'
            WHEN count(c.id) FILTER (WHERE c.state NOT IN ('DISPOSED', 'CANCELLED')) = 0 THEN 'CLOSED'
            ELSE 'IN_PROGRESS' END AS state
FROM manifest m LEFT JOIN container c ON c.manifest_id = m.id
GROUP BY m.id;

CREATE VIEW transfer_progress_derived AS
SELECT t.id AS transfer_id,
       CASE WHEN count(c.id) FILTER (WHERE c.state IN ('IN_TRANSIT', 'RECEIVED', 'DISPOSED', 'REFUSED')) = 0 THEN 'OPEN'
            WHEN count(c.id) FILTER (WHERE c.state = 'IN_TRANSIT') > 0 THEN 'IN_TRANSIT'
            WHEN count(c.id) FILTER (WHERE c.state IN ('DISPOSED', 'REFUSED'))
                 + count(c.id) FILTER (WHERE c.transfer_id IS DISTINCT FROM t.id) >= count(c.id) THEN 'CLOSED'
            ELSE 'RECEIVED' END AS state,
       coalesce(array_agg(DISTINCT c.generator_party_id ORDER BY c.generator_party_id) FILTER (WHERE c.id IS NOT NULL),
                '{}') AS generators
FROM transfer t LEFT JOIN transfer_item ti ON ti.transfer_id = t.id LEFT JOIN container c ON c.id = ti.container_id
GROUP BY t.id;

CREATE FUNCTION refresh_manifest_progress(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM manifest_progress WHERE manifest_id = ANY (ids) ORDER BY manifest_id FOR UPDATE;
    -- a new statement: a fresh snapshot, taken after the locks above were granted
    INSERT INTO manifest_progress AS p (manifest_id, state)
    SELECT d.manifest_id, d.state FROM manifest_progress_derived d WHERE d.manifest_id = ANY (ids) ORDER BY d.manifest_id
    ON CONFLICT (manifest_id) DO UPDATE SET state = EXCLUDED.state WHERE p.state IS DISTINCT FROM EXCLUDED.state;
END $$;

CREATE FUNCTION refresh_transfer_progress(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM transfer_progress WHERE transfer_id = ANY (ids) ORDER BY transfer_id FOR UPDATE;
    INSERT INTO transfer_progress AS p (transfer_id, state, generators)
    SELECT d.transfer_id, d.state, d.generators FROM transfer_progress_derived d WHERE d.transfer_id = ANY (ids)
    ORDER BY d.transfer_id
    ON CONFLICT (transfer_id) DO UPDATE SET state = EXCLUDED.state, generators = EXCLUDED.generators
        WHERE (p.state, p.generators) IS DISTINCT FROM (EXCLUDED.state, EXCLUDED.generators);
END $$;

-- Every row of both, from scratch (this migration; the synthetic history generator, which writes without triggers).
CREATE FUNCTION refresh_all_progress() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO manifest_progress AS p (manifest_id, state) SELECT manifest_id, state FROM manifest_progress_derived
    ON CONFLICT (manifest_id) DO UPDATE SET state = EXCLUDED.state WHERE p.state IS DISTINCT FROM EXCLUDED.state;
    INSERT INTO transfer_progress AS p (transfer_id, state, generators)
    SELECT transfer_id, state, generators FROM transfer_progress_derived
    ON CONFLICT (transfer_id) DO UPDATE SET state = EXCLUDED.state, generators = EXCLUDED.generators
        WHERE (p.state, p.generators) IS DISTINCT FROM (EXCLUDED.state, EXCLUDED.generators);
END $$;

-- Notes an id in a transaction-local list ('hazchain.progress_manifests' or '..._transfers'), once.
CREATE FUNCTION progress_note(list text, id bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    noted text := coalesce(current_setting(list, true), '');
BEGIN
    IF id IS NULL OR position(',' || id || ',' IN ',' || noted || ',') > 0 THEN
        RETURN;
    END IF;
    PERFORM set_config(list, CASE WHEN noted = '' THEN id::text ELSE noted || ',' || id END, true);
END $$;

-- Only some container changes can move a derived state (ManifestState, TrailService.transfer):
--   a manifest's: entering or leaving ISSUED, or entering or leaving {DISPOSED, CANCELLED};
--   a transfer's: entering or leaving {IN_TRANSIT, RECEIVED, DISPOSED, REFUSED}, IN_TRANSIT or {DISPOSED, REFUSED},
--   or the container's transfer changing.
-- Storing a collected drum (COLLECTED -> IN_STORAGE) changes neither, so it calls no PL/pgSQL at all (the triggers'
-- WHEN clauses inline these SQL functions); loading and receiving do not recompute the manifest, collecting does
-- not look up transfers.
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

CREATE FUNCTION progress_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- At commit: the first firing refreshes everything noted (in id order) and empties the lists; the others find them empty.
CREATE FUNCTION progress_flush() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    manifests text := coalesce(current_setting('hazchain.progress_manifests', true), '');
    transfers text := coalesce(current_setting('hazchain.progress_transfers', true), '');
BEGIN
    IF manifests <> '' THEN
        PERFORM set_config('hazchain.progress_manifests', '', true);
        PERFORM refresh_manifest_progress(ARRAY(SELECT x FROM unnest(string_to_array(manifests, ',')::bigint[]) AS x ORDER BY x));
    END IF;
    IF transfers <> '' THEN
        PERFORM set_config('hazchain.progress_transfers', '', true);
        PERFORM refresh_transfer_progress(ARRAY(SELECT x FROM unnest(string_to_array(transfers, ',')::bigint[]) AS x ORDER BY x));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER container_progress_note AFTER INSERT ON container FOR EACH ROW EXECUTE FUNCTION progress_note_change();
CREATE TRIGGER container_progress_note_update AFTER UPDATE ON container FOR EACH ROW
    WHEN (progress_manifest_moves(OLD.state, NEW.state) OR progress_transfer_moves(OLD.state, NEW.state)
          OR OLD.transfer_id IS DISTINCT FROM NEW.transfer_id)
    EXECUTE FUNCTION progress_note_change();
CREATE TRIGGER manifest_progress_note AFTER INSERT ON manifest FOR EACH ROW EXECUTE FUNCTION progress_note_change();
CREATE TRIGGER manifest_progress_note_update AFTER UPDATE ON manifest FOR EACH ROW
    WHEN (OLD.cancelled_at IS DISTINCT FROM NEW.cancelled_at) EXECUTE FUNCTION progress_note_change();
CREATE TRIGGER transfer_progress_note AFTER INSERT ON transfer FOR EACH ROW EXECUTE FUNCTION progress_note_change();
CREATE TRIGGER transfer_item_progress_note AFTER INSERT OR DELETE ON transfer_item FOR EACH ROW EXECUTE FUNCTION progress_note_change();

CREATE CONSTRAINT TRIGGER container_progress_flush AFTER INSERT ON container DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION progress_flush();
CREATE CONSTRAINT TRIGGER container_progress_flush_update AFTER UPDATE ON container DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (progress_manifest_moves(OLD.state, NEW.state) OR progress_transfer_moves(OLD.state, NEW.state)
          OR OLD.transfer_id IS DISTINCT FROM NEW.transfer_id)
    EXECUTE FUNCTION progress_flush();
CREATE CONSTRAINT TRIGGER manifest_progress_flush AFTER INSERT ON manifest DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION progress_flush();
CREATE CONSTRAINT TRIGGER manifest_progress_flush_update AFTER UPDATE ON manifest DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (OLD.cancelled_at IS DISTINCT FROM NEW.cancelled_at) EXECUTE FUNCTION progress_flush();
CREATE CONSTRAINT TRIGGER transfer_progress_flush AFTER INSERT ON transfer DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION progress_flush();
CREATE CONSTRAINT TRIGGER transfer_item_progress_flush AFTER INSERT OR DELETE ON transfer_item DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION progress_flush();

SELECT refresh_all_progress();
