package cn.hazchain.custody;

import cn.hazchain.common.Counters;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.ProblemException;
import cn.hazchain.label.LabelId;
import cn.hazchain.label.LabelSigner;
import cn.hazchain.label.LabelUrl;
import cn.hazchain.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Issues labelled containers: the 37-character label ID (generator USCC + code digits + date + 3-digit
 * sequence per generator, code and day) and its signed QR token.
 */
@ApplicationScoped
public class ContainerLabels {

    @Inject
    Counters counters;

    @Inject
    EntityManager em;

    @Inject
    LabelSigner signer;

    @Inject
    HazChainConfig config;

    /** A container to issue on a manifest line: who generated it, what it holds, how big it is. */
    public record NewLabel(long manifestId, long lineId, long generatorPartyId, String generatorUscc, String wasteCode, List<String> hazards,
                           Container.Type type, int volumeLitres, BigDecimal estimatedKg, LocalDate generationDate) {
    }

    /**
     * Creates the containers' rows, in order, with their label IDs and tokens, issued at {@code at}: the label
     * sequences of each generator and code are reserved in one statement per pair, the rows written in one. The
     * containers answered are not managed by the persistence context (their first events are appended by the caller).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Container> issueAll(List<NewLabel> news, LocalDate day, Instant at) {
        Map<String, Integer> next = new HashMap<>();
        for (NewLabel n : news) {
            next.merge(n.generatorUscc() + "/" + n.wasteCode(), 1, Integer::sum);
        }
        next.replaceAll((key, count) -> reserve(key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1), day, count));
        List<Container> issued = new ArrayList<>(news.size());
        for (NewLabel n : news) {
            LabelId id = LabelId.of(n.generatorUscc(), n.wasteCode(), day, next.merge(n.generatorUscc() + "/" + n.wasteCode(), 1, Integer::sum) - 1);
            Container c = new Container();
            c.labelId = id.format();
            c.manifestId = n.manifestId();
            c.lineId = n.lineId();
            c.generatorPartyId = n.generatorPartyId();
            c.wasteCode = n.wasteCode();
            c.containerType = n.type();
            c.volumeLitres = n.volumeLitres();
            c.estimatedWeightKg = n.estimatedKg();
            c.generationDate = n.generationDate();
            c.state = cn.hazchain.custody.domain.ContainerState.ISSUED.name();
            c.custodianPartyId = n.generatorPartyId();
            c.lastEventAt = at;
            c.createdAt = at;
            c.updatedAt = at;
            c.labelToken = signer.sign(id);
            c.labelKeyId = c.labelToken.split("\\.")[1];
            issued.add(c);
        }
        List<Long> ids = Jdbc.work(em, conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO container (label_id, manifest_id, line_id, generator_party_id, waste_code,"
                    + " container_type, volume_litres, estimated_weight_kg, generation_date, state, custodian_party_id, last_event_at, label_token,"
                    + " label_key_id, created_at, updated_at)"
                    + " SELECT v.label_id, v.manifest_id, v.line_id, v.generator, v.code, v.type, v.litres, v.kg, v.generated, v.state, v.custodian,"
                    + " v.at, v.token, v.kid, v.at, v.at FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::int[],"
                    + " ?::numeric[], ?::date[], ?::text[], ?::bigint[], ?::timestamptz[], ?::text[], ?::text[]) WITH ORDINALITY"
                    + " AS v(label_id, manifest_id, line_id, generator, code, type, litres, kg, generated, state, custodian, at, token, kid, i)"
                    + " ORDER BY v.i RETURNING id, label_id")) {
                Jdbc.bindTexts(ps, List.of(col(issued, c -> c.labelId), col(issued, c -> c.manifestId), col(issued, c -> c.lineId),
                        col(issued, c -> c.generatorPartyId), col(issued, c -> c.wasteCode), col(issued, c -> c.containerType.name()),
                        col(issued, c -> c.volumeLitres), col(issued, c -> c.estimatedWeightKg.toPlainString()), col(issued, c -> c.generationDate),
                        col(issued, c -> c.state), col(issued, c -> c.custodianPartyId), col(issued, c -> c.lastEventAt),
                        col(issued, c -> c.labelToken), col(issued, c -> c.labelKeyId)));
                Map<String, Long> byLabel = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byLabel.put(rs.getString(2).strip(), rs.getLong(1));
                    }
                }
                return issued.stream().map(c -> byLabel.get(c.labelId)).toList();
            }
        });
        for (int k = 0; k < issued.size(); k++) {
            issued.get(k).id = java.util.Objects.requireNonNull(ids.get(k), "no row for " + issued.get(k).labelId);
        }
        return issued;
    }

    private static List<Object> col(List<Container> rows, Function<Container, Object> f) {
        List<Object> out = new ArrayList<>(rows.size());
        for (Container c : rows) {
            out.add(f.apply(c));
        }
        return out;
    }

    /** Reserves {@code n} label sequences of a generator, code and day at once; the first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int reserve(String uscc, String code, LocalDate day, int n) {
        return counters.reserve("label_counter", "last_seq", 999, n, List.of("uscc", "waste_code", "day"), uscc, code, day)
                .orElseThrow(() -> ProblemException.conflict("generator " + uscc + " has no room for " + n + " more labels of " + code + " on "
                        + day + ": the label ID has room for 999 a day"));
    }

    /** What the QR code holds: the public verification URL with the signed token. */
    public String qrUrl(Container c) {
        return qrUrl(c.labelToken);
    }

    public String qrUrl(String labelToken) {
        return LabelUrl.of(config.publicBaseUrl(), labelToken);
    }
}
