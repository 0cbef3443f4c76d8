package cn.hazchain.common;

import static cn.hazchain.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue #19, finding 3: a problem named a database constraint ("the request breaks licence_intake_tonnes_check").
 * Now a refused request says in words what is wrong, for the constraints we know and for any other.
 */
@QuarkusTest
class ConstraintProblemsTest {

    @Inject
    AgroalDataSource db;

    @Test
    void refusedByADatabaseRule_answersInWords_namingNoConstraint() throws SQLException {
        String rule = "party_name_probe_check";
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE party ADD CONSTRAINT " + rule + " CHECK (name <> '约束探针') NOT VALID");
        }
        try {
            Response res = as("admin").body(Fixtures.party("GENERATOR", "约束探针")).post("/api/parties");
            assertEquals(422, res.statusCode(), res.asString());
            assertTrue(res.contentType().startsWith("application/problem+json"), res.contentType());
            assertEquals("https://hazchain.example/problems/constraint", res.jsonPath().getString("type"));
            assertEquals("a value is outside what is allowed for it; check the values you sent", res.jsonPath().getString("detail"));
            assertFalse(res.asString().contains(rule) || res.asString().contains("_check"), "the problem names the constraint: " + res.asString());
        } finally {
            try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE party DROP CONSTRAINT " + rule);
            }
        }
    }

    @Test
    void everyKindOfRuleAndEveryKnownConstraint_isDescribedWithoutItsName() {
        ProblemMappers mappers = new ProblemMappers();
        List<String> names = new ArrayList<>(ConstraintMessages.KNOWN.keySet());
        names.add("some_table_some_column_fkey"); // not known: worded from its kind
        names.add(null);
        List<String> wrong = new ArrayList<>();
        for (String state : List.of("23505", "23503", "23514", "23502", "23P01", "23000")) {
            // every kind with an unknown name and none; every known name once (the kind does not change its words)
            for (String name : "23514".equals(state) ? names : names.subList(names.size() - 2, names.size())) {
                var e = new org.hibernate.exception.ConstraintViolationException("refused", new SQLException("refused", state), name);
                Problem p = (Problem) mappers.constraint(e, null).getEntity();
                String text = p.title + " " + p.detail + " " + p.extensions();
                if ((name != null && text.contains(name)) || text.matches(".*[a-z]+_[a-z_]+(check|fkey|key|idx).*") || p.detail.isBlank()) {
                    wrong.add(state + " " + name + ": " + text);
                }
                assertEquals("23505".equals(state) ? 409 : 422, p.status);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** A renamed or dropped constraint must not silently fall back to the generic words: the map follows the schema. */
    @Test
    void everyKnownConstraint_isARuleOfTheSchema() throws SQLException {
        Set<String> schema = new HashSet<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
                     + " UNION SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                     + " WHERE i.indisunique AND c.relnamespace = 'public'::regnamespace")) {
            while (rs.next()) {
                schema.add(rs.getString(1));
            }
        }
        Set<String> unknown = new TreeSet<>(ConstraintMessages.KNOWN.keySet());
        unknown.removeAll(schema);
        assertTrue(unknown.isEmpty(), "ConstraintMessages names rules the schema does not have: " + unknown);
    }
}
