-- A feed message the database refuses for what it says (a data or integrity error that would fail again on every
-- redelivery) is counted as UNSTORABLE and acknowledged, so one message cannot keep the consumer reconnecting
-- (docs/feeds.md, "The consumer and its guarantees").
ALTER TABLE feed_rejection DROP CONSTRAINT feed_rejection_reason_check;
ALTER TABLE feed_rejection ADD CONSTRAINT feed_rejection_reason_check CHECK (reason IN ('MALFORMED', 'WRONG_TOPIC', 'UNKNOWN_DEVICE',
    'INACTIVE_DEVICE', 'OUT_OF_RANGE', 'REPLAYED', 'OUT_OF_ORDER', 'UNSTORABLE'));

-- Corrections to V52's comments (V52 is left byte for byte as applied, Flyway validates its checksum): the track query
-- is measured in docs/performance.md "Feeds (issue #18)" with 20 vehicles, not 50; hz_segment_metres is pinned by
-- FeedAlertRulesTest (corridorDistance_isGreatCircle_toTheSegmentBetweenItsEnds), not by a FeedGeometryTest.
