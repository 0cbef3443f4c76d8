-- Issue #15, point 3: the transfer manifest (转移联单) is complete.
--
-- A vehicle's dangerous-goods road transport permit (道路危险货物运输许可) has a validity: a transfer is planned, and
-- leaves, only with a vehicle whose permit is valid that day. Vehicles recorded before hold no validity (null): they
-- are refused until it is recorded (PATCH /api/vehicles/{id}), never assumed valid.
ALTER TABLE vehicle ADD COLUMN dg_permit_valid_to date;

-- Departure and arrival are events (TRANSFER_DEPARTED, TRANSFER_ARRIVED) in the chain of every container loaded on
-- the transfer; the transfer row keeps when and by whom, for the receipt deadline (5 working days from departure)
-- and for the documents. Nothing is loaded on a transfer after it left.
ALTER TABLE transfer
    ADD COLUMN departed_at  timestamptz,
    ADD COLUMN departed_by  bigint REFERENCES app_user(id),
    ADD COLUMN arrived_at   timestamptz,
    ADD COLUMN arrived_by   bigint REFERENCES app_user(id),
    ADD CONSTRAINT transfer_departure_complete CHECK ((departed_at IS NULL) = (departed_by IS NULL)),
    ADD CONSTRAINT transfer_arrival_complete CHECK ((arrived_at IS NULL) = (arrived_by IS NULL)),
    ADD CONSTRAINT transfer_arrives_after_departure CHECK (arrived_at IS NULL OR (departed_at IS NOT NULL AND arrived_at >= departed_at));

-- A handheld's DEPART and ARRIVE events name a transfer, not a container: applied without one custody event of theirs.
ALTER TABLE device_event DROP CONSTRAINT device_event_applied_check;
ALTER TABLE device_event ADD CONSTRAINT device_event_applied_check
    CHECK ((outcome = 'APPLIED') = (custody_event_id IS NOT NULL) OR (type IN ('STOP_OUTCOME', 'DEPART', 'ARRIVE') AND custody_event_id IS NULL));
