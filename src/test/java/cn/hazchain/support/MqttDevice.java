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
    private final MqttClient client;

    private MqttDevice(MqttClient client) {
        this.client = client;
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
        send(topic, payload).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Publishes with QoS 1 without waiting (the benchmark's pace). */
    public io.vertx.core.Future<Integer> send(String topic, String payload) {
        return client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false);
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
