-- Pickup manifests (one per generator per pickup) and the labelled containers on them.

-- Manifest numbers: YYYY + province (2) + city (2) + 6-digit serial per city and year. The serial comes from
-- this row-locked counter: never from a row count, never duplicated, and without gaps (a rolled-back issue
-- gives its number back), so an auditor can account for every number.
CREATE TABLE manifest_counter (
    region       char(4) NOT NULL CHECK (region ~ '^[0-9]{4}$'),
    year         integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    last_serial  integer NOT NULL CHECK (last_serial BETWEEN 0 AND 999999),
    PRIMARY KEY (region, year)
);

CREATE TABLE manifest (
    id                   bigserial PRIMARY KEY,
    number               char(14) NOT NULL UNIQUE CHECK (number ~ '^[0-9]{14}$'),
    kind                 text NOT NULL CHECK (kind IN ('PICKUP', 'TRANSFER')),
    generator_party_id   bigint REFERENCES party(id),
    collector_party_id   bigint NOT NULL REFERENCES party(id),
    catalogue_edition    text NOT NULL REFERENCES catalogue_edition(edition),
    pickup_date          date NOT NULL,
    emergency_measures   text,
    note                 text,
    created_by           bigint NOT NULL REFERENCES app_user(id),
    request_id           uuid UNIQUE,
    cancelled_at         timestamptz,
    cancelled_by         bigint REFERENCES app_user(id),
    cancel_reason        text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    version              integer NOT NULL DEFAULT 0,
    CHECK (kind <> 'PICKUP' OR generator_party_id IS NOT NULL),
    CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL))
);
CREATE INDEX manifest_generator_idx ON manifest (generator_party_id, pickup_date);
CREATE INDEX manifest_collector_idx ON manifest (collector_party_id, pickup_date);
CREATE INDEX manifest_date_idx ON manifest (pickup_date);

CREATE TABLE manifest_line (
    id               bigserial PRIMARY KEY,
    manifest_id      bigint NOT NULL REFERENCES manifest(id),
    line_no          integer NOT NULL CHECK (line_no > 0),
    waste_code       char(10) NOT NULL,
    waste_name       text NOT NULL,
    category         char(4) NOT NULL,
    hazards          varchar[] NOT NULL CHECK (cardinality(hazards) > 0),
    physical_form    text NOT NULL,
    main_components  text NOT NULL,
    UNIQUE (manifest_id, line_no),
    UNIQUE (manifest_id, waste_code)
);

-- Label sequence: the last 3 digits of a label ID, per generator, waste code and day.
CREATE TABLE label_counter (
    uscc        char(18) NOT NULL,
    waste_code  char(10) NOT NULL,
    day         date NOT NULL,
    last_seq    integer NOT NULL CHECK (last_seq BETWEEN 0 AND 999),
    PRIMARY KEY (uscc, waste_code, day)
);

CREATE TABLE container (
    id                    bigserial PRIMARY KEY,
    label_id              char(37) NOT NULL UNIQUE CHECK (label_id ~ '^[0-9A-Z]{18}[0-9]{19}$'),
    manifest_id           bigint NOT NULL REFERENCES manifest(id),
    line_id               bigint NOT NULL REFERENCES manifest_line(id),
    generator_party_id    bigint NOT NULL REFERENCES party(id),
    waste_code            char(10) NOT NULL,
    container_type        text NOT NULL CHECK (container_type IN ('DRUM', 'IBC', 'BAG', 'BOX', 'BOTTLE', 'OTHER')),
    volume_litres         integer NOT NULL CHECK (volume_litres BETWEEN 1 AND 5000),
    estimated_weight_kg   numeric(10, 2) NOT NULL CHECK (estimated_weight_kg > 0),
    generation_date       date,
    state                 text NOT NULL DEFAULT 'ISSUED',
    label_key_id          text NOT NULL,
    label_token           text NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    version               integer NOT NULL DEFAULT 0
);
CREATE INDEX container_manifest_idx ON container (manifest_id);
CREATE INDEX container_generator_idx ON container (generator_party_id, state);
CREATE INDEX container_state_idx ON container (state, created_at);
