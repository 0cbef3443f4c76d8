-- Issue #15, points 1 and 2: the generator confirms each pickup, and a manifest records the trip that collected it.
--
-- Trips. A pickup manifest is collected on one round (trip) by one vehicle: the first collection of one of its
-- containers that names a round (or a vehicle) sets them, later ones must agree (CustodyRules.collect). One manifest
-- per generator per trip: two manifests of one generator cannot both be collected on the same round.
ALTER TABLE manifest
    ADD COLUMN round_id    bigint REFERENCES collection_round(id),
    ADD COLUMN vehicle_id  bigint REFERENCES vehicle(id);
CREATE UNIQUE INDEX manifest_one_per_generator_per_trip ON manifest (round_id, generator_party_id) WHERE round_id IS NOT NULL;

-- Each stop of a round ends with an outcome recorded from the handheld (sync event STOP_OUTCOME), once.
ALTER TABLE round_stop
    ADD COLUMN outcome                  text CHECK (outcome IN ('COLLECTED', 'NOTHING_TO_COLLECT', 'CLOSED', 'REFUSED_BY_GENERATOR')),
    ADD COLUMN outcome_reason           text,
    ADD COLUMN outcome_client_time      timestamptz,
    ADD COLUMN outcome_recorded_at      timestamptz,
    ADD COLUMN outcome_by               bigint REFERENCES app_user(id),
    ADD COLUMN outcome_device           text,
    ADD COLUMN outcome_client_event_id  uuid,
    ADD CONSTRAINT round_stop_outcome_complete CHECK ((outcome IS NULL) = (outcome_recorded_at IS NULL)),
    ADD CONSTRAINT round_stop_refusal_reason CHECK (outcome IS DISTINCT FROM 'REFUSED_BY_GENERATOR' OR outcome_reason IS NOT NULL);

-- A generator's staff confirm a pickup on the driver's handheld with a personal confirmation code (6 digits), checked
-- by the server when the collection syncs. Hashed (Argon2id, PHC string); null: the user has none.
ALTER TABLE app_user
    ADD COLUMN confirmation_code_hash    text,
    ADD COLUMN confirmation_code_set_at  timestamptz;

-- Every check of a confirmation code, kept: the lock-out counts the failed ones (PickupConfirmations), and a
-- regulator or administrator can see who tried what code for whom (never the code itself).
CREATE TABLE confirmation_attempt (
    id                   bigserial PRIMARY KEY,
    at                   timestamptz NOT NULL DEFAULT now(),
    generator_party_id   bigint NOT NULL REFERENCES party(id),
    username             text NOT NULL,
    user_id              bigint REFERENCES app_user(id),
    actor_user_id        bigint NOT NULL REFERENCES app_user(id),
    result               text NOT NULL CHECK (result IN ('CONFIRMED', 'WRONG_CODE', 'LOCKED'))
);
CREATE INDEX confirmation_attempt_user_idx ON confirmation_attempt (username, at) WHERE result <> 'CONFIRMED';
CREATE INDEX confirmation_attempt_actor_idx ON confirmation_attempt (actor_user_id, at) WHERE result <> 'CONFIRMED';

-- Where a container's pickup confirmation stands (the fold of its events): CONFIRMED at the stop or later from the
-- generator's account, UNCONFIRMED (missing or wrong code: an alert after 5 working days), DISPUTED by the
-- generator. Null: collected before confirmations existed, or not collected yet.
ALTER TABLE container
    ADD COLUMN pickup_confirmation text CHECK (pickup_confirmation IN ('CONFIRMED', 'UNCONFIRMED', 'DISPUTED'));
CREATE INDEX container_unconfirmed_idx ON container (id) WHERE pickup_confirmation = 'UNCONFIRMED';

ALTER TABLE alert DROP CONSTRAINT alert_rule_check;
ALTER TABLE alert ADD CONSTRAINT alert_rule_check CHECK (rule IN ('STORAGE_OVERDUE_AT_GENERATOR', 'STORAGE_OVERDUE_AT_STORAGE_POINT',
    'STORAGE_POINT_OVER_CAPACITY', 'TRANSFER_NOT_RECEIVED', 'WEIGHT_DEVIATION', 'UNLICENSED_RECEIPT', 'UNCOLLECTED', 'NO_PICKUP',
    'PICKUP_UNCONFIRMED'));

-- A handheld's STOP_OUTCOME event is applied without a custody event (it is about the stop, not a container).
ALTER TABLE device_event DROP CONSTRAINT device_event_check;
ALTER TABLE device_event ADD CONSTRAINT device_event_applied_check
    CHECK ((outcome = 'APPLIED') = (custody_event_id IS NOT NULL) OR (type = 'STOP_OUTCOME' AND custody_event_id IS NULL));
