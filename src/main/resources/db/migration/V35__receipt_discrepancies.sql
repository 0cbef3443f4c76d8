-- Issue #15, point 4: the receiver confirms a whole transfer in one action, line by line, with typed discrepancies.
--
-- A discrepancy is what a receiver found that differs from the transfer manifest, for one container: its types (the
-- quantity beyond tolerance, another waste code, physical form, packaging, hazards), a reason, and what the receiver
-- did (accepted, partially refused, refused). It is recorded with the receipt event it belongs to (whose facts carry
-- the types too, hashed); the shipper acknowledges it (an event in the container's chain as well). Open ones are
-- the regulator's to watch.
CREATE TABLE discrepancy (
    id                 bigserial PRIMARY KEY,
    transfer_id        bigint NOT NULL REFERENCES transfer(id),
    container_id       bigint NOT NULL REFERENCES container(id),
    custody_event_id   bigint NOT NULL UNIQUE REFERENCES custody_event(id),
    types              varchar[] NOT NULL CHECK (cardinality(types) > 0
                           AND types <@ ARRAY['QUANTITY', 'WASTE_CODE', 'PHYSICAL_FORM', 'PACKAGING', 'HAZARDS']::varchar[]),
    acceptance         text NOT NULL CHECK (acceptance IN ('ACCEPTED', 'PARTIALLY_REFUSED', 'REFUSED')),
    refused_kg         numeric(12, 2) NOT NULL DEFAULT 0 CHECK (refused_kg >= 0),
    reason             text NOT NULL,
    recorded_at        timestamptz NOT NULL,
    recorded_by        bigint NOT NULL REFERENCES app_user(id),
    acknowledged_at    timestamptz,
    acknowledged_by    bigint REFERENCES app_user(id),
    acknowledgement    text,
    acknowledged_event_id bigint REFERENCES custody_event(id),
    CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
);
CREATE INDEX discrepancy_transfer_idx ON discrepancy (transfer_id);
CREATE INDEX discrepancy_open_idx ON discrepancy (recorded_at) WHERE acknowledged_at IS NULL;
