package cn.hazchain.custody.log;

import cn.hazchain.label.PlatformSignatures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Verifies the audit log: recomputes every container's hash chain, then checks every signed checkpoint against
 * the chain heads it covered. Also writes checkpoints, on a schedule and on demand.
 */
@ApplicationScoped
public class AuditService {

    private static final Logger LOG = Logger.getLogger(AuditService.class);
    static final String CHECKPOINT_DOMAIN = "HZC1-CHECKPOINT";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PlatformSignatures signatures;

    public record Broken(long eventId, long containerId, int seq, String problem) {
    }

    public record Report(boolean intact, long eventsChecked, long chainsChecked, int checkpointsChecked, Broken firstBroken,
                         String checkpointProblem, Instant checkedAt) {
    }

    public record Checkpoint(long id, long maxEventId, int chainCount, String headsDigest, String keyId, String signature) {
    }

    public Report verify() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // lets PostgreSQL stream with a fetch size
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long events = 0;
            long chains = 0;
            Broken first = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM custody_event ORDER BY container_id, seq")) {
                ps.setFetchSize(2000);
                try (ResultSet rs = ps.executeQuery()) {
                    long container = -1;
                    int expectedSeq = 0;
                    String prevHash = null;
                    while (rs.next()) {
                        StoredEvent row = row(rs);
                        events++;
                        if (row.containerId() != container) {
                            container = row.containerId();
                            chains++;
                            expectedSeq = 1;
                            prevHash = null;
                        }
                        String problem = problem(row, expectedSeq, prevHash);
                        if (problem != null && (first == null || row.id() < first.eventId())) {
                            first = new Broken(row.id(), row.containerId(), row.seq(), problem);
                        }
                        expectedSeq = row.seq() + 1;
                        prevHash = row.hash();
                    }
                }
            }
            Broken derived = derivedFieldsProblem(c, null);
            if (derived != null && (first == null || derived.eventId() < first.eventId())) {
                first = derived;
            }
            int checkpoints = 0;
            String checkpointProblem = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, max_event_id, chain_count, heads_digest, key_id, signature FROM audit_checkpoint ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    checkpoints++;
                    Checkpoint cp = new Checkpoint(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4).strip(), rs.getString(5), rs.getString(6));
                    String problem = checkCheckpoint(c, cp);
                    if (problem != null && checkpointProblem == null) {
                        checkpointProblem = problem;
                    }
                }
            }
            c.commit();
            return new Report(first == null && checkpointProblem == null, events, chains, checkpoints, first, checkpointProblem, Instant.now());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log", e);
        }
    }

    /** What is wrong with an event given the sequence and previous hash its chain expects; null when nothing. */
    static String problem(StoredEvent row, int expectedSeq, String prevHash) {
        if (row.seq() != expectedSeq) {
            return "sequence " + row.seq() + " where " + expectedSeq + " was expected: an event is missing";
        }
        if (!java.util.Objects.equals(prevHash, row.prevHash())) {
            return "prev_hash does not match the hash of event " + (expectedSeq - 1) + " of this container";
        }
        if (!EventHash.of(row).equals(row.hash())) {
            return "content does not match its hash: the event was changed after it was written";
        }
        return null;
    }

    /** One container's chain: how many events it has and the first one that breaks it (null when intact). */
    public record Chain(long containerId, int events, Broken firstBroken) {
        public boolean intact() {
            return firstBroken == null;
        }
    }

    /**
     * Recomputes the hash chains of the given containers only (the same checks as {@link #verify()}, without the
     * checkpoints); a container without events has an empty, intact chain.
     */
    public java.util.Map<Long, Chain> verifyChains(java.util.Collection<Long> containerIds) {
        java.util.Map<Long, Chain> chains = new java.util.LinkedHashMap<>();
        containerIds.forEach(id -> chains.put(id, new Chain(id, 0, null)));
        if (containerIds.isEmpty()) {
            return chains;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM custody_event WHERE container_id = ANY (?) ORDER BY container_id, seq")) {
                ps.setArray(1, c.createArrayOf("bigint", containerIds.toArray()));
                ps.setFetchSize(2000);
                try (ResultSet rs = ps.executeQuery()) {
                    long container = -1;
                    int expectedSeq = 0;
                    String prevHash = null;
                    while (rs.next()) {
                        StoredEvent row = row(rs);
                        if (row.containerId() != container) {
                            container = row.containerId();
                            expectedSeq = 1;
                            prevHash = null;
                        }
                        Chain so = chains.get(container);
                        String problem = problem(row, expectedSeq, prevHash);
                        Broken first = so.firstBroken() != null || problem == null ? so.firstBroken()
                                : new Broken(row.id(), row.containerId(), row.seq(), problem);
                        expectedSeq = row.seq() + 1;
                        prevHash = row.hash();
                        chains.put(container, new Chain(container, so.events() + 1, first));
                    }
                }
            }
            Broken derived = derivedFieldsProblem(c, containerIds);
            if (derived != null) {
                Chain so = chains.get(derived.containerId());
                if (so.firstBroken() == null || derived.eventId() < so.firstBroken().eventId()) {
                    chains.put(so.containerId(), new Chain(so.containerId(), so.events(), derived));
                }
            }
            c.commit();
            return chains;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log", e);
        }
    }

    /**
     * Fields a version 1 hash does not cover, because they were added after those events were written (V12): the
     * generator of every event must be its container's, and the facts of a version 1 event must be what its hashed
     * details say ({@code custody_v1_facts}, the one reading of that text). The first event that disagrees, or null.
     */
    static Broken derivedFieldsProblem(Connection c, java.util.Collection<Long> containerIds) throws SQLException {
        String only = containerIds == null ? "" : " AND e.container_id = ANY (?)";
        try (PreparedStatement ps = c.prepareStatement("SELECT e.id, e.container_id, e.seq, e.generator_party_id <> k.generator_party_id"
                + " FROM custody_event e JOIN container k ON k.id = e.container_id"
                + " WHERE (e.generator_party_id <> k.generator_party_id"
                + "   OR (e.hash_version = 1 AND e.facts IS DISTINCT FROM custody_v1_facts(e.type, e.details)))" + only
                + " ORDER BY e.id LIMIT 1")) {
            if (containerIds != null) {
                ps.setArray(1, c.createArrayOf("bigint", containerIds.toArray()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Broken(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBoolean(4)
                        ? "its generator is not its container's: a field outside the hash was changed"
                        : "its facts no longer agree with its hashed details: a field outside the hash was changed");
            }
        }
    }

    private String checkCheckpoint(Connection c, Checkpoint cp) throws SQLException {
        if (!signatures.verify(CHECKPOINT_DOMAIN, message(cp.maxEventId(), cp.chainCount(), cp.headsDigest()), cp.keyId(), cp.signature())) {
            return "checkpoint " + cp.id() + ": signature does not verify with key " + cp.keyId();
        }
        Heads heads = heads(c, cp.maxEventId());
        if (heads.count() != cp.chainCount() || !heads.digest().equals(cp.headsDigest())) {
            return "checkpoint " + cp.id() + ": the chain heads up to event " + cp.maxEventId() + " no longer match what was signed";
        }
        return null;
    }

    record Heads(int count, String digest) {
    }

    static Heads heads(Connection c, long maxEventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (container_id) container_id, seq, hash FROM custody_event"
                + " WHERE id <= ? ORDER BY container_id, seq DESC")) {
            ps.setLong(1, maxEventId);
            ps.setFetchSize(5000);
            MessageDigest sha = sha256();
            int count = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    count++;
                    sha.update((rs.getLong(1) + ":" + rs.getInt(2) + ":" + rs.getString(3).strip() + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
            return new Heads(count, HexFormat.of().formatHex(sha.digest()));
        }
    }

    static String message(long maxEventId, int chainCount, String digest) {
        return maxEventId + "|" + chainCount + "|" + digest;
    }

    /** Signs the heads of all chains as they are now; nothing when no event was added since the last checkpoint. */
    public Checkpoint checkpoint() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long maxEvent;
            long lastCovered;
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(id), 0), (SELECT coalesce(max(max_event_id), 0) FROM audit_checkpoint) FROM custody_event");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                maxEvent = rs.getLong(1);
                lastCovered = rs.getLong(2);
            }
            if (maxEvent == 0 || maxEvent == lastCovered) {
                c.commit();
                return null;
            }
            Heads heads = heads(c, maxEvent);
            PlatformSignatures.Signed signed = signatures.sign(CHECKPOINT_DOMAIN, message(maxEvent, heads.count(), heads.digest()));
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_checkpoint (max_event_id, chain_count, heads_digest, key_id, signature)"
                    + " VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                ps.setLong(1, maxEvent);
                ps.setInt(2, heads.count());
                ps.setString(3, heads.digest());
                ps.setString(4, signed.kid());
                ps.setString(5, signed.signature());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            c.commit();
            return new Checkpoint(id, maxEvent, heads.count(), heads.digest(), signed.kid(), signed.signature());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write a checkpoint", e);
        }
    }

    @Scheduled(every = "${hazchain.audit.checkpoint-every:10m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledCheckpoint() {
        Checkpoint cp = checkpoint();
        if (cp != null) {
            LOG.infof("audit checkpoint %d signed with key %s: %d chains up to event %d", cp.id(), cp.keyId(), cp.chainCount(), cp.maxEventId());
        }
    }

    /** A stored event as read from a {@code SELECT *} of custody_event. */
    public static StoredEvent row(ResultSet rs) throws SQLException {
        Array photos = rs.getArray("photo_sha256");
        Array flags = rs.getArray("clock_flags");
        String prev = rs.getString("prev_hash");
        return new StoredEvent(rs.getLong("id"), rs.getInt("hash_version"), rs.getLong("container_id"), rs.getInt("seq"), rs.getString("type"),
                rs.getString("from_state"), rs.getString("to_state"), (UUID) rs.getObject("command_id"),
                nullableLong(rs, "manifest_id"), nullableLong(rs, "lot_id"), nullableLong(rs, "transfer_id"),
                nullableLong(rs, "generator_party_id"), nullableLong(rs, "storage_point_id"),
                rs.getLong("actor_user_id"), rs.getLong("actor_party_id"), rs.getString("device_id"),
                instant(rs.getObject("client_time", OffsetDateTime.class)), instant(rs.getObject("server_time", OffsetDateTime.class)),
                nullableDouble(rs, "latitude"), nullableDouble(rs, "longitude"), (BigDecimal) rs.getBigDecimal("weight_kg"),
                rs.getBoolean("weight_deviation"), photos == null ? List.of() : Arrays.asList((String[]) photos.getArray()),
                rs.getString("note"), rs.getString("details"), Facts.parse(rs.getString("facts")),
                flags == null ? List.of() : Arrays.asList((String[]) flags.getArray()), prev == null ? null : prev.strip(),
                rs.getString("hash").strip());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
