-- Issue #15, point 7: the national export carries transfer manifests (with their receipts, discrepancies and
-- disposals), not only pickup manifests. A transfer's rows are keyed by its number (numbers are unique across pickup
-- and transfer manifests: one sequence) and, like "manifest.updated", one untried "transfer.updated" row waits per
-- transfer and takes the newest document.
ALTER TABLE outbox DROP CONSTRAINT outbox_topic_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_topic_check
    CHECK (topic IN ('manifest.issued', 'manifest.updated', 'manifest.cancelled', 'transfer.updated'));
CREATE UNIQUE INDEX outbox_one_untried_transfer_update ON outbox (aggregate_key)
    WHERE topic = 'transfer.updated' AND attempts = 0 AND delivered_at IS NULL AND superseded_by IS NULL;
