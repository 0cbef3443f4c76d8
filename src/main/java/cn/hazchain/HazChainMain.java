package cn.hazchain;

import cn.hazchain.boot.Backup;
import cn.hazchain.boot.Bootstrap;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Entry point of the packaged service: prepares keys and, when {@code QUARKUS_DATASOURCE_JDBC_URL} is not set,
 * an embedded PostgreSQL under {@code hazchain.data-dir}; then runs Quarkus. With the arguments
 * {@code backup <dir>} or {@code restore <dir>} it backs up or restores the embedded database instead (see {@link Backup}).
 */
@QuarkusMain
public class HazChainMain {

    public static void main(String... args) {
        if (Backup.isCommand(args)) {
            Path dataDir = Path.of(Optional.ofNullable(Bootstrap.fromSystem(Bootstrap.DATA_DIR)).orElse("data")).toAbsolutePath().normalize();
            System.exit(Backup.command(args, dataDir, Bootstrap.fromSystem(Bootstrap.JDBC_URL) != null));
        }
        Bootstrap.Prepared prepared = Bootstrap.prepare(Bootstrap::fromSystem);
        prepared.properties().forEach(System::setProperty);
        Quarkus.run(args);
    }
}
