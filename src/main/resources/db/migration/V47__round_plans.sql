-- Planned rounds (issue #17, point 2): a vehicle's volume, the plan the solver made for a collector's day, and what
-- each round and stop of it was planned to be (shift, arrival, metres, the pickup requests a stop serves). A re-plan
-- supersedes the plan and its rounds (never deleted); superseded rounds leave the handhelds' offline kits.

ALTER TABLE vehicle ADD COLUMN capacity_litres integer CHECK (capacity_litres > 0);

CREATE TABLE round_plan (
    id                  bigserial PRIMARY KEY,
    request_id          uuid NOT NULL UNIQUE,
    collector_party_id  bigint NOT NULL REFERENCES party(id),
    plan_date           date NOT NULL,
    storage_point_id    bigint NOT NULL REFERENCES party(id),
    storage_room_kg     bigint NOT NULL CHECK (storage_room_kg >= 0),
    score               text NOT NULL,
    metres              bigint NOT NULL CHECK (metres >= 0),
    planned_requests    integer NOT NULL CHECK (planned_requests >= 0),
    unplanned_requests  integer NOT NULL CHECK (unplanned_requests >= 0),
    broken              text[] NOT NULL DEFAULT '{}',
    unplanned           jsonb NOT NULL DEFAULT '[]',
    first_feasible_ms   bigint,
    solve_ms            bigint NOT NULL,
    replaces_plan_id    bigint REFERENCES round_plan(id),
    created_by          bigint NOT NULL REFERENCES app_user(id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    superseded_at       timestamptz
);
CREATE INDEX round_plan_day_idx ON round_plan (collector_party_id, plan_date);
-- one current plan per collector and day
CREATE UNIQUE INDEX round_plan_current_idx ON round_plan (collector_party_id, plan_date) WHERE superseded_at IS NULL;

ALTER TABLE collection_round
    ADD COLUMN plan_id         bigint REFERENCES round_plan(id),
    ADD COLUMN superseded_at   timestamptz,
    ADD COLUMN shift_start     time,
    ADD COLUMN shift_end       time,
    ADD COLUMN planned_metres  bigint CHECK (planned_metres >= 0),
    ADD CHECK (superseded_at IS NULL OR plan_id IS NOT NULL);
CREATE INDEX collection_round_plan_idx ON collection_round (plan_id);

ALTER TABLE round_stop
    ADD COLUMN planned_arrival     time,
    ADD COLUMN planned_kg          numeric(12, 2) CHECK (planned_kg >= 0),
    ADD COLUMN pickup_request_ids  bigint[] NOT NULL DEFAULT '{}',
    ADD COLUMN pinned              boolean NOT NULL DEFAULT false;
