-- Typed custody events (issue #13). An event's facts become fields instead of free text:
--   * hash_version: 1 for every event written before (hashed with their free-text details, as before), 2 since
--     (hashed with the fields below; custody/log/EventHash);
--   * generator_party_id: the container's generator, on every event (the generator trail reads its events by index);
--   * storage_point_id: the storage point of a CONTAINER_STORED event;
--   * facts: the rest of an event's facts by name, as text (acceptance, refusedKg, reason, licenceNumber of a receipt;
--     method, certificate, disposedOn of a disposal; reason of a cancellation; what a label was issued with...).
-- The chain now starts at issue: LABEL_ISSUED events have no from_state.
--
-- Events written before (version 1) get their facts here, once, derived from their hashed details and, for the
-- storage point of a stay, from the events around it exactly as the mass balance used to derive it in every query.
-- These derived fields are not in a version 1 hash; AuditService checks that they still agree with the hashed
-- details through custody_v1_facts below, the one place that reads that text.

ALTER TABLE custody_event
    ADD COLUMN hash_version smallint NOT NULL DEFAULT 1 CHECK (hash_version IN (1, 2)),
    ADD COLUMN generator_party_id bigint,
    ADD COLUMN storage_point_id bigint REFERENCES party(id),
    ADD COLUMN facts jsonb NOT NULL DEFAULT '{}';
ALTER TABLE custody_event ALTER COLUMN from_state DROP NOT NULL;
ALTER TABLE custody_event ADD CONSTRAINT custody_event_from_state_check CHECK ((from_state IS NULL) = (type = 'LABEL_ISSUED'));

-- The facts of a version 1 event, from its details as the writers of that version formatted them:
--   receipt:     acceptance=X[; refusedKg=N; reason=R][; weighed W kg against L kg shipped]
--   disposal:    method=M; certificate=C; disposedOn=YYYY-MM-DD
--   cancel:      reason=R
CREATE FUNCTION custody_v1_facts(event_type text, details text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN event_type IN ('CONTAINER_RECEIVED', 'CONTAINER_REFUSED') THEN jsonb_strip_nulls(jsonb_build_object(
            'acceptance', substring(d.receipt from '^acceptance=([A-Z_]+)'),
            'refusedKg', coalesce(substring(d.receipt from '; refusedKg=([0-9.]+)'), CASE WHEN event_type = 'CONTAINER_RECEIVED' THEN '0' END),
            'reason', substring(d.receipt from '; reason=(.*)$')))
        WHEN event_type = 'CONTAINER_DISPOSED' THEN jsonb_strip_nulls(jsonb_build_object(
            'method', substring(details from '^method=([^;]*);'),
            'certificate', regexp_replace(regexp_replace(details, '^method=[^;]*; certificate=', ''), '; disposedOn=[0-9-]+$', ''),
            'disposedOn', substring(details from '; disposedOn=([0-9-]+)$')))
        WHEN event_type = 'CONTAINER_CANCELLED' THEN jsonb_strip_nulls(jsonb_build_object('reason', substring(details from '^reason=(.*)$')))
        ELSE '{}'::jsonb END
    FROM (SELECT regexp_replace(coalesce(details, ''), '; weighed [0-9.]+ kg against [0-9.]+ kg shipped$', '') AS receipt) d
$$;

ALTER TABLE custody_event DISABLE TRIGGER custody_event_append_only;

UPDATE custody_event e SET generator_party_id = c.generator_party_id FROM container c WHERE c.id = e.container_id;

UPDATE custody_event SET facts = custody_v1_facts(type, details)
WHERE type IN ('CONTAINER_RECEIVED', 'CONTAINER_REFUSED', 'CONTAINER_DISPOSED', 'CONTAINER_CANCELLED');

-- The point of a stay: the acting party when a keeper of the point scanned it; when a keeper employed by the
-- collector did, what followed tells: the lot it was added to, the storage point the loading transfer left from,
-- or, while it is still stored, the container's storage point.
UPDATE custody_event s SET storage_point_id = p.point_id
FROM (SELECT s2.id, CASE WHEN ap.kind = 'STORAGE_POINT' THEN ap.id
                         WHEN nx.id IS NULL THEN CASE WHEN c.state = 'IN_STORAGE' THEN c.storage_point_id END
                         WHEN nx.type = 'CONTAINER_ADDED_TO_LOT' THEN nl.storage_point_id
                         WHEN nx.type = 'CONTAINER_LOADED' AND op.kind = 'STORAGE_POINT' THEN op.id END AS point_id
      FROM custody_event s2 JOIN party ap ON ap.id = s2.actor_party_id JOIN container c ON c.id = s2.container_id
      LEFT JOIN custody_event nx ON nx.container_id = s2.container_id AND nx.seq = s2.seq + 1
      LEFT JOIN lot nl ON nl.id = nx.lot_id
      LEFT JOIN transfer nt ON nt.id = nx.transfer_id
      LEFT JOIN party op ON op.id = nt.origin_party_id
      WHERE s2.type = 'CONTAINER_STORED') p
WHERE s.id = p.id AND p.point_id IS NOT NULL;

ALTER TABLE custody_event ENABLE TRIGGER custody_event_append_only;

ALTER TABLE custody_event ALTER COLUMN generator_party_id SET NOT NULL;

-- A generator's events in time order (the generator trail, its audit report): an index range instead of every
-- event of every container of the generator.
CREATE INDEX custody_event_generator_time_idx ON custody_event (generator_party_id, server_time, id);

-- The container keeps where it was last stored after it leaves (lineage shows it without looking through events).
ALTER TABLE container ADD COLUMN last_storage_point_id bigint REFERENCES party(id);
UPDATE container c SET last_storage_point_id = st.storage_point_id
FROM (SELECT DISTINCT ON (container_id) container_id, storage_point_id FROM custody_event
      WHERE type = 'CONTAINER_STORED' ORDER BY container_id, seq DESC) st
WHERE st.container_id = c.id;

-- A storage point's stays (its mass balance): the stored events of the point, by time.
CREATE INDEX custody_event_stored_point_idx ON custody_event (storage_point_id, server_time) WHERE type = 'CONTAINER_STORED';
