-- The handheld API: enrolled devices, shift sessions, collection rounds, photos and every event a handheld sent.

-- A handheld scanner owned by a party (usually a collector). Revoking it ends every session on it.
CREATE TABLE device (
    id              bigserial PRIMARY KEY,
    serial          text NOT NULL UNIQUE CHECK (serial ~ '^[A-Z0-9][A-Z0-9._-]{2,63}$'),
    owner_party_id  bigint NOT NULL REFERENCES party(id),
    model           text,
    note            text,
    enrolled_by     bigint NOT NULL REFERENCES app_user(id),
    enrolled_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz,
    revoked_by      bigint REFERENCES app_user(id),
    revoke_reason   text,
    last_seen_at    timestamptz,
    version         integer NOT NULL DEFAULT 0,
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX device_owner_idx ON device (owner_party_id);

-- One person signed in on one device for one shift. The shift token names the session (claim "sid"):
-- a session that ended (signed out or revoked), or whose device was revoked, is refused on every request.
CREATE TABLE device_session (
    id          uuid PRIMARY KEY,
    device_id   bigint NOT NULL REFERENCES device(id),
    user_id     bigint NOT NULL REFERENCES app_user(id),
    started_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    ended_at    timestamptz,
    ended_by    bigint REFERENCES app_user(id),
    end_reason  text
);
CREATE INDEX device_session_device_idx ON device_session (device_id, started_at DESC);
CREATE INDEX device_session_user_idx ON device_session (user_id, started_at DESC);

-- A planned collection round: one vehicle and driver on one day, visiting generators in order.
CREATE TABLE collection_round (
    id                  bigserial PRIMARY KEY,
    collector_party_id  bigint NOT NULL REFERENCES party(id),
    round_date          date NOT NULL,
    vehicle_id          bigint NOT NULL REFERENCES vehicle(id),
    driver_user_id      bigint NOT NULL REFERENCES app_user(id),
    note                text,
    created_by          bigint NOT NULL REFERENCES app_user(id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    request_id          uuid NOT NULL UNIQUE,
    version             integer NOT NULL DEFAULT 0
);
CREATE INDEX collection_round_driver_idx ON collection_round (driver_user_id, round_date);
CREATE INDEX collection_round_collector_idx ON collection_round (collector_party_id, round_date);

CREATE TABLE round_stop (
    round_id             bigint NOT NULL REFERENCES collection_round(id),
    seq                  integer NOT NULL CHECK (seq > 0),
    generator_party_id   bigint NOT NULL REFERENCES party(id),
    address              text NOT NULL,
    latitude             double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude            double precision CHECK (longitude BETWEEN -180 AND 180),
    expected_codes       varchar[] NOT NULL DEFAULT '{}',
    expected_containers  integer NOT NULL CHECK (expected_containers >= 0),
    note                 text,
    PRIMARY KEY (round_id, seq)
);

-- Photos taken with scans, addressed by the SHA-256 of their bytes (so a repeat upload is the same photo).
CREATE TABLE photo (
    sha256        char(64) PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content_type  text NOT NULL,
    size_bytes    integer NOT NULL CHECK (size_bytes > 0),
    content       bytea NOT NULL,
    uploaded_by   bigint NOT NULL REFERENCES app_user(id),
    device_id     bigint REFERENCES device(id),
    uploaded_at   timestamptz NOT NULL DEFAULT now()
);

-- Every event a handheld synced, as received, with the answer it was given. Kept even when rejected:
-- it is evidence of what happened in the field, and a resent event gets its first answer back.
CREATE TABLE device_event (
    client_event_id   uuid PRIMARY KEY,
    device_id         bigint NOT NULL REFERENCES device(id),
    session_id        uuid NOT NULL REFERENCES device_session(id),
    user_id           bigint NOT NULL REFERENCES app_user(id),
    label_id          text,           -- as sent; null only when the event was refused as invalid
    type              text,
    client_time       timestamptz,
    received_at       timestamptz NOT NULL DEFAULT now(),
    payload           jsonb NOT NULL,
    outcome           text NOT NULL CHECK (outcome IN ('APPLIED', 'REJECTED', 'CONFLICT')),
    reason            text,
    custody_event_id  bigint REFERENCES custody_event(id),
    clock_flags       varchar[] NOT NULL DEFAULT '{}',
    result            jsonb NOT NULL,
    CHECK ((outcome = 'APPLIED') = (custody_event_id IS NOT NULL))
);
CREATE INDEX device_event_device_idx ON device_event (device_id, received_at);
CREATE INDEX device_event_label_idx ON device_event (label_id);
CREATE TRIGGER device_event_append_only BEFORE UPDATE OR DELETE ON device_event
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();

-- Clock flags of events synced from handhelds (client time in the future, or before the container's previous
-- event). Hashed into the chain when present; events without flags hash exactly as before this column existed.
ALTER TABLE custody_event ADD COLUMN clock_flags varchar[] NOT NULL DEFAULT '{}';

-- Who may see a photo is decided by the events that name it.
CREATE INDEX custody_event_photo_idx ON custody_event USING gin (photo_sha256);
