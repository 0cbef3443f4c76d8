-- Live vehicle and scale feeds over MQTT (issue #18, point 2; docs/feeds.md).
--
-- A feed device is a vehicle tracker bound to a vehicle, or a smart scale bound to a site (a storage point or a
-- receiver's weighbridge). Its code is its MQTT username and the device segment of its topic; the broker checks its
-- password against secret_hash (Mosquitto's PBKDF2-SHA512 "$7$" format: the broker, not the service, verifies it).
CREATE TABLE feed_device (
    id              bigserial PRIMARY KEY,
    code            text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{2,39}$'),
    kind            text NOT NULL CHECK (kind IN ('VEHICLE_TRACKER', 'SCALE')),
    owner_party_id  bigint NOT NULL REFERENCES party(id),
    vehicle_id      bigint REFERENCES vehicle(id),
    site_party_id   bigint REFERENCES party(id),
    description     text,
    secret_hash     text NOT NULL,
    -- the newest sequence number accepted: a message at or below it is a replay or out of order
    last_seq        bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    last_seen       timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      bigint NOT NULL REFERENCES app_user(id),
    request_id      uuid NOT NULL UNIQUE,
    ended_at        timestamptz,
    ended_by        bigint REFERENCES app_user(id),
    end_reason      text,
    version         integer NOT NULL DEFAULT 0,
    CHECK ((kind = 'VEHICLE_TRACKER') = (vehicle_id IS NOT NULL)),
    CHECK ((kind = 'SCALE') = (site_party_id IS NOT NULL)),
    CHECK ((ended_at IS NULL) = (ended_by IS NULL))
);
CREATE INDEX feed_device_owner_idx ON feed_device (owner_party_id, id);
CREATE INDEX feed_device_vehicle_idx ON feed_device (vehicle_id) WHERE vehicle_id IS NOT NULL;

-- Every accepted position, once per (device, seq). Attached when it was stored to the transfer its vehicle was on
-- (departed, not yet arrived, at the device's time) or else to the vehicle's collection round of that day.
-- Append-only like every record of custody. The track of a transfer or round is one index range scan
-- (docs/performance.md, "Feeds": a year of positions of 50 vehicles).
CREATE TABLE vehicle_position (
    device_id    bigint NOT NULL REFERENCES feed_device(id),
    seq          bigint NOT NULL CHECK (seq > 0),
    vehicle_id   bigint NOT NULL REFERENCES vehicle(id),
    transfer_id  bigint REFERENCES transfer(id),
    round_id     bigint REFERENCES collection_round(id),
    device_time  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    latitude     double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude    double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    speed_kmh    real CHECK (speed_kmh >= 0 AND speed_kmh <= 300),
    PRIMARY KEY (device_id, seq)
);
CREATE INDEX vehicle_position_transfer_idx ON vehicle_position (transfer_id, device_time) WHERE transfer_id IS NOT NULL;
CREATE INDEX vehicle_position_round_idx ON vehicle_position (round_id, device_time) WHERE round_id IS NOT NULL;
CREATE INDEX vehicle_position_vehicle_idx ON vehicle_position (vehicle_id, device_time);

-- Every accepted weighing of a smart scale: the label it read and the weight. Matched to the scan that weighed the
-- same container when alerts are evaluated (SCALE_SCAN_MISMATCH), because the handheld's scan may reach the
-- service later than the scale's message.
CREATE TABLE scale_weighing (
    device_id     bigint NOT NULL REFERENCES feed_device(id),
    seq           bigint NOT NULL CHECK (seq > 0),
    site_party_id bigint NOT NULL REFERENCES party(id),
    label_id      text NOT NULL,
    container_id  bigint REFERENCES container(id),
    weight_kg     numeric(10, 2) NOT NULL CHECK (weight_kg > 0),
    device_time   timestamptz NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, seq)
);
CREATE INDEX scale_weighing_container_idx ON scale_weighing (container_id, device_time) WHERE container_id IS NOT NULL;
CREATE INDEX scale_weighing_time_idx ON scale_weighing (device_time);

-- Messages dropped, counted per day, reason and device (device '' when it is not known). The counts survive a
-- restart and add up across replicas; the Micrometer counter hazchain_feed_rejected_total says the same per process.
CREATE TABLE feed_rejection (
    day          date NOT NULL,
    reason       text NOT NULL CHECK (reason IN ('MALFORMED', 'WRONG_TOPIC', 'UNKNOWN_DEVICE', 'INACTIVE_DEVICE', 'OUT_OF_RANGE',
                     'REPLAYED', 'OUT_OF_ORDER')),
    device_code  text NOT NULL DEFAULT '',
    count        bigint NOT NULL CHECK (count > 0),
    last_at      timestamptz NOT NULL,
    last_detail  text NOT NULL,
    PRIMARY KEY (day, reason, device_code)
);

CREATE FUNCTION refuse_feed_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'feed history is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER vehicle_position_append_only BEFORE UPDATE OR DELETE ON vehicle_position
    FOR EACH ROW EXECUTE FUNCTION refuse_feed_history_change();
CREATE TRIGGER scale_weighing_append_only BEFORE UPDATE OR DELETE ON scale_weighing
    FOR EACH ROW EXECUTE FUNCTION refuse_feed_history_change();

-- Alerts from the feeds (issue #18, point 3), each with its evidence (the positions, or the weighing and the scan).
ALTER TABLE alert ADD COLUMN evidence jsonb;
ALTER TABLE alert_event ADD COLUMN evidence jsonb;
ALTER TABLE alert DROP CONSTRAINT alert_rule_check;
ALTER TABLE alert ADD CONSTRAINT alert_rule_check CHECK (rule IN ('STORAGE_OVERDUE_AT_GENERATOR', 'STORAGE_OVERDUE_AT_STORAGE_POINT',
    'STORAGE_POINT_OVER_CAPACITY', 'TRANSFER_NOT_RECEIVED', 'WEIGHT_DEVIATION', 'UNLICENSED_RECEIPT', 'UNCOLLECTED', 'NO_PICKUP',
    'PICKUP_UNCONFIRMED', 'RECEIVED_NOT_DISPOSED', 'LICENCE_EXPIRING',
    'OFF_CORRIDOR', 'STOPPED_TOO_LONG', 'SILENT_IN_TRANSIT', 'SCALE_SCAN_MISMATCH'));

-- What attaching a position reads: the transfer a vehicle is on at a moment, and its round of a day.
CREATE INDEX transfer_vehicle_departed_idx ON transfer (vehicle_id, departed_at) WHERE departed_at IS NOT NULL;
CREATE INDEX collection_round_vehicle_idx ON collection_round (vehicle_id, round_date);

-- Great-circle distance in metres from a point P to the segment A-B (on a sphere of radius 6,371,008.8 m): the
-- cross-track distance when P falls beside the segment, else the distance to the nearer end. The one definition of
-- "how far off the corridor" (OFF_CORRIDOR reads it; FeedGeometryTest pins it against known distances).
CREATE FUNCTION hz_segment_metres(plat double precision, plon double precision, alat double precision, alon double precision,
                                  blat double precision, blon double precision) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    r   constant double precision := 6371008.8;
    p1  double precision := radians(alat);
    p2  double precision := radians(blat);
    pp  double precision := radians(plat);
    d13 double precision;  -- angular distance A-P
    d12 double precision;  -- angular distance A-B
    t13 double precision;  -- bearing A-P
    t12 double precision;  -- bearing A-B
    xt  double precision;
    at  double precision;
BEGIN
    d13 := 2 * asin(least(1, sqrt(sin((pp - p1) / 2) ^ 2 + cos(p1) * cos(pp) * sin(radians(plon - alon) / 2) ^ 2)));
    d12 := 2 * asin(least(1, sqrt(sin((p2 - p1) / 2) ^ 2 + cos(p1) * cos(p2) * sin(radians(blon - alon) / 2) ^ 2)));
    IF d12 = 0 THEN
        RETURN d13 * r;
    END IF;
    t13 := atan2(sin(radians(plon - alon)) * cos(pp), cos(p1) * sin(pp) - sin(p1) * cos(pp) * cos(radians(plon - alon)));
    t12 := atan2(sin(radians(blon - alon)) * cos(p2), cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(radians(blon - alon)));
    IF cos(t13 - t12) < 0 THEN
        RETURN d13 * r;                                   -- behind A
    END IF;
    xt := asin(greatest(-1, least(1, sin(d13) * sin(t13 - t12))));
    at := acos(greatest(-1, least(1, cos(d13) / cos(xt))));
    IF at > d12 THEN                                      -- beyond B
        RETURN 2 * asin(least(1, sqrt(sin((p2 - pp) / 2) ^ 2 + cos(pp) * cos(p2) * sin(radians(blon - plon) / 2) ^ 2))) * r;
    END IF;
    RETURN abs(xt) * r;
END;
$$;
