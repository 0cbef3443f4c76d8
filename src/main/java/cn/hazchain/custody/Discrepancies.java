package cn.hazchain.custody;

import cn.hazchain.common.Jdbc;
import cn.hazchain.custody.domain.Acceptance;
import cn.hazchain.custody.domain.ContainerSnapshot;
import cn.hazchain.custody.domain.CustodyEvent;
import cn.hazchain.custody.domain.Discrepancy;
import cn.hazchain.custody.log.StoredEvent;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The discrepancy records of receipts (issue #15, point 4): one per receipt event that names discrepancies, written
 * with the events of the unit of work, in one statement. The event's facts carry the types too (hashed); the record
 * is what the shipper acknowledges and the regulator lists.
 */
final class Discrepancies {

    private Discrepancies() {
    }

    /** A receipt with discrepancies, before its event has an id. */
    record Found(StoredEvent row, long transferId, long containerId, List<Discrepancy> types, Acceptance acceptance, BigDecimal refusedKg,
                 String reason) {
    }

    /** The discrepancy types a receipt event records (none for any other event). */
    static List<Discrepancy> types(CustodyEvent e) {
        if (e instanceof CustodyEvent.ContainerReceived r) {
            return r.discrepancies();
        }
        return e instanceof CustodyEvent.ContainerRefused r ? r.discrepancies() : List.of();
    }

    /** The discrepancy an event records, if any; {@code before} is the container before the event. */
    static Found of(CustodyEvent e, ContainerSnapshot before, StoredEvent row) {
        if (e instanceof CustodyEvent.ContainerReceived r && !r.discrepancies().isEmpty()) {
            return new Found(row, r.transferId(), before.id(), r.discrepancies(), r.acceptance(), r.refusedKg(),
                    reason(r.reason(), r.weightKg(), before));
        }
        if (e instanceof CustodyEvent.ContainerRefused r && !r.discrepancies().isEmpty()) {
            return new Found(row, r.transferId(), before.id(), r.discrepancies(), Acceptance.REFUSED, r.weightKg(), reason(r.reason(), r.weightKg(), before));
        }
        return null;
    }

    /** The receiver's words, or (a quantity found by the rules alone) what the scales said. */
    private static String reason(String given, BigDecimal weighed, ContainerSnapshot before) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        return "weighed " + weighed.stripTrailingZeros().toPlainString() + " kg against " + before.weightKg().stripTrailingZeros().toPlainString()
                + " kg before: beyond the weight tolerance / 称重偏差超限";
    }

    static void write(EntityManager em, List<Found> found, Map<StoredEvent, StoredEvent> withIds, long actorUserId) {
        if (found.isEmpty()) {
            return;
        }
        List<Object> transfers = new ArrayList<>();
        List<Object> containers = new ArrayList<>();
        List<Object> events = new ArrayList<>();
        List<Object> types = new ArrayList<>();
        List<Object> acceptances = new ArrayList<>();
        List<Object> refused = new ArrayList<>();
        List<Object> reasons = new ArrayList<>();
        List<Object> times = new ArrayList<>();
        for (Found f : found) {
            StoredEvent stored = withIds.get(f.row());
            transfers.add(f.transferId());
            containers.add(f.containerId());
            events.add(stored.id());
            types.add(Discrepancy.fact(f.types()));
            acceptances.add(f.acceptance().name());
            refused.add(f.refusedKg());
            reasons.add(f.reason());
            times.add(OffsetDateTime.ofInstant(stored.serverTime(), ZoneOffset.UTC));
        }
        Jdbc.work(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO discrepancy (transfer_id, container_id, custody_event_id, types, acceptance,"
                    + " refused_kg, reason, recorded_at, recorded_by) SELECT t, ct, ev, string_to_array(ty, ',')::varchar[], acc, kg, why, at, ?"
                    + " FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::numeric[], ?::text[], ?::timestamptz[])"
                    + " AS v(t, ct, ev, ty, acc, kg, why, at)")) {
                ps.setLong(1, actorUserId);
                Jdbc.bindTexts(ps, 2, List.of(transfers, containers, events, types, acceptances, refused, reasons, times));
                ps.executeUpdate();
            }
            return null;
        });
    }
}
