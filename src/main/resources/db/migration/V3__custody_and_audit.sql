-- Custody: lots, transfers, the append-only hash-chained event log, idempotent commands, signed checkpoints.

CREATE TABLE lot (
    id                 bigserial PRIMARY KEY,
    storage_point_id   bigint NOT NULL REFERENCES party(id),
    waste_code         char(10) NOT NULL,
    created_by         bigint NOT NULL REFERENCES app_user(id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 0
);
CREATE INDEX lot_storage_idx ON lot (storage_point_id, waste_code);

-- A transfer manifest: one vehicle trip from a storage point (or straight from a collector's vehicle) to one receiver.
CREATE TABLE transfer (
    id                 bigserial PRIMARY KEY,
    number             char(14) NOT NULL UNIQUE CHECK (number ~ '^[0-9]{14}$'),
    shipper_party_id   bigint NOT NULL REFERENCES party(id),
    origin_party_id    bigint NOT NULL REFERENCES party(id),
    carrier_party_id   bigint NOT NULL REFERENCES party(id),
    receiver_party_id  bigint NOT NULL REFERENCES party(id),
    vehicle_id         bigint NOT NULL REFERENCES vehicle(id),
    driver_user_id     bigint REFERENCES app_user(id),
    planned_date       date NOT NULL,
    created_by         bigint NOT NULL REFERENCES app_user(id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 0
);
CREATE INDEX transfer_receiver_idx ON transfer (receiver_party_id, planned_date);
CREATE INDEX transfer_shipper_idx ON transfer (shipper_party_id, planned_date);

-- What a transfer is declared to carry; a label that is not declared is refused at loading.
CREATE TABLE transfer_item (
    transfer_id   bigint NOT NULL REFERENCES transfer(id),
    container_id  bigint NOT NULL REFERENCES container(id),
    lot_id        bigint REFERENCES lot(id),
    PRIMARY KEY (transfer_id, container_id)
);
CREATE INDEX transfer_item_container_idx ON transfer_item (container_id);

ALTER TABLE container
    ADD COLUMN custodian_party_id  bigint REFERENCES party(id),
    ADD COLUMN storage_point_id    bigint REFERENCES party(id),
    ADD COLUMN lot_id              bigint REFERENCES lot(id),
    ADD COLUMN transfer_id         bigint REFERENCES transfer(id),
    ADD COLUMN last_weight_kg      numeric(10, 2),
    ADD COLUMN collected_weight_kg numeric(10, 2),
    ADD COLUMN received_weight_kg  numeric(10, 2),
    ADD COLUMN refused_weight_kg   numeric(10, 2),
    ADD COLUMN acceptance          text CHECK (acceptance IN ('ACCEPTED', 'PARTIALLY_REFUSED', 'REFUSED')),
    ADD COLUMN disposal_method     text REFERENCES treatment_method(code),
    ADD COLUMN weight_flag         boolean NOT NULL DEFAULT false,
    ADD COLUMN last_event_at       timestamptz;
CREATE INDEX container_lot_idx ON container (lot_id);
CREATE INDEX container_transfer_idx ON container (transfer_id);

-- Every custody change is an event, appended in the same transaction as the state change.
-- hash = SHA-256(canonical content || prev_hash): any edit to history breaks the chain of its container.
CREATE TABLE custody_event (
    id                 bigserial PRIMARY KEY,
    container_id       bigint NOT NULL REFERENCES container(id),
    seq                integer NOT NULL CHECK (seq > 0),
    type               text NOT NULL,
    from_state         text NOT NULL,
    to_state           text NOT NULL,
    command_id         uuid NOT NULL,
    manifest_id        bigint REFERENCES manifest(id),
    lot_id             bigint REFERENCES lot(id),
    transfer_id        bigint REFERENCES transfer(id),
    actor_user_id      bigint NOT NULL REFERENCES app_user(id),
    actor_party_id     bigint NOT NULL REFERENCES party(id),
    device_id          text,
    client_time        timestamptz,
    server_time        timestamptz NOT NULL,
    latitude           double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude          double precision CHECK (longitude BETWEEN -180 AND 180),
    weight_kg          numeric(10, 2),
    weight_deviation   boolean NOT NULL DEFAULT false,
    photo_sha256       varchar[] NOT NULL DEFAULT '{}',
    note               text,
    details            text,
    prev_hash          char(64),
    hash               char(64) NOT NULL,
    UNIQUE (container_id, seq),
    UNIQUE (command_id, container_id),
    CHECK ((seq = 1) = (prev_hash IS NULL))
);
CREATE INDEX custody_event_time_idx ON custody_event (server_time);
CREATE INDEX custody_event_transfer_idx ON custody_event (transfer_id);
CREATE INDEX custody_event_lot_idx ON custody_event (lot_id);
CREATE INDEX custody_event_manifest_idx ON custody_event (manifest_id);

-- The database itself refuses to change history, whoever asks.
CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'custody events are append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER custody_event_append_only BEFORE UPDATE OR DELETE ON custody_event
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER custody_event_no_truncate BEFORE TRUNCATE ON custody_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
REVOKE UPDATE, DELETE, TRUNCATE ON custody_event FROM PUBLIC;

-- Commands carry a client-generated id; the first result is kept and returned to every repeat.
CREATE TABLE command_log (
    command_id   uuid PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES app_user(id),
    kind         text NOT NULL,
    status       integer NOT NULL,
    response     text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Signed checkpoints: a digest of the head of every chain, signed with the platform's Ed25519 key.
CREATE TABLE audit_checkpoint (
    id             bigserial PRIMARY KEY,
    created_at     timestamptz NOT NULL DEFAULT now(),
    max_event_id   bigint NOT NULL,
    chain_count    integer NOT NULL,
    heads_digest   char(64) NOT NULL,
    key_id         text NOT NULL,
    signature      text NOT NULL
);
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
