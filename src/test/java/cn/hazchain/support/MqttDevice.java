package cn.hazchain.support;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.concurrent.TimeUnit;

/** A device as the tests and the benchmark play it: an MQTT client with its own account, publishing with QoS 1. */
public final class MqttDevice implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();
    /** QoS 1 messages sent and not yet acknowledged by the broker, at most: the client refuses more than its queue holds. */
    static final int WINDOW = 500;
    private final MqttClient client;
    private final java.util.concurrent.Semaphore inflight = new java.util.concurrent.Semaphore(WINDOW);
    private final java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();

    private MqttDevice(MqttClient client) {
        this.client = client;
        client.publishCompletionHandler(id -> inflight.release());
    }

    /** Connects, or throws when the broker refuses (a wrong secret, an account it does not know). */
    public static MqttDevice connect(int port, String username, String secret) throws Exception {
        MqttClientOptions options = new MqttClientOptions().setClientId(username + "-" + System.nanoTime()).setUsername(username)
                .setPassword(secret).setCleanSession(true).setMaxInflightQueue(1000);
        MqttClient c = MqttClient.create(VERTX, options);
        c.connect(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new MqttDevice(c);
    }

    /** Publishes with QoS 1 and waits for the broker's acknowledgement. */
    public void publish(String topic, String payload) throws Exception {
        send(topic, payload);
        drain();
    }

    /**
     * Publishes with QoS 1 as soon as fewer than {@link #WINDOW} messages await the broker's PUBACK (the benchmark's
     * pace). A publish the client refused counts in {@link #drain}.
     */
    public void send(String topic, String payload) throws InterruptedException {
        inflight.acquire();
        client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false).onFailure(e -> {
            failed.incrementAndGet();
            inflight.release();
        });
    }

    /** Waits until the broker acknowledged everything sent; fails if the client refused any publish. */
    public void drain() throws InterruptedException {
        inflight.acquire(WINDOW);
        inflight.release(WINDOW);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " publish(es) refused by the client");
        }
    }

    public boolean connected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        if (client.isConnected()) {
            client.disconnect();
        }
    }
}
