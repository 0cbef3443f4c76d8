-- Two more alert rules (issue #18, point 3): containers received and not utilised or disposed of in time, and a
-- licence about to expire with no renewal on file. The latter is about a licence: a new subject kind.
ALTER TABLE alert DROP CONSTRAINT alert_rule_check;
ALTER TABLE alert ADD CONSTRAINT alert_rule_check CHECK (rule IN ('STORAGE_OVERDUE_AT_GENERATOR', 'STORAGE_OVERDUE_AT_STORAGE_POINT',
    'STORAGE_POINT_OVER_CAPACITY', 'TRANSFER_NOT_RECEIVED', 'WEIGHT_DEVIATION', 'UNLICENSED_RECEIPT', 'UNCOLLECTED', 'NO_PICKUP',
    'PICKUP_UNCONFIRMED', 'RECEIVED_NOT_DISPOSED', 'LICENCE_EXPIRING'));
ALTER TABLE alert DROP CONSTRAINT alert_subject_kind_check;
ALTER TABLE alert ADD CONSTRAINT alert_subject_kind_check CHECK (subject_kind IN ('CONTAINER', 'STORAGE_POINT', 'TRANSFER', 'GENERATOR', 'LICENCE'));
-- what the licence rule reads: a holder's licences of a kind by end date
CREATE INDEX licence_holder_kind_idx ON licence (holder_party_id, kind, valid_to);
