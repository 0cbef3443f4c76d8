package cn.hazchain.custody;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.SqlValues;
import cn.hazchain.common.Text;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.domain.Rejection;
import cn.hazchain.custody.log.Context;
import cn.hazchain.party.Party;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Disposal certificates (处置证明, issue #15, point 5): the receiver disposes of containers it received in one go and
 * the platform issues the certificate: numbered ({@code CZ} + year + 8 digits), with the receiver as it was, the
 * method (checked against the receiver's licence by the rules) and the date. The CONTAINER_DISPOSED event of each
 * container names it, so trails, lineage and the national export name it too. All containers or none.
 */
@ApplicationScoped
@Transactional
public class DisposalCertificates {

    @Inject
    EntityManager em;

    @Inject
    CurrentUser current;

    @Inject
    CustodyCommands custody;

    @Inject
    HazChainConfig config;

    public record Line(String labelId, String wasteCode, BigDecimal receivedKg, String transferNumber, String generatorName) {
    }

    /**
     * A certificate as its reader may see it: {@code linesOfShipper} null, every line; else only the lines of that
     * shipper's containers (a certificate may cover several shippers' loads: each reads its own, as the receiver and
     * regulators read them all). {@code containers} and {@code receivedKg} are the whole certificate's, as on its
     * public page.
     */
    public record CertificateView(String number, long receiverPartyId, String receiverName, String receiverUscc, String method,
                                  LocalDate disposedOn, String note, Instant issuedAt, String issuedBy, int containers, BigDecimal receivedKg,
                                  List<Line> lines, Long linesOfShipper) {
    }

    public record Issued(CertificateView certificate, Rejection refusal) {
    }

    public Issued issue(List<String> labelIds, String method, LocalDate disposedOn, String note, UUID commandId) {
        return issue(custody.actor(), Instant.now(), true, labelIds, method, disposedOn, note, commandId);
    }

    /**
     * The same as {@code actor} at {@code time}; {@code asCaller} false: a trusted caller that is not a request (the
     * demo's history), held to the actor's roles and organisation all the same.
     */
    public Issued issue(cn.hazchain.custody.domain.Situation.Actor actor, Instant time, boolean asCaller, List<String> labelIds, String method,
                        LocalDate disposedOn, String note, UUID commandId) {
        if (!actor.has(Role.RECEIVER_OPERATOR)) {
            return refused(Rejection.Kind.FORBIDDEN, "forbidden", "only a receiver's operators issue disposal certificates");
        }
        Set<String> labels = new LinkedHashSet<>();
        List<String> twice = new ArrayList<>();
        for (String l : labelIds) {
            if (!labels.add(CustodyCommands.normalize(l))) {
                twice.add(l);
            }
        }
        if (!twice.isEmpty()) {
            return refused(Rejection.Kind.UNPROCESSABLE, "certificate-lines", "label " + String.join(", ", twice) + " appears twice");
        }
        LocalDate today = LocalDate.ofInstant(time, config.zone());
        long seq = ((Number) em.createNativeQuery("SELECT nextval('disposal_certificate_seq')").getSingleResult()).longValue();
        String number = "CZ" + today.getYear() + String.format("%08d", seq);
        String m = method.strip().toUpperCase(Locale.ROOT);
        CustodyCommand.Dispose dispose = new CustodyCommand.Dispose(m, number, disposedOn);
        List<CustodyCommands.Request> requests = labels.stream().map(l -> new CustodyCommands.Request(l, dispose, null, commandId, Context.NONE,
                false)).toList();
        List<Outcome> outcomes = custody.handle(actor, time, asCaller, requests);
        Instant at = null;
        List<String> list = List.copyOf(labels);
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof Outcome.Refused r) {
                // all or nothing: the caller rolls back what the other containers wrote
                return new Issued(null, new Rejection(r.rejection().kind(), r.rejection().slug(), "label " + list.get(i) + ": " + r.rejection().detail(),
                        r.rejection().extensions()));
            }
            at = ((Outcome.Applied) outcomes.get(i)).events().get(0).serverTime();
        }
        Party receiver = Party.findById(actor.partyId());
        em.createNativeQuery("INSERT INTO disposal_certificate (number, receiver_party_id, receiver_name, receiver_uscc, method, disposed_on, note,"
                        + " issued_at, issued_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                .setParameter(1, number).setParameter(2, receiver.id).setParameter(3, receiver.name).setParameter(4, receiver.uscc)
                .setParameter(5, m).setParameter(6, disposedOn).setParameter(7, note == null || note.isBlank() ? "" : note.strip())
                .setParameter(8, at).setParameter(9, actor.userId()).executeUpdate();
        return new Issued(view(number), null);
    }

    private static final java.util.regex.Pattern PLATFORM_NUMBER = java.util.regex.Pattern.compile("CZ\\d{12}");

    /** Whether {@code number} has the form of the numbers this service gives its certificates ({@code CZ} + year + 8 digits). */
    public static boolean isPlatformNumber(String number) {
        return number != null && PLATFORM_NUMBER.matcher(number.strip().toUpperCase(Locale.ROOT)).matches();
    }

    /** The certificate if the caller may see it (its receiver, the shippers of its containers, regulators), else null. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public CertificateView visible(String number) {
        String n = number == null ? "" : number.strip().toUpperCase(Locale.ROOT);
        List<Object[]> rows = em.createNativeQuery("SELECT d.receiver_party_id, EXISTS (SELECT 1 FROM custody_event e JOIN transfer t ON t.id = e.transfer_id"
                        + " WHERE e.type = 'CONTAINER_DISPOSED' AND e.facts->>'certificate' = d.number AND e.actor_party_id = d.receiver_party_id"
                        + " AND t.shipper_party_id = ?2)"
                        + " FROM disposal_certificate d WHERE d.number = ?1")
                .setParameter(1, n).setParameter(2, current.partyId()).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        if (current.seesAll() || ((Number) rows.get(0)[0]).longValue() == current.partyId()) {
            return view(n);
        }
        return Boolean.TRUE.equals(rows.get(0)[1]) ? view(n, current.partyId()) : null;
    }

    /** The whole certificate (its receiver, regulators, its public page's totals). */
    CertificateView view(String number) {
        return view(number, null);
    }

    /** The certificate with every line ({@code shipper} null) or only the lines of one shipper's containers. */
    @SuppressWarnings("unchecked")
    CertificateView view(String number, Long shipper) {
        Object[] d = (Object[]) em.createNativeQuery("SELECT d.number, d.receiver_party_id, d.receiver_name, d.receiver_uscc, d.method, d.disposed_on,"
                + " d.note, d.issued_at, u.username FROM disposal_certificate d JOIN app_user u ON u.id = d.issued_by WHERE d.number = ?1")
                .setParameter(1, number).getSingleResult();
        // every disposal its receiver recorded under it: the certificate's totals; the lines, those the reader may see
        List<Object[]> rows = em.createNativeQuery("SELECT c.label_id, c.waste_code, c.received_weight_kg, t.number, coalesce(m.generator_name, g.name),"
                        + " t.shipper_party_id FROM custody_event e JOIN container c ON c.id = e.container_id LEFT JOIN transfer t ON t.id = e.transfer_id"
                        + " JOIN manifest m ON m.id = c.manifest_id JOIN party g ON g.id = c.generator_party_id"
                        + " WHERE e.type = 'CONTAINER_DISPOSED' AND e.facts->>'certificate' = ?1 AND e.actor_party_id = ?2 ORDER BY c.id")
                .setParameter(1, number).setParameter(2, ((Number) d[1]).longValue()).getResultList();
        List<Line> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Object[] r : rows) {
            BigDecimal kg = r[2] == null ? BigDecimal.ZERO : (BigDecimal) r[2];
            total = total.add(kg);
            if (shipper == null || r[5] != null && ((Number) r[5]).longValue() == shipper) {
                lines.add(new Line(((String) r[0]).strip(), ((String) r[1]).strip(), kg, r[3] == null ? null : ((String) r[3]).strip(), (String) r[4]));
            }
        }
        return new CertificateView((String) d[0], ((Number) d[1]).longValue(), (String) d[2], (String) d[3], (String) d[4],
                SqlValues.localDate(d[5]), d[6] == null || ((String) d[6]).isEmpty() ? null : (String) d[6], SqlValues.instant(d[7]), (String) d[8],
                rows.size(), total, lines, shipper);
    }

    private static Issued refused(Rejection.Kind kind, String slug, String detail) {
        return new Issued(null, new Rejection(kind, slug, Text.clip(detail, 500), Map.of()));
    }
}
