-- National export (全国固体废物管理信息系统): an outbox of manifest documents, written in the same transaction as
-- the change they describe and delivered by signed webhooks (cn.hazchain.export, docs/regulator.md "National export").
--
-- A row is one delivery: the whole "hazchain.manifest.v1" document at that moment. Rows are kept after delivery
-- as the record of what was sent and when (nothing is deleted). The table is not append-only: the dispatcher
-- records attempts on the row, and a manifest's waiting "manifest.updated" row takes the newest document instead
-- of piling up one row per custody event.
CREATE TABLE outbox (
    id               bigserial PRIMARY KEY,
    topic            text NOT NULL CHECK (topic IN ('manifest.issued', 'manifest.updated', 'manifest.cancelled')),
    -- the manifest number: rows of one manifest are delivered in id order, one at a time
    aggregate_key    text NOT NULL,
    payload          jsonb NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- attempts so far; raised when a dispatcher claims the row, before it sends
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    -- set while one dispatcher is sending the row (a lease): others leave it alone until then
    sending_until    timestamptz,
    last_attempt_at  timestamptz,
    delivered_at     timestamptz,
    -- HTTP status of the last attempt (null: no answer — timeout or connection error)
    last_status      integer,
    last_error       text,
    -- a failed "manifest.updated" row is skipped once a newer update of the same manifest waits behind it
    superseded_by    bigint REFERENCES outbox(id),
    CHECK (delivered_at IS NULL OR superseded_by IS NULL)
);

-- What the dispatcher looks for: undelivered rows by due time.
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND superseded_by IS NULL;
-- Rows of one manifest in order (the order check, the API's filter).
CREATE INDEX outbox_aggregate_idx ON outbox (aggregate_key, id);
-- At most one untried "manifest.updated" row waits per manifest; later custody changes update it in place.
CREATE UNIQUE INDEX outbox_one_untried_update ON outbox (aggregate_key)
    WHERE topic = 'manifest.updated' AND attempts = 0 AND delivered_at IS NULL AND superseded_by IS NULL;
