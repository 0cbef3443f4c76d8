package cn.hazchain.bench.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Subjects that exist in the generated history, picked at random (deterministically from a seed) for queries:
 * label ids, manifest and transfer numbers, lot ids, generator party ids. Uses the id ranges recorded in the marker,
 * so picking is a handful of primary-key reads even at 50M events.
 */
public record Samples(List<String> labelIds, List<String> manifestNumbers, List<String> transferNumbers, List<Long> lotIds,
                      List<Long> generatorPartyIds) {

    /** {@code n} of each (fewer only when the history has fewer), the same for the same seed. */
    public static Samples pick(Connection c, int n, long seed) throws SQLException {
        Map<String, Long> counts = Marker.counts(c).orElseThrow(() -> new IllegalStateException("no generated history in this database"));
        SplittableRandom rng = new SplittableRandom(seed);
        return new Samples(
                strings(c, "SELECT label_id FROM container WHERE id = ANY (?) ORDER BY id", ids(rng, counts.get("firstContainerId"), counts.get("containers"), n)),
                strings(c, "SELECT number FROM manifest WHERE id = ANY (?) ORDER BY id", ids(rng, counts.get("firstManifestId"), counts.get("manifests"), n)),
                strings(c, "SELECT number FROM transfer WHERE id = ANY (?) ORDER BY id", ids(rng, counts.get("firstTransferId"), counts.get("transfers"), n)),
                longs(c, "SELECT id FROM lot WHERE id = ANY (?) ORDER BY id", ids(rng, counts.get("firstLotId"), counts.get("lots"), n)),
                longs(c, "SELECT id FROM party WHERE id = ANY (?) AND kind = 'GENERATOR' ORDER BY id",
                        ids(rng, counts.get("firstGeneratorId"), counts.get("generators"), n)));
    }

    private static List<Long> ids(SplittableRandom rng, long first, long count, int n) {
        List<Long> ids = new ArrayList<>();
        if (count <= 0 || first < 0) {
            return ids;
        }
        java.util.Set<Long> seen = new java.util.LinkedHashSet<>();
        while (seen.size() < Math.min(n, count)) {
            seen.add(first + rng.nextLong(count));
        }
        ids.addAll(seen);
        return ids;
    }

    private static List<String> strings(Connection c, String sql, List<Long> ids) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1).strip());
                }
            }
        }
        return out;
    }

    private static List<Long> longs(Connection c, String sql, List<Long> ids) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }
}
