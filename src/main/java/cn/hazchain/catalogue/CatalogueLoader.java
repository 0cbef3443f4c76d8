package cn.hazchain.catalogue;

import cn.hazchain.common.Jdbc;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Loads each edition of the waste list named in {@code catalogue/editions.txt} once. An edition is data:
 * adding the 2025 list means adding its CSV and a line in that file; old records keep pointing at 2021.
 */
@ApplicationScoped
public class CatalogueLoader {

    private static final Logger LOG = Logger.getLogger(CatalogueLoader.class);
    static final String INDEX = "catalogue/editions.txt";

    @Inject
    EntityManager em;

    record Edition(String edition, String title, String file) {
    }

    record Row(String category, String categoryName, String industry, String code, String description, String hazard) {
    }

    @Transactional
    void onStart(@Observes @jakarta.annotation.Priority(10) StartupEvent event) {
        for (Edition edition : editions()) {
            // Advisory lock: replicas starting together load an edition once.
            em.createNativeQuery("SELECT pg_advisory_xact_lock(7301)").getSingleResult();
            Number present = (Number) em.createNativeQuery("SELECT count(*) FROM catalogue_edition WHERE edition = ?1")
                    .setParameter(1, edition.edition()).getSingleResult();
            if (present.intValue() > 0) {
                continue;
            }
            List<Row> rows = read(edition.file());
            em.createNativeQuery("INSERT INTO catalogue_edition (edition, title, code_count) VALUES (?1, ?2, ?3)")
                    .setParameter(1, edition.edition()).setParameter(2, edition.title()).setParameter(3, rows.size())
                    .executeUpdate();
            // one statement for the whole edition (a statement per code cost a second of every first start)
            Jdbc.work(em, c -> {
                try (var ps = c.prepareStatement("INSERT INTO waste_code (edition, code, category, category_name, industry, description, hazard, hazards)"
                        + " SELECT ?, v.code, v.category, v.category_name, v.industry, v.description, v.hazard, string_to_array(v.hazards, ',')::varchar[]"
                        + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                        + " AS v(code, category, category_name, industry, description, hazard, hazards)")) {
                    ps.setString(1, edition.edition());
                    int i = 2;
                    for (java.util.function.Function<Row, String> f : List.<java.util.function.Function<Row, String>>of(Row::code, Row::category,
                            Row::categoryName, Row::industry, Row::description, Row::hazard, r -> String.join(",", hazards(r.hazard())))) {
                        ps.setArray(i++, Jdbc.texts(c, rows.stream().map(f).toList()));
                    }
                    int n = ps.executeUpdate();
                    if (n != rows.size()) {
                        throw new IllegalStateException("inserted " + n + " of " + rows.size() + " waste codes");
                    }
                }
                return null;
            });
            LOG.infof("loaded waste catalogue edition %s: %d codes", edition.edition(), rows.size());
        }
    }

    /** {@code T/C/I/R} or {@code T,I} → [T, C, I, R] / [T, I]. */
    static List<String> hazards(String hazard) {
        return Arrays.stream(hazard.split("[,/，、]")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    static List<Edition> editions() {
        List<Edition> editions = new ArrayList<>();
        for (String line : lines(INDEX)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\|");
            editions.add(new Edition(f[0].strip(), f[1].strip(), "catalogue/" + f[2].strip()));
        }
        return editions;
    }

    static List<Row> read(String resource) {
        List<String> lines = lines(resource);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = Csv.split(line);
            if (f.size() != 6) {
                throw new IllegalStateException(resource + ": expected 6 fields, got " + f.size() + " in: " + line);
            }
            rows.add(new Row(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5)));
        }
        return rows;
    }

    private static List<String> lines(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
