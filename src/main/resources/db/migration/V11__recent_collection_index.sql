-- The alert rule "no pickup for N days" (RuleQueries.noPickup) first sets aside the generators collected in the
-- last N days. Only CONTAINER_COLLECTED events are indexed here (one event in six), by time, with the container:
-- the last 120 days of collections are an index range, read without the table. Before, the rule read every
-- custody event of every generator: 2 min 20 s on the city history (5.9 M events), in every evaluation.
CREATE INDEX custody_event_recent_collection_idx ON custody_event (server_time) INCLUDE (container_id)
    WHERE type = 'CONTAINER_COLLECTED';
