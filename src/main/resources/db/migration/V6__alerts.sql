-- Regulator alerts: raised by a scheduled evaluation of rules over the custody data (docs/regulator.md, "Alerts").
-- An alert is mutable (state, last seen, measure); its lifecycle steps are facts in the append-only alert_event.

CREATE TABLE alert (
    id               bigserial PRIMARY KEY,
    rule             text NOT NULL CHECK (rule IN ('STORAGE_OVERDUE_AT_GENERATOR', 'STORAGE_OVERDUE_AT_STORAGE_POINT',
                         'STORAGE_POINT_OVER_CAPACITY', 'TRANSFER_NOT_RECEIVED', 'WEIGHT_DEVIATION', 'UNLICENSED_RECEIPT',
                         'UNCOLLECTED', 'NO_PICKUP')),
    -- What the alert is about: a container (label), a storage point or generator (party id), a transfer (number).
    subject_kind     text NOT NULL CHECK (subject_kind IN ('CONTAINER', 'STORAGE_POINT', 'TRANSFER', 'GENERATOR')),
    subject_id       bigint NOT NULL,
    subject_key      text NOT NULL,
    town             text,
    severity         text NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH')),
    state            text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'ACKNOWLEDGED', 'CLOSED')),
    measure          numeric(14, 3) NOT NULL,
    unit             text NOT NULL,
    threshold        numeric(14, 3) NOT NULL,
    details          text NOT NULL,
    -- The newest custody event that raised the condition (0 when none): a regulator's close holds until a newer one.
    trigger_ref      bigint NOT NULL DEFAULT 0,
    first_seen       timestamptz NOT NULL,
    last_seen        timestamptz NOT NULL,
    acknowledged_at  timestamptz,
    acknowledged_by  bigint REFERENCES app_user(id),
    closed_at        timestamptz,
    closed_by        bigint REFERENCES app_user(id),
    closed_reason    text CHECK (closed_reason IN ('AUTO_RESOLVED', 'BY_USER')),
    version          integer NOT NULL DEFAULT 0,
    CHECK ((state = 'CLOSED') = (closed_at IS NOT NULL)),
    CHECK ((state = 'CLOSED') = (closed_reason IS NOT NULL)),
    CHECK ((closed_reason = 'BY_USER') = (closed_by IS NOT NULL)),
    CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL)),
    CHECK (last_seen >= first_seen)
);
-- At most one alert per rule and subject that is not closed: evaluation is idempotent, and never spams.
CREATE UNIQUE INDEX alert_one_open_idx ON alert (rule, subject_id) WHERE state <> 'CLOSED';
CREATE INDEX alert_subject_idx ON alert (rule, subject_id, id DESC);
CREATE INDEX alert_newest_idx ON alert (first_seen DESC, id DESC);
CREATE INDEX alert_open_town_idx ON alert (town, rule) WHERE state <> 'CLOSED';

-- The parties an alert concerns (generator, collector / custodian, storage point, receiver...): they see it.
CREATE TABLE alert_party (
    alert_id  bigint NOT NULL REFERENCES alert(id),
    party_id  bigint NOT NULL REFERENCES party(id),
    PRIMARY KEY (alert_id, party_id)
);
CREATE INDEX alert_party_party_idx ON alert_party (party_id, alert_id);

-- Every lifecycle step: OPENED (by the evaluator), ACKNOWLEDGED (a user, with a note), CLOSED (a user with a
-- note, or the evaluator when the condition cleared). Append-only, like custody_event.
CREATE TABLE alert_event (
    id             bigserial PRIMARY KEY,
    alert_id       bigint NOT NULL REFERENCES alert(id),
    type           text NOT NULL CHECK (type IN ('OPENED', 'ACKNOWLEDGED', 'CLOSED')),
    at             timestamptz NOT NULL,
    actor_user_id  bigint REFERENCES app_user(id),   -- null: the evaluator
    reason         text CHECK (reason IN ('AUTO_RESOLVED', 'BY_USER')),
    note           text,
    measure        numeric(14, 3),
    details        text,
    recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK ((type = 'CLOSED') = (reason IS NOT NULL)),
    CHECK (type <> 'ACKNOWLEDGED' OR (actor_user_id IS NOT NULL AND note IS NOT NULL)),
    CHECK (reason IS DISTINCT FROM 'BY_USER' OR (actor_user_id IS NOT NULL AND note IS NOT NULL))
);
CREATE INDEX alert_event_alert_idx ON alert_event (alert_id, id);

CREATE FUNCTION refuse_alert_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'alert history is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER alert_event_append_only BEFORE UPDATE OR DELETE ON alert_event
    FOR EACH ROW EXECUTE FUNCTION refuse_alert_history_change();
CREATE TRIGGER alert_event_no_truncate BEFORE TRUNCATE ON alert_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_alert_history_change();
REVOKE UPDATE, DELETE, TRUNCATE ON alert_event FROM PUBLIC;

-- Candidate selection of the rules reads these.
CREATE INDEX container_weight_flag_idx ON container (id) WHERE weight_flag;
CREATE INDEX container_in_storage_idx ON container (storage_point_id) WHERE state = 'IN_STORAGE';
CREATE INDEX custody_event_receipt_idx ON custody_event (transfer_id, container_id) WHERE type = 'CONTAINER_RECEIVED';
