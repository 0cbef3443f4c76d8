-- Whole refusals by transfer: a container refused on a transfer and shipped on is "moved on" from it, and the
-- transfer search shows it as it stood on that transfer (TransferSearch); these are the few rows to look at.
CREATE INDEX custody_event_refused_idx ON custody_event (transfer_id, container_id) WHERE type = 'CONTAINER_REFUSED';
