-- Issue #19, finding 2: a token outlived the rights it carried. An administrator changed a driver's roles and
-- password, and the driver's old token still carried DRIVER and collected a container. Every token now carries its
-- user's token epoch (claim "tep"); changing the user's roles, party or password, or disabling it, moves the epoch on
-- (UserService), and the session check refuses a token of an earlier epoch on its next request. An epoch, not a
-- "valid after" time: a token's iat has whole seconds, so a token issued in the second of the change could not be
-- told from one issued just after it. Tokens issued before this migration carry no epoch and count as epoch 0.
ALTER TABLE app_user ADD COLUMN token_epoch integer NOT NULL DEFAULT 0 CHECK (token_epoch >= 0);
