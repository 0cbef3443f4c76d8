package cn.hazchain.feed;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.feed.FeedIngest.Outcome;
import cn.hazchain.feed.FeedIngest.Received;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The service's MQTT subscriber (docs/feeds.md). It subscribes to {@code hazchain/v1/#} with QoS 1 under a fixed
 * client id and a persistent session, and acknowledges a message (PUBACK) only after {@link FeedIngest} committed
 * what became of it, stored or counted as dropped. A crash before the commit leaves the message unacknowledged: the
 * broker sends it again when the service reconnects, and the second delivery is stored (or is a REPLAYED resend if the
 * commit had happened). The broker's {@code max_inflight_messages} bounds how many wait unacknowledged: that is the
 * consumer's back-pressure.
 *
 * <p>Why not {@code @Incoming} with the SmallRye MQTT connector: that connector acknowledges every QoS 1 message as it
 * arrives (the Vert.x client's auto-ack), before the application has stored it, so a crash would lose whatever was
 * buffered. The Vert.x MQTT client it is built on (same extension, same Vert.x) lets acknowledgements wait.
 *
 * <p>Messages are handled on one thread of their own, in the order received, in batches of up to
 * {@code hazchain.feeds.batch-size} per transaction. Nothing thrown leaves it: a batch that fails is retried one
 * message at a time; at the first message that still fails, it and everything after it from the same connection are
 * left unstored and unacknowledged and that connection is closed, so the broker resends them, in order, after the
 * reconnect (storing a later one first would make the failed one OUT_OF_ORDER on its return). A message the database
 * refuses for its content is counted {@link Rejection#UNSTORABLE} and acknowledged instead, so it cannot loop.
 */
@ApplicationScoped
public class FeedConsumer {

    private static final Logger LOG = Logger.getLogger(FeedConsumer.class);
    public static final String TOPICS = FeedMessages.PREFIX + "#";

    @Inject
    HazChainConfig config;

    @Inject
    Vertx vertx;

    @Inject
    FeedIngest ingest;

    @Inject
    MeterRegistry registry;

    private record Pending(MqttClient from, Context context, MqttPublishMessage message, Received received) {
    }

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Connections on which a message could not be stored: nothing more of theirs is stored or acknowledged. */
    private final Set<MqttClient> abandoned = Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
    private Counter accepted;
    private Counter failed;
    private volatile MqttClient client;
    private volatile boolean running;
    private volatile boolean connected;
    private Thread worker;

    void onStart(@Observes StartupEvent start) {
        accepted = registry.counter("hazchain.feed.accepted");
        failed = registry.counter("hazchain.feed.store.failed");
        for (Rejection r : Rejection.values()) {
            rejected.put(r, registry.counter("hazchain.feed.rejected", "reason", r.tag()));
        }
        HazChainConfig.Feeds feeds = config.feeds();
        if (!feeds.enabled()) {
            LOG.info("feeds off (hazchain.feeds.enabled=false): no MQTT subscription");
            return;
        }
        if (feeds.host().isEmpty() || feeds.subscriberPassword().isEmpty()) {
            throw new IllegalStateException("hazchain.feeds.enabled=true needs hazchain.feeds.host and hazchain.feeds.subscriber-password"
                    + " (HAZCHAIN_FEEDS_HOST, HAZCHAIN_FEEDS_SUBSCRIBER_PASSWORD)");
        }
        running = true;
        worker = new Thread(this::work, "hazchain-feeds");
        worker.setDaemon(true);
        worker.start();
        connect();
    }

    void onStop(@Observes ShutdownEvent stop) {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
        MqttClient c = client;
        if (c != null && c.isConnected()) {
            c.disconnect();
        }
    }

    /** Whether the subscription is up (tests and the benchmark wait for it). */
    public boolean connected() {
        return connected;
    }

    /** Messages stored and dropped by this process since it started. */
    public long stored() {
        return stored.get();
    }

    public long dropped() {
        return dropped.get();
    }

    private void connect() {
        if (!running) {
            return;
        }
        // one client at a time: a new generation makes the old client's late callbacks (its close handler and a failed
        // connect both fire when a connection closes before CONNACK) do nothing, and the old client is closed first
        long gen = generation.incrementAndGet();
        MqttClient old = client;
        if (old != null && old.isConnected()) {
            old.disconnect();
        }
        HazChainConfig.Feeds feeds = config.feeds();
        MqttClientOptions options = new MqttClientOptions().setClientId(feeds.clientId()).setUsername(feeds.subscriberUsername())
                .setPassword(feeds.subscriberPassword().orElseThrow()).setCleanSession(false).setKeepAliveInterval(30)
                // Netty's MqttDecoder (4.1.133) compares the limit with the readable bytes of its replaying buffer, which
                // reads as Integer.MAX_VALUE minus the reader index while a packet's variable header is incomplete: any limit
                // below that fails a burst of small messages split across TCP reads ("message length exceeds 8092: 179") and
                // closes the connection. MAX_VALUE makes that need a reader index of 0, rare; the broker limits packets
                // (max_packet_size) and FeedMessages payloads, and a failure costs a reconnect, never a message.
                .setMaxMessageSize(Integer.MAX_VALUE);
        options.setAutoAck(false);
        MqttClient c = MqttClient.create(vertx, options);
        c.publishHandler(m -> {
            // on the connection's event loop: copy and queue; the worker stores, then acknowledges on that same event loop
            // (Vert.x calls this handler before it arms the message's ack(): an ack from elsewhere could come first and be lost)
            if (abandoned.contains(c)) {
                return;                         // its connection is closing after a failure: the broker sends this again
            }
            // a payload above FeedMessages' limit is kept only as far as needed to count it MALFORMED (the broker's
            // max_packet_size bounds what arrives at all)
            int length = Math.min(m.payload().length(), FeedMessages.MAX_BYTES + 1);
            queue.add(new Pending(c, Vertx.currentContext(), m, new Received(m.topicName(), m.payload().getBytes(0, length), Instant.now())));
        });
        c.exceptionHandler(e -> LOG.warnf("feeds: MQTT connection error: %s", e.toString()));
        c.closeHandler(v -> {
            if (gen == generation.get()) {
                connected = false;
                LOG.warn("feeds: connection to the broker closed; reconnecting");
            }
            retry(gen);
        });
        c.subscribeCompletionHandler(suback -> {
            // the broker answers 0x80 for a topic it refused (its ACL): nothing would arrive, so say so and try again
            if (suback.grantedQoSLevels().stream().anyMatch(q -> q == null || q < 0 || q > 2)) {
                LOG.errorf("feeds: the broker refused the subscription to %s (SUBACK %s): check the subscriber's ACL; retrying",
                        TOPICS, suback.grantedQoSLevels());
                c.disconnect();
            } else if (gen == generation.get()) {
                connected = true;
                LOG.infof("feeds: subscribed to %s on %s:%d as %s", TOPICS, feeds.host().get(), feeds.port(), feeds.subscriberUsername());
            }
        });
        client = c;
        c.connect(feeds.port(), feeds.host().orElseThrow()).onSuccess(ack -> {
            c.subscribe(TOPICS, 1).onFailure(e -> {
                LOG.errorf("feeds: subscription to %s failed: %s; reconnecting", TOPICS, e.getMessage());
                c.disconnect();
            });
        }).onFailure(e -> {
            LOG.warnf("feeds: cannot connect to %s:%d (%s); retrying", feeds.host().get(), feeds.port(), e.getMessage());
            retry(gen);
        });
    }

    /** Schedules one reconnect per generation, however many of its callbacks ask; an older generation's ask is ignored. */
    private void retry(long gen) {
        if (running && gen == generation.get() && retried.getAndSet(gen) != gen) {
            vertx.setTimer(Math.max(100, config.feeds().reconnectDelay().toMillis()), t -> connect());
        }
    }

    private void work() {
        int max = Math.max(1, config.feeds().batchSize());
        while (running) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, max - 1);
                batch.removeIf(p -> abandoned.contains(p.from()));
                if (batch.isEmpty()) {
                    continue;
                }
                handle(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) {
                // never let the consumer die: whatever this was, the messages it held stay unacknowledged
                LOG.error("feeds: unexpected failure in the consumer; continuing", t);
            }
        }
    }

    private void handle(List<Pending> batch) {
        try {
            acknowledge(batch, ingest.store(batch.stream().map(Pending::received).toList()));
            return;
        } catch (RuntimeException e) {
            LOG.warnf("feeds: a batch of %d failed (%s); storing its messages one by one", batch.size(), e.getMessage());
        }
        for (Pending p : batch) {
            if (abandoned.contains(p.from())) {
                continue;                   // after a failure on its connection: not stored, not acknowledged, sent again
            }
            try {
                acknowledge(List.of(p), ingest.store(List.of(p.received())));
            } catch (RuntimeException e) {
                String state = sqlState(e);
                if (state != null && (state.startsWith("22") || state.startsWith("23")) && dropUnstorable(p, state, e)) {
                    continue;
                }
                failed.increment();
                LOG.errorf(e, "feeds: a message on %s could not be stored; it and everything after it on its connection are left"
                        + " unacknowledged for redelivery in order", FeedMessages.shorten(p.received().topic()));
                abandon(p);
            }
        }
    }

    /**
     * Stops taking messages of {@code p}'s connection: storing one that came after it would make it OUT_OF_ORDER when the
     * broker sends it again. What is queued from that connection is discarded unstored, and the connection closed once
     * the acknowledgements already given on it have gone out; the broker then resends from the failed message on, in order.
     */
    private void abandon(Pending p) {
        MqttClient c = p.from();
        abandoned.add(c);
        queue.removeIf(q -> q.from() == c);
        p.context().runOnContext(v -> {
            if (c.isConnected()) {
                c.disconnect();
            }
        });
    }

    /**
     * A message the database refuses for what it says (SQL state class 22, data exception, or 23, integrity) fails the same
     * way on every redelivery: it is counted as {@link Rejection#UNSTORABLE} and acknowledged, so one message can never
     * keep the consumer reconnecting. False when even the count could not be written (the database is away): then it waits.
     */
    private boolean dropUnstorable(Pending p, String state, RuntimeException e) {
        String detail = "the database refused it (SQL state " + state + "): " + FeedMessages.shorten(rootMessage(e));
        try {
            Outcome o = ingest.unstorable(p.received(), detail);
            LOG.errorf("feeds: a message on %s is dropped as unstorable: %s", FeedMessages.shorten(p.received().topic()), detail);
            acknowledge(List.of(p), List.of(o));
            return true;
        } catch (RuntimeException again) {
            return false;
        }
    }

    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private void acknowledge(List<Pending> batch, List<Outcome> outcomes) {
        for (int i = 0; i < batch.size(); i++) {
            Outcome o = outcomes.get(i);
            if (o.stored()) {
                stored.incrementAndGet();
                accepted.increment();
            } else {
                dropped.incrementAndGet();
                rejected.get(o.reason()).increment();
                LOG.debugf("feeds: dropped (%s) %s", o.reason(), o.detail());
            }
        }
        // a message of a connection that has closed since is not acknowledged: the broker sends it again on the new one
        for (Pending p : batch) {
            p.context().runOnContext(v -> {
                if (p.from() == client && p.from().isConnected()) {
                    p.message().ack();
                }
            });
        }
    }
}
