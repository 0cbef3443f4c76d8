-- Issue #19, finding 4: a manifest and its labels must show the parties as they were at issue. A party's later
-- change (a rename, a new contact) altered every document already issued, and a rename too long for a label made
-- the old labels and manifest PDFs unprintable. Each manifest now keeps what it prints about its generator and its
-- collector (ManifestService writes it at issue; label and manifest PDFs, the manifest's API view, the public
-- verification page and the national export read it). Transfers get theirs with the custody redesign.
ALTER TABLE manifest
    ADD COLUMN generator_name           text,
    ADD COLUMN generator_uscc           text,
    ADD COLUMN generator_contact_name   text,
    ADD COLUMN generator_contact_phone  text,
    ADD COLUMN generator_address        text,
    ADD COLUMN generator_town           text,
    ADD COLUMN collector_name           text,
    ADD COLUMN collector_uscc           text,
    ADD COLUMN collector_contact_name   text,
    ADD COLUMN collector_contact_phone  text,
    ADD COLUMN collector_address        text,
    ADD COLUMN collector_town           text;

-- Manifests without a snapshot get one from their parties as they are now: the best record there is of manifests
-- issued before this migration. Also called after a bulk load that wrote manifests without it (the benchmark's
-- history generator). Returns how many manifests it filled.
CREATE FUNCTION fill_manifest_party_snapshots() RETURNS bigint LANGUAGE sql AS $$
    WITH filled AS (
        UPDATE manifest m SET
            generator_name = s.g_name, generator_uscc = s.g_uscc, generator_contact_name = s.g_contact_name,
            generator_contact_phone = s.g_contact_phone, generator_address = s.g_address, generator_town = s.g_town,
            collector_name = s.c_name, collector_uscc = s.c_uscc, collector_contact_name = s.c_contact_name,
            collector_contact_phone = s.c_contact_phone, collector_address = s.c_address, collector_town = s.c_town
        FROM (SELECT x.id,
                     g.name AS g_name, btrim(g.uscc) AS g_uscc, g.contact_name AS g_contact_name, g.contact_phone AS g_contact_phone,
                     g.address AS g_address, g.town AS g_town,
                     c.name AS c_name, btrim(c.uscc) AS c_uscc, c.contact_name AS c_contact_name, c.contact_phone AS c_contact_phone,
                     c.address AS c_address, c.town AS c_town
              FROM manifest x JOIN party c ON c.id = x.collector_party_id LEFT JOIN party g ON g.id = x.generator_party_id
              WHERE x.collector_name IS NULL) s
        WHERE m.id = s.id
        RETURNING 1)
    SELECT count(*) FROM filled
$$;

SELECT fill_manifest_party_snapshots();
