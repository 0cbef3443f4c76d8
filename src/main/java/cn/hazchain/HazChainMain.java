package cn.hazchain;

import cn.hazchain.boot.Bootstrap;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the packaged service: prepares keys and, when {@code QUARKUS_DATASOURCE_JDBC_URL} is not set,
 * an embedded PostgreSQL under {@code hazchain.data-dir}; then runs Quarkus.
 */
@QuarkusMain
public class HazChainMain {

    public static void main(String... args) {
        Bootstrap.Prepared prepared = Bootstrap.prepare(Bootstrap::fromSystem);
        prepared.properties().forEach(System::setProperty);
        Quarkus.run(args);
    }
}
