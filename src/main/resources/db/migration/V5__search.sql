-- Regulator's search (docs/regulator.md, "Search and exports"): indexes for its filters and default sorts.

-- Default container sort (newest issued first) with a stable tie-break, and the "party involved" filter.
CREATE INDEX container_created_idx ON container (created_at DESC NULLS LAST, id DESC);
CREATE INDEX container_custodian_idx ON container (custodian_party_id);
CREATE INDEX container_storage_point_idx ON container (storage_point_id) WHERE storage_point_id IS NOT NULL;
CREATE INDEX container_code_idx ON container (waste_code);

-- Transfers by carrier (party filter, visibility) and by planned date (date range, default sort).
CREATE INDEX transfer_carrier_idx ON transfer (carrier_party_id);
CREATE INDEX transfer_planned_idx ON transfer (planned_date DESC NULLS LAST, number DESC);
