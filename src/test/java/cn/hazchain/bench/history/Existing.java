package cn.hazchain.bench.history;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the database holds before the history is generated: the Jiangyin demo data set (whose collector, storage
 * point, receivers, users and vehicles take part in the history), the catalogue, the counters and the highest ids.
 */
record Existing(Map<String, Long> userIds, Map<String, Long> userParty, PartyRow collector, PartyRow storagePoint, PartyRow incinerator,
                PartyRow recycler, List<long[]> collectorVehicles, List<String> collectorDevices, Map<Long, List<LicenceRow>> licences,
                Map<String, BigDecimal> intake, Map<String, CodeRow> codes, Map<Integer, Integer> manifestSerials, Map<String, Long> maxIds) {

    record PartyRow(long id, String name, String town, double lat, double lon) {
    }

    record LicenceRow(long id, String number, String kind, List<String> codes, List<String> categories, BigDecimal approvedTonnes,
                      LocalDate validFrom, LocalDate validTo) {
    }

    record CodeRow(String code, String category, String categoryName, List<String> hazards) {
    }

    static final List<String> DEMO_USERS = List.of("admin", "regulator", "collector", "driver", "keeper", "receiver");
    static final List<String> ID_TABLES = List.of("party", "vehicle", "licence", "licence_intake", "app_user", "device", "manifest",
            "manifest_line", "container", "lot", "transfer", "custody_event", "collection_round");

    static Existing read(Connection c, String region) throws SQLException {
        Map<String, Long> users = new LinkedHashMap<>();
        Map<String, Long> userParty = new HashMap<>();
        for (String u : DEMO_USERS) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, party_id FROM app_user WHERE username = ?")) {
                ps.setString(1, u);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("demo user '" + u + "' is missing: the history builds on the Jiangyin demo data set");
                    }
                    users.put(u, rs.getLong(1));
                    userParty.put(u, rs.getLong(2));
                }
            }
        }
        PartyRow collector = party(c, userParty.get("collector"));
        PartyRow point = party(c, userParty.get("keeper"));
        PartyRow incinerator = party(c, userParty.get("receiver"));
        long recyclerId = single(c, "SELECT p.id FROM party p JOIN licence l ON l.holder_party_id = p.id WHERE p.kind = 'RECEIVER'"
                + " AND '900-214-08' = ANY (l.permitted_codes) AND p.id <> " + incinerator.id() + " ORDER BY p.id LIMIT 1");
        PartyRow recycler = party(c, recyclerId);
        List<long[]> vehicles = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, capacity_kg FROM vehicle WHERE owner_party_id = ? ORDER BY id")) {
            ps.setLong(1, collector.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    vehicles.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        List<String> devices = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT serial FROM device WHERE owner_party_id = ? AND revoked_at IS NULL ORDER BY id")) {
            ps.setLong(1, collector.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    devices.add(rs.getString(1));
                }
            }
        }
        Map<Long, List<LicenceRow>> licences = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, number, kind, permitted_codes, permitted_categories, approved_annual_t,"
                + " valid_from, valid_to, holder_party_id FROM licence WHERE holder_party_id IN (?, ?, ?) ORDER BY id")) {
            ps.setLong(1, collector.id());
            ps.setLong(2, incinerator.id());
            ps.setLong(3, recycler.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    licences.computeIfAbsent(rs.getLong(9), k -> new ArrayList<>()).add(new LicenceRow(rs.getLong(1), rs.getString(2),
                            rs.getString(3), strings(rs.getArray(4)), strings(rs.getArray(5)), rs.getBigDecimal(6),
                            rs.getObject(7, LocalDate.class), rs.getObject(8, LocalDate.class)));
                }
            }
        }
        Map<String, BigDecimal> intake = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT licence_id, extract(year FROM received_on)::int, sum(tonnes) FROM licence_intake GROUP BY 1, 2");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                intake.put(rs.getLong(1) + "/" + rs.getInt(2), rs.getBigDecimal(3));
            }
        }
        Map<String, CodeRow> codes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT code, category, category_name, hazards FROM waste_code"
                + " WHERE edition = (SELECT max(edition) FROM catalogue_edition WHERE edition = '2021')")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    codes.put(rs.getString(1).strip(), new CodeRow(rs.getString(1).strip(), rs.getString(2).strip(), rs.getString(3), strings(rs.getArray(4))));
                }
            }
        }
        if (codes.isEmpty()) {
            throw new IllegalStateException("the waste catalogue (edition 2021) is not loaded: start the service once on this database");
        }
        Map<Integer, Integer> serials = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT year, last_serial FROM manifest_counter WHERE region = ?")) {
            ps.setString(1, region);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    serials.put(rs.getInt(1), rs.getInt(2));
                }
            }
        }
        Map<String, Long> maxIds = new LinkedHashMap<>();
        for (String table : ID_TABLES) {
            // the sequence may be ahead of max(id) (rolled-back inserts): start after both
            maxIds.put(table, single(c, "SELECT greatest((SELECT coalesce(max(id), 0) FROM " + table + "),"
                    + " (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM " + table + "_id_seq))"));
        }
        return new Existing(users, userParty, collector, point, incinerator, recycler, vehicles, devices, licences, intake, codes, serials, maxIds);
    }

    private static PartyRow party(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, town, latitude, longitude FROM party WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new PartyRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getDouble(5));
            }
        }
    }

    static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no row for: " + sql);
            }
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }
}
