-- A feed message the database refuses for what it says (a data or integrity error that would fail again on every
-- redelivery) is counted as UNSTORABLE and acknowledged, so one message cannot keep the consumer reconnecting
-- (docs/feeds.md, "The consumer and its guarantees").
ALTER TABLE feed_rejection DROP CONSTRAINT feed_rejection_reason_check;
ALTER TABLE feed_rejection ADD CONSTRAINT feed_rejection_reason_check CHECK (reason IN ('MALFORMED', 'WRONG_TOPIC', 'UNKNOWN_DEVICE',
    'INACTIVE_DEVICE', 'OUT_OF_RANGE', 'REPLAYED', 'OUT_OF_ORDER', 'UNSTORABLE'));
