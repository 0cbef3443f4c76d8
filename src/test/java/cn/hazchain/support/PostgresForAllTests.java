package cn.hazchain.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the embedded PostgreSQL for every @QuarkusTest in the module (one server per test JVM). */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public final class PostgresForAllTests {

    private PostgresForAllTests() {
    }
}
