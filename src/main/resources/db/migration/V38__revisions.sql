-- Issue #15, point 6: corrections that never overwrite. A party of a hand-over asks to correct a recorded fact (a
-- weight, the waste code, the acceptance of a receipt, the disposal method or certificate) with a reason; the other
-- party of that hand-over approves or refuses it within 5 working days; an approved revision appends a FACT_CORRECTED
-- event that names the event it corrects (custody_event rows are never updated). Readers use the corrected value.
CREATE TABLE revision (
    id                   bigserial PRIMARY KEY,
    container_id         bigint NOT NULL REFERENCES container(id),
    corrected_event_id   bigint NOT NULL REFERENCES custody_event(id),
    corrected_seq        integer NOT NULL,
    corrected_type       text NOT NULL,
    field                text NOT NULL CHECK (field IN ('WEIGHT', 'WASTE_CODE', 'ACCEPTANCE', 'METHOD', 'CERTIFICATE')),
    old_value            text NOT NULL,
    new_value            text NOT NULL,
    new_refused_kg       numeric(12, 2),
    reason               text NOT NULL,
    requested_by         bigint NOT NULL REFERENCES app_user(id),
    requester_party_id   bigint NOT NULL REFERENCES party(id),
    approver_party_id    bigint NOT NULL REFERENCES party(id),
    requested_at         timestamptz NOT NULL,
    due_by               date NOT NULL,
    status               text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REFUSED')),
    decided_by           bigint REFERENCES app_user(id),
    decided_at           timestamptz,
    decision_note        text,
    correction_event_id  bigint REFERENCES custody_event(id),
    CHECK ((status = 'PENDING') = (decided_at IS NULL)),
    CHECK ((status = 'APPROVED') = (correction_event_id IS NOT NULL))
);
CREATE INDEX revision_pending_idx ON revision (due_by) WHERE status = 'PENDING';
CREATE INDEX revision_container_idx ON revision (container_id);
-- one pending request per fact at a time
CREATE UNIQUE INDEX revision_one_pending ON revision (corrected_event_id, field) WHERE status = 'PENDING';
