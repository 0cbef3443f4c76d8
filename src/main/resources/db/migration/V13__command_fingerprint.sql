-- A command id names one request (issue #19, finding 5): besides who sent it and its kind, the command log keeps a
-- fingerprint (SHA-256) of what the command names and its body, and a repeat with a different request is refused
-- instead of being answered with the first request's result. Rows written before have none and replay as before.
ALTER TABLE command_log ADD COLUMN request_sha256 char(64);
