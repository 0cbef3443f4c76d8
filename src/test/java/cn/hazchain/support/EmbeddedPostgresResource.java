package cn.hazchain.support;

import cn.hazchain.boot.Bootstrap;
import cn.hazchain.boot.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the tests' real PostgreSQL exactly as the service does (Bootstrap with no datasource configured),
 * in a fresh data directory under target/, with the Jiangyin demo data set.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private Optional<EmbeddedDatabase> db = Optional.empty();

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-data-");
            Map<String, String> settings = new HashMap<>(Map.of(Bootstrap.DATA_DIR, dir.toString(), Bootstrap.DEMO, "true"));
            Bootstrap.Prepared prepared = Bootstrap.prepare(settings::get);
            db = prepared.embedded();
            return prepared.properties();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        db.ifPresent(d -> {
            try {
                d.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
