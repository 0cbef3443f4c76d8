package cn.hazchain.feed;

import cn.hazchain.common.HazChainConfig;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Whether Mosquitto's password and ACL files could be written the last time ({@link BrokerFileWriter}): DOWN, with
 * since when and why, while writing them fails. In its own health group, {@code GET /q/health/group/feeds}, and neither
 * a liveness nor a readiness check: the API does not need the files (only devices newly registered or ended wait for
 * them), so a file that cannot be written must not take the service out of its load balancer nor get it restarted.
 * Up, saying so, when no directory is configured.
 */
@HealthGroup("feeds")
@ApplicationScoped
public class BrokerFilesCheck implements HealthCheck {

    @Inject
    HazChainConfig config;

    @Inject
    BrokerFileWriter writer;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("broker-files");
        if (config.feeds().brokerFilesDir().isEmpty()) {
            return b.up().withData("configured", false).build();
        }
        BrokerFileWriter.State s = writer.state();
        b.withData("configured", true);
        if (s.writtenAt() != null) {
            b.withData("writtenAt", s.writtenAt().toString());
        }
        if (s.failingSince() == null) {
            return b.up().build();
        }
        return b.down().withData("failingSince", s.failingSince().toString()).withData("error", s.failure()).withData("failedWrites", s.failures())
                .withData("retryEvery", config.feeds().brokerFilesRetry()).build();
    }
}
