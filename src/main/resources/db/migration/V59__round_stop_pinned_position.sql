-- Pins (issue #17 leftovers, point 3): the operator may fix a stop's place in its vehicle's sequence as well as the
-- vehicle. The position asked for is kept with the planned stop (NULL: the vehicle only, or not pinned).
ALTER TABLE round_stop ADD COLUMN pinned_seq integer CHECK (pinned_seq > 0);
