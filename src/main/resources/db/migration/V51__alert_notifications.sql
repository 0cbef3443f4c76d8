-- Alert notifications (issue #18, point 4): a party subscribes a webhook to the alerts that concern it; each alert
-- step (opened, acknowledged, closed) it may see becomes one signed delivery, written in the same transaction as the
-- step, and delivered by cn.hazchain.notify.Notifier with the national export's signing and back-off.

CREATE TABLE notification_subscription (
    id            bigserial PRIMARY KEY,
    party_id      bigint NOT NULL REFERENCES party(id),
    url           text NOT NULL,
    -- the HMAC key of the signature: kept to sign with, never shown again after it is set
    secret        text NOT NULL CHECK (length(secret) >= 16),
    -- the rules it wants (empty: all) and the lowest severity
    rules         text[] NOT NULL DEFAULT '{}',
    min_severity  text NOT NULL DEFAULT 'LOW' CHECK (min_severity IN ('LOW', 'MEDIUM', 'HIGH')),
    description   text,
    created_by    bigint NOT NULL REFERENCES app_user(id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- a retried creation with the same request id answers the first one
    request_id    uuid NOT NULL UNIQUE,
    -- ended, never deleted: its deliveries stay readable
    ended_by      bigint REFERENCES app_user(id),
    ended_at      timestamptz,
    CHECK ((ended_at IS NULL) = (ended_by IS NULL))
);
CREATE INDEX notification_subscription_party_idx ON notification_subscription (party_id) WHERE ended_at IS NULL;

CREATE TABLE notification (
    id               bigserial PRIMARY KEY,
    subscription_id  bigint NOT NULL REFERENCES notification_subscription(id),
    alert_id         bigint NOT NULL REFERENCES alert(id),
    alert_event_id   bigint NOT NULL REFERENCES alert_event(id),
    topic            text NOT NULL CHECK (topic IN ('alert.opened', 'alert.acknowledged', 'alert.closed')),
    payload          jsonb NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    sending_until    timestamptz,
    last_attempt_at  timestamptz,
    delivered_at     timestamptz,
    last_status      integer,
    last_error       text,
    UNIQUE (subscription_id, alert_event_id)
);
CREATE INDEX notification_due_idx ON notification (next_attempt_at, id) WHERE delivered_at IS NULL;
-- one alert's steps reach one subscriber in order
CREATE INDEX notification_order_idx ON notification (subscription_id, alert_id, id) WHERE delivered_at IS NULL;
CREATE INDEX notification_subscription_idx ON notification (subscription_id, id DESC);
