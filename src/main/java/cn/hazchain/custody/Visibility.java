package cn.hazchain.custody;

import cn.hazchain.party.Party;
import cn.hazchain.security.CurrentUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may see which custody records: the one definition, as SQL predicates, used by the single-record routes (as an
 * EXISTS on the record's id), the lists, the search, its exports and the trails alike. Regulators and administrators
 * see everything; anyone else sees, by the party they act for:
 * <ul>
 *   <li>a <b>manifest</b> of which it is the collector or the generator, or whose collector owns it (a storage point);</li>
 *   <li>a <b>transfer</b> of which it is the shipper, the origin (a storage point), the carrier or the receiver;</li>
 *   <li>a <b>container</b> on a manifest it sees, or declared on a transfer it receives or carries — the latter only up
 *       to where its own custody ended ({@link #horizon});</li>
 *   <li>a <b>lot</b> at its storage point, or at a storage point it owns.</li>
 * </ul>
 * Each predicate reads the named alias and binds {@code :vParty} and {@code :vParent} (the caller's party and that
 * party's owner, -1 when none) through {@link #bind}.
 */
@ApplicationScoped
public class Visibility {

    @Inject
    CurrentUser current;

    @Inject
    EntityManager em;

    public boolean seesAll() {
        return current.seesAll();
    }

    /** Adds the caller's party and its owner to the parameters of a query, as far as {@code sql} uses them. */
    public Map<String, Object> bind(Map<String, Object> params, String sql) {
        if (sql.contains(":vParty")) {
            params.put("vParty", current.partyId());
        }
        if (sql.contains(":vParent")) {
            Party mine = Party.findById(current.partyId());
            params.put("vParent", mine == null || mine.parentId == null ? -1L : mine.parentId);
        }
        return params;
    }

    public String manifests(String m) {
        return seesAll() ? "true" : manifestRule(m);
    }

    public String transfers(String t) {
        return seesAll() ? "true" : "(" + t + ".shipper_party_id = :vParty OR " + t + ".origin_party_id = :vParty OR " + t
                + ".carrier_party_id = :vParty OR " + t + ".receiver_party_id = :vParty)";
    }

    public String containers(String c) {
        return seesAll() ? "true" : "(EXISTS (SELECT 1 FROM manifest vm WHERE vm.id = " + c + ".manifest_id AND " + manifestRule("vm") + ")"
                + " OR EXISTS (SELECT 1 FROM transfer_item vti JOIN transfer vt ON vt.id = vti.transfer_id WHERE vti.container_id = " + c
                + ".id AND (vt.receiver_party_id = :vParty OR vt.carrier_party_id = :vParty)))";
    }

    /**
     * A container's state as the caller sees it (SQL, container alias {@code c}): as it is, or, for a party that sees
     * it only through a transfer it receives or carries, as it stood after the last event of that custody
     * ({@link #horizon}): a filter on it never tells such a party where the container went next.
     */
    public String seenState(String c) {
        if (seesAll()) {
            return c + ".state";
        }
        return "(CASE WHEN EXISTS (SELECT 1 FROM manifest sm WHERE sm.id = " + c + ".manifest_id AND " + manifestRule("sm") + ") THEN " + c + ".state"
                + " ELSE coalesce((SELECT he.to_state FROM custody_event he WHERE he.container_id = " + c + ".id AND he.seq = " + custodyEnd(c + ".id")
                + "), " + c + ".state) END)";
    }

    /**
     * The sequence number of the last event of container {@code containerId} (an SQL expression) on a transfer the
     * caller (:vParty) receives, or carries up to its receipt; null when there is none. What {@link #horizon} is for a
     * party that sees the container only through its transfers.
     */
    private static String custodyEnd(String containerId) {
        return "(SELECT max(he2.seq) FROM custody_event he2 JOIN transfer ht ON ht.id = he2.transfer_id WHERE he2.container_id = " + containerId
                + " AND " + inCustody("he2", "ht") + ")";
    }

    /** Event {@code e} on transfer {@code t} is of the caller's custody: it receives the transfer, or carries it up to its receipt. */
    private static String inCustody(String e, String t) {
        return "(" + t + ".receiver_party_id = :vParty OR (" + t + ".carrier_party_id = :vParty AND " + e + ".type <> 'CONTAINER_DISPOSED'))";
    }

    /**
     * The containers the caller sees only up to where its custody ended ({@link #horizon}) and that have gone on
     * since, each with its horizon: the rows a list or search must show as they stood then. Empty for a caller that
     * sees everything. Reads the containers declared on the caller's transfers whose last event is not of its
     * custody (one index probe each), and the horizon of those alone.
     */
    @SuppressWarnings("unchecked")
    public Map<Long, Integer> pastCustodies() {
        if (seesAll()) {
            return Map.of();
        }
        String sql = "SELECT x.id, x.horizon FROM (SELECT hc.id, hc.version, " + custodyEnd("hc.id") + " AS horizon FROM container hc"
                + " WHERE hc.id IN (SELECT hti.container_id FROM transfer_item hti JOIN transfer hvt ON hvt.id = hti.transfer_id"
                // a transfer's shipper or origin sees its containers through their manifests: only the others'
                + " WHERE (hvt.receiver_party_id = :vParty OR hvt.carrier_party_id = :vParty) AND hvt.shipper_party_id <> :vParty"
                + " AND hvt.origin_party_id <> :vParty)"
                + " AND NOT EXISTS (SELECT 1 FROM manifest vm WHERE vm.id = hc.manifest_id AND " + manifestRule("vm") + ")"
                + " AND NOT EXISTS (SELECT 1 FROM custody_event le JOIN transfer lt ON lt.id = le.transfer_id WHERE le.container_id = hc.id"
                + " AND le.seq = hc.version + 1 AND " + inCustody("le", "lt") + ")) x"
                + " WHERE x.horizon IS NOT NULL AND x.horizon <= x.version ORDER BY x.id";
        var q = em.createNativeQuery(sql);
        bind(new HashMap<>(), sql).forEach(q::setParameter);
        Map<Long, Integer> out = new java.util.LinkedHashMap<>();
        for (Object[] r : (List<Object[]>) q.getResultList()) {
            out.put(((Number) r[0]).longValue(), ((Number) r[1]).intValue());
        }
        return out;
    }

    /**
     * Whether the caller sees transfer {@code t} only as its carrier (none of its other parties, not a regulator):
     * then it sees the transfer's containers up to their receipt, never their disposal ({@link #horizon}).
     */
    public boolean carriesOnly(Transfer t) {
        long me = current.partyId();
        return !seesAll() && t.carrierPartyId == me && t.receiverPartyId != me && t.shipperPartyId != me && t.originPartyId != me;
    }

    public String lots(String l) {
        return seesAll() ? "true" : "(" + l + ".storage_point_id = :vParty OR EXISTS (SELECT 1 FROM party vp WHERE vp.id = " + l
                + ".storage_point_id AND vp.parent_id = :vParty))";
    }

    private static String manifestRule(String m) {
        return "(" + m + ".collector_party_id = :vParty OR " + m + ".generator_party_id = :vParty OR " + m + ".collector_party_id = :vParent)";
    }

    public boolean seesManifest(long id) {
        return seesAll() || exists("manifest m", "m", manifests("m"), id);
    }

    public boolean seesTransfer(long id) {
        return seesAll() || exists("transfer t", "t", transfers("t"), id);
    }

    public boolean seesContainer(long id) {
        return seesAll() || exists("container c", "c", containers("c"), id);
    }

    public boolean seesLot(long id) {
        return seesAll() || exists("lot l", "l", lots("l"), id);
    }

    private boolean exists(String table, String alias, String rule, long id) {
        String sql = "SELECT EXISTS (SELECT 1 FROM " + table + " WHERE " + alias + ".id = :id AND " + rule + ")";
        var q = em.createNativeQuery(sql);
        q.setParameter("id", id);
        bind(new HashMap<>(), sql).forEach(q::setParameter);
        return (Boolean) q.getSingleResult();
    }

    /**
     * The last event of a container the caller may see, or null when it may see them all: a party that sees the
     * container only through a transfer it receives or carries sees its history up to where its own custody ended
     * (a receiver: the events of its transfers, their disposal included; a carrier: up to the receipt), never where
     * the container went next (issue #19, finding 8).
     */
    public Integer horizon(long containerId) {
        if (seesAll()) {
            return null;
        }
        String sql = "SELECT EXISTS (SELECT 1 FROM container c JOIN manifest vm ON vm.id = c.manifest_id WHERE c.id = :id AND "
                + manifestRule("vm") + ")";
        var sees = em.createNativeQuery(sql).setParameter("id", containerId);
        bind(new HashMap<>(), sql).forEach(sees::setParameter);
        if ((Boolean) sees.getSingleResult()) {
            return null;
        }
        String end = "SELECT coalesce(" + custodyEnd(":id") + ", 0)";
        var last = em.createNativeQuery(end).setParameter("id", containerId);
        bind(new HashMap<>(), end).forEach(last::setParameter);
        return ((Number) last.getSingleResult()).intValue();
    }

    /**
     * The horizon when it hides something of a container at {@code version} (whose last event is {@code version + 1}):
     * the caller's custody ended and the container went on; else null (it sees the container as it is, or has not
     * had custody of it yet).
     */
    public Integer hidesAfter(long containerId, int version) {
        Integer h = horizon(containerId);
        return h == null || h == 0 || h > version ? null : h;
    }
}
