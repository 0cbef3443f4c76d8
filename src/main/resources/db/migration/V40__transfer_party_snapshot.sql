-- A transfer manifest (转移联单) shows its shipper, carrier and receiver as they were when it was created, as a pickup
-- manifest shows its parties as issued (V31, issue #19 finding 4): a party's later change (a new name, contact or
-- address) never alters a transfer's PDF or its public road-check page. TransferService writes the snapshot at
-- creation; the transfer's PDF and road-check page read it.
ALTER TABLE transfer
    ADD COLUMN shipper_name            text,
    ADD COLUMN shipper_uscc            text,
    ADD COLUMN shipper_contact_name    text,
    ADD COLUMN shipper_contact_phone   text,
    ADD COLUMN shipper_address         text,
    ADD COLUMN shipper_town            text,
    ADD COLUMN carrier_name            text,
    ADD COLUMN carrier_uscc            text,
    ADD COLUMN carrier_contact_name    text,
    ADD COLUMN carrier_contact_phone   text,
    ADD COLUMN carrier_address         text,
    ADD COLUMN carrier_town            text,
    ADD COLUMN receiver_name           text,
    ADD COLUMN receiver_uscc           text,
    ADD COLUMN receiver_contact_name   text,
    ADD COLUMN receiver_contact_phone  text,
    ADD COLUMN receiver_address        text,
    ADD COLUMN receiver_town           text;

-- Transfers without a snapshot get one from their parties as they are now: the best record there is of transfers
-- created before this migration. Also called after a bulk load that wrote transfers without it (the benchmark's
-- history generator). Returns how many transfers it filled.
CREATE FUNCTION fill_transfer_party_snapshots() RETURNS bigint LANGUAGE sql AS $$
    WITH filled AS (
        UPDATE transfer t SET
            shipper_name = s.name, shipper_uscc = btrim(s.uscc), shipper_contact_name = s.contact_name,
            shipper_contact_phone = s.contact_phone, shipper_address = s.address, shipper_town = s.town,
            carrier_name = c.name, carrier_uscc = btrim(c.uscc), carrier_contact_name = c.contact_name,
            carrier_contact_phone = c.contact_phone, carrier_address = c.address, carrier_town = c.town,
            receiver_name = r.name, receiver_uscc = btrim(r.uscc), receiver_contact_name = r.contact_name,
            receiver_contact_phone = r.contact_phone, receiver_address = r.address, receiver_town = r.town
        FROM party s, party c, party r
        WHERE s.id = t.shipper_party_id AND c.id = t.carrier_party_id AND r.id = t.receiver_party_id
          AND t.shipper_name IS NULL
        RETURNING 1)
    SELECT count(*) FROM filled
$$;

SELECT fill_transfer_party_snapshots();
