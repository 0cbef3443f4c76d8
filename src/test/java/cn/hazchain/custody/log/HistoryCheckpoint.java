package cn.hazchain.custody.log;

import cn.hazchain.label.LabelKeyRing;
import cn.hazchain.label.PlatformSignatures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Writes the signed audit checkpoint the service's scheduled job would write after a synthetic history was loaded
 * (cn.hazchain.bench.history): the same heads digest ({@link AuditService#heads}), message and signature domain,
 * with the ring's active key. Test scope, in the custody package, to reuse those package-private pieces.
 */
public final class HistoryCheckpoint {

    private HistoryCheckpoint() {
    }

    /** Signs the heads of every chain up to the newest event; returns the checkpoint id, or -1 when there are no events. */
    public static long write(Connection c, Path labelKeyDir, Instant at) throws SQLException {
        long maxEvent;
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(id), 0) FROM custody_event"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            maxEvent = rs.getLong(1);
        }
        if (maxEvent == 0) {
            return -1;
        }
        AuditService.Heads heads = AuditService.heads(c, maxEvent);
        PlatformSignatures.Signed signed = new PlatformSignatures(LabelKeyRing.openOrCreate(labelKeyDir))
                .sign(AuditService.CHECKPOINT_DOMAIN, AuditService.message(maxEvent, heads.count(), heads.digest()));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_checkpoint (created_at, max_event_id, chain_count, heads_digest,"
                + " key_id, signature) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
            ps.setObject(1, java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
            ps.setLong(2, maxEvent);
            ps.setInt(3, heads.count());
            ps.setString(4, heads.digest());
            ps.setString(5, signed.kid());
            ps.setString(6, signed.signature());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
