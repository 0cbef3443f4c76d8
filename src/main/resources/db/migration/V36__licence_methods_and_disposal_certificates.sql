-- Issue #15, point 5: disposal is checked against the receiver's licence, and its certificate is a document.
--
-- A licence lists the utilisation/disposal methods it permits (R9, D10...: GET /api/treatment-methods). A licence
-- recorded before holds none: it does not restrict the method (an empty list is "not on file", never "nothing").
ALTER TABLE licence ADD COLUMN permitted_methods varchar[] NOT NULL DEFAULT '{}';

-- A disposal certificate (处置证明) issued by the receiver for the containers it disposed of in one go: the platform
-- numbers it, the CONTAINER_DISPOSED event of each container names it, and a signed QR on its PDF opens a public
-- verification page.
CREATE SEQUENCE disposal_certificate_seq;
CREATE TABLE disposal_certificate (
    id                  bigserial PRIMARY KEY,
    number              text NOT NULL UNIQUE CHECK (number ~ '^CZ[0-9]{4}[0-9]{8}$'),
    receiver_party_id   bigint NOT NULL REFERENCES party(id),
    receiver_name       text NOT NULL,
    receiver_uscc       text NOT NULL,
    method              text NOT NULL,
    disposed_on         date NOT NULL,
    note                text,
    issued_at           timestamptz NOT NULL,
    issued_by           bigint NOT NULL REFERENCES app_user(id)
);
CREATE INDEX disposal_certificate_receiver_idx ON disposal_certificate (receiver_party_id, issued_at);
