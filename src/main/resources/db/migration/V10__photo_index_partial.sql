-- Most custody events carry no photo, yet the GIN index on photo_sha256 took an entry for each one (GIN indexes an
-- empty array too): one index insertion per synced event for nothing (issue #8, sync cost per event). Only events
-- with photos are indexed now; the one query that looks a photo up (PhotoService.mayView) says so in its WHERE.
DROP INDEX custody_event_photo_idx;
CREATE INDEX custody_event_photo_idx ON custody_event USING gin (photo_sha256) WHERE cardinality(photo_sha256) > 0;
