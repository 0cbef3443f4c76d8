-- Pickup requests (issue #17, point 1-2): a generator asks its collector to come for some waste (codes, estimated
-- quantities, containers) between two dates and in its opening hours; the collector accepts, declines with a reason,
-- or schedules it (a day, and a round once planned); a manifest is issued from an accepted request. Nothing is
-- deleted: a request ends DECLINED or WITHDRAWN, or with its manifest.

CREATE TABLE pickup_request (
    id                  bigserial PRIMARY KEY,
    request_id          uuid NOT NULL UNIQUE,
    generator_party_id  bigint NOT NULL REFERENCES party(id),
    collector_party_id  bigint NOT NULL REFERENCES party(id),
    status              text NOT NULL CHECK (status IN ('REQUESTED', 'ACCEPTED', 'SCHEDULED', 'DECLINED', 'WITHDRAWN')),
    earliest_date       date NOT NULL,
    latest_date         date NOT NULL,
    window_start        time NOT NULL DEFAULT '08:30',
    window_end          time NOT NULL DEFAULT '17:00',
    note                text,
    reason              text,
    scheduled_date      date,
    round_id            bigint REFERENCES collection_round(id),
    manifest_id         bigint UNIQUE REFERENCES manifest(id),
    created_by          bigint NOT NULL REFERENCES app_user(id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    decided_by          bigint REFERENCES app_user(id),
    decided_at          timestamptz,
    version             integer NOT NULL DEFAULT 0,
    CHECK (latest_date >= earliest_date),
    CHECK (window_end > window_start),
    CHECK ((status IN ('DECLINED', 'WITHDRAWN')) = (reason IS NOT NULL)),
    CHECK ((status = 'SCHEDULED') = (scheduled_date IS NOT NULL)),
    CHECK (round_id IS NULL OR status = 'SCHEDULED'),
    CHECK (manifest_id IS NULL OR status IN ('ACCEPTED', 'SCHEDULED'))
);
CREATE INDEX pickup_request_generator_idx ON pickup_request (generator_party_id, created_at);
CREATE INDEX pickup_request_collector_idx ON pickup_request (collector_party_id, status, earliest_date);

CREATE TABLE pickup_request_line (
    pickup_request_id  bigint NOT NULL REFERENCES pickup_request(id),
    line_no            integer NOT NULL CHECK (line_no > 0),
    waste_code         char(10) NOT NULL,
    physical_form      text NOT NULL CHECK (physical_form IN ('SOLID', 'SEMI_SOLID', 'LIQUID', 'GAS')),
    main_components    text NOT NULL,
    container_type     text NOT NULL CHECK (container_type IN ('DRUM', 'IBC', 'BAG', 'BOX', 'BOTTLE', 'OTHER')),
    containers         integer NOT NULL CHECK (containers BETWEEN 1 AND 200),
    volume_litres      integer NOT NULL CHECK (volume_litres BETWEEN 1 AND 5000),
    estimated_kg       numeric(10, 2) NOT NULL CHECK (estimated_kg > 0),
    PRIMARY KEY (pickup_request_id, line_no),
    UNIQUE (pickup_request_id, waste_code)
);
