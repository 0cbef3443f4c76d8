package cn.hazchain.report;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.ProblemException;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A generator's ledger (危险废物管理台账, issue #17 point 1): per month and waste code, what it generated (containers
 * labelled, estimated kg), handed over (collected, weighed kg) and kept in storage at the month's end (labelled, not
 * yet collected or cancelled), from its containers and their custody events. As JSON, CSV or XLSX. Its own staff and
 * regulators read it; anyone else is told the generator does not exist.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class GeneratorLedgerService {

    @Inject
    CurrentUser current;

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    public record LedgerRow(String month, String wasteCode, String wasteName, BigDecimal generatedKg, int generatedContainers,
                            BigDecimal handedOverKg, int handedOverContainers, BigDecimal inStorageKg, int inStorageContainers,
                            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "Containers of this row whose figures an"
                                    + " approved revision corrected: the waste code (in every row the container is in) or the collected weight (in"
                                    + " the row of the month it was handed over, the only figure the weight changes); the row shows the corrected figures.")
                            int revisedContainers) {
    }

    public record Ledger(long generatorPartyId, String generatorName, String uscc, int year, List<LedgerRow> rows) {
    }

    static final String SQL = """
            WITH c AS (
              SELECT c.id, c.waste_code, c.estimated_weight_kg AS est,
                     coalesce(c.generation_date, (m.created_at AT TIME ZONE cast(:zone AS text))::date) AS generated_on,
                     -- the container's collected kg and waste code are the fold of its events, approved corrections
                     -- (FACT_CORRECTED) included, as the mass balance and the read model take them
                     col.day AS collected_on, coalesce(c.collected_weight_kg, col.kg) AS collected_kg, can.day AS cancelled_on,
                     -- a corrected code changes every row the container is in; a corrected collected weight only the
                     -- handed-over figures (generated and in-storage kg are the estimate)
                     EXISTS (SELECT 1 FROM custody_event f WHERE f.container_id = c.id AND f.type = 'FACT_CORRECTED' AND f.facts->>'field' = 'WASTE_CODE')
                       AS revised_code,
                     EXISTS (SELECT 1 FROM custody_event f WHERE f.container_id = c.id AND f.type = 'FACT_CORRECTED'
                              AND f.facts->>'field' = 'WEIGHT' AND f.facts->>'correctedType' = 'CONTAINER_COLLECTED')
                       AS revised_weight
                FROM container c JOIN manifest m ON m.id = c.manifest_id
                LEFT JOIN LATERAL (SELECT (e.server_time AT TIME ZONE cast(:zone AS text))::date AS day, e.weight_kg AS kg FROM custody_event e
                                    WHERE e.container_id = c.id AND e.type = 'CONTAINER_COLLECTED' LIMIT 1) col ON true
                LEFT JOIN LATERAL (SELECT (e.server_time AT TIME ZONE cast(:zone AS text))::date AS day FROM custody_event e
                                    WHERE e.container_id = c.id AND e.type = 'CONTAINER_CANCELLED' LIMIT 1) can ON true
               WHERE c.generator_party_id = cast(:generator AS bigint)
            ), months AS (
              SELECT d::date AS first, (d + interval '1 month')::date AS next
                FROM generate_series(make_date(cast(:year AS int), 1, 1), least(make_date(cast(:year AS int), 12, 1), date_trunc('month', cast(:today AS date))::date), interval '1 month') d
            ), rows AS (
              SELECT to_char(mo.first, 'YYYY-MM') AS month, c.waste_code,
                     sum(c.est) FILTER (WHERE c.generated_on >= mo.first AND c.generated_on < mo.next AND c.cancelled_on IS NULL) AS gen_kg,
                     count(*) FILTER (WHERE c.generated_on >= mo.first AND c.generated_on < mo.next AND c.cancelled_on IS NULL) AS gen_n,
                     sum(c.collected_kg) FILTER (WHERE c.collected_on >= mo.first AND c.collected_on < mo.next) AS out_kg,
                     count(*) FILTER (WHERE c.collected_on >= mo.first AND c.collected_on < mo.next) AS out_n,
                     sum(c.est) FILTER (WHERE c.generated_on < mo.next AND (c.collected_on IS NULL OR c.collected_on >= mo.next)
                                        AND (c.cancelled_on IS NULL OR c.cancelled_on >= mo.next)) AS kept_kg,
                     count(*) FILTER (WHERE c.generated_on < mo.next AND (c.collected_on IS NULL OR c.collected_on >= mo.next)
                                      AND (c.cancelled_on IS NULL OR c.cancelled_on >= mo.next)) AS kept_n,
                     count(*) FILTER (WHERE c.revised_code AND (c.generated_on >= mo.first AND c.generated_on < mo.next AND c.cancelled_on IS NULL
                                      OR c.collected_on >= mo.first AND c.collected_on < mo.next
                                      OR c.generated_on < mo.next AND (c.collected_on IS NULL OR c.collected_on >= mo.next)
                                         AND (c.cancelled_on IS NULL OR c.cancelled_on >= mo.next))
                                      OR c.revised_weight AND c.collected_on >= mo.first AND c.collected_on < mo.next) AS revised_n
                FROM months mo CROSS JOIN c GROUP BY 1, 2
            )
            SELECT r.month, r.waste_code, coalesce(w.category_name, ''), coalesce(r.gen_kg, 0), r.gen_n, coalesce(r.out_kg, 0), r.out_n,
                   coalesce(r.kept_kg, 0), r.kept_n, r.revised_n
              FROM rows r LEFT JOIN waste_code w ON w.code = r.waste_code AND w.edition = :edition
             WHERE r.gen_n + r.out_n + r.kept_n > 0 ORDER BY r.month, r.waste_code""";

    @SuppressWarnings("unchecked")
    public Ledger ledger(long partyId, Long askedYear) {
        Party g = Party.findById(partyId);
        if (g == null || g.kind != PartyKind.GENERATOR || !(current.seesAll() || current.has(Role.GENERATOR_STAFF) && current.partyId() == g.id)) {
            throw ProblemException.notFound("generator", partyId);
        }
        LocalDate today = LocalDate.now(config.zone());
        if (askedYear != null && (askedYear < 2000 || askedYear > today.getYear())) {
            throw ProblemException.badRequest("year must be between 2000 and " + today.getYear() + ", got " + askedYear);
        }
        int year = askedYear == null ? today.getYear() : askedYear.intValue();
        List<Object[]> rows = em.createNativeQuery(SQL).setParameter("zone", config.zone().getId()).setParameter("generator", g.id)
                .setParameter("year", year).setParameter("today", today).setParameter("edition", config.catalogue().edition()).getResultList();
        return new Ledger(g.id, g.name, g.uscc, year, rows.stream().map(r -> new LedgerRow((String) r[0], ((String) r[1]).strip(), (String) r[2],
                (BigDecimal) r[3], ((Number) r[4]).intValue(), (BigDecimal) r[5], ((Number) r[6]).intValue(), (BigDecimal) r[7],
                ((Number) r[8]).intValue(), ((Number) r[9]).intValue())).toList());
    }

    public record PlanLine(String wasteCode, String category, String categoryName, String hazard, BigDecimal lastTwelveMonthsKg,
                           int containers, BigDecimal plannedAnnualKg, List<String> collectors) {
    }

    public record ManagementPlanDraft(long generatorPartyId, String generatorName, String uscc, String address, int planYear,
                                     LocalDate historyFrom, LocalDate historyTo, List<PlanLine> wastes, String note) {
    }

    /**
     * A draft of the generator's annual management plan (危险废物管理计划) for next year, prefilled from its last twelve
     * months: per waste code what it generated and who collected it, and a planned quantity (what it generated,
     * rounded up to 10 kg) for the staff to correct before filing it in the provincial system.
     */
    @SuppressWarnings("unchecked")
    public ManagementPlanDraft managementPlanDraft(long partyId) {
        Party g = Party.findById(partyId);
        if (g == null || g.kind != PartyKind.GENERATOR || !(current.seesAll() || current.has(Role.GENERATOR_STAFF) && current.partyId() == g.id)) {
            throw ProblemException.notFound("generator", partyId);
        }
        LocalDate to = LocalDate.now(config.zone());
        LocalDate from = to.minusMonths(12);
        List<Object[]> rows = em.createNativeQuery("SELECT c.waste_code, max(w.category), max(w.category_name), max(w.hazard),"
                        + " sum(c.estimated_weight_kg), count(*), string_agg(DISTINCT p.name, '、')"
                        + " FROM container c JOIN manifest m ON m.id = c.manifest_id JOIN party p ON p.id = m.collector_party_id"
                        + " LEFT JOIN waste_code w ON w.code = c.waste_code AND w.edition = ?4"
                        + " WHERE c.generator_party_id = ?1 AND c.state <> 'CANCELLED' AND (m.created_at AT TIME ZONE ?5)::date BETWEEN ?2 AND ?3"
                        + " GROUP BY c.waste_code ORDER BY c.waste_code")
                .setParameter(1, g.id).setParameter(2, from).setParameter(3, to).setParameter(4, config.catalogue().edition())
                .setParameter(5, config.zone().getId()).getResultList();
        List<PlanLine> lines = rows.stream().map(r -> {
            BigDecimal kg = (BigDecimal) r[4];
            BigDecimal planned = kg.divide(BigDecimal.TEN, 0, java.math.RoundingMode.CEILING).multiply(BigDecimal.TEN);
            return new PlanLine(((String) r[0]).strip(), r[1] == null ? null : ((String) r[1]).strip(), (String) r[2], (String) r[3], kg,
                    ((Number) r[5]).intValue(), planned, r[6] == null ? List.of() : List.of(((String) r[6]).split("、")));
        }).toList();
        return new ManagementPlanDraft(g.id, g.name, g.uscc, g.address, to.getYear() + 1, from, to, lines,
                "草稿：按近12个月产生量预填，请核对后在江苏省危险废物全生命周期监控系统中申报 / a draft prefilled from the last twelve months:"
                        + " check it, then file it in the provincial system");
    }

    static final List<String> HEADER = List.of("月份 month", "废物代码 waste code", "废物类别 category", "产生量 generated kg", "产生件数 containers",
            "转移量 handed over kg", "转移件数 containers", "贮存量 in storage kg", "贮存件数 containers", "已更正件数 revised containers");

    static Object[] cells(LedgerRow r) {
        return new Object[] {r.month(), r.wasteCode(), r.wasteName(), r.generatedKg(), r.generatedContainers(), r.handedOverKg(),
                r.handedOverContainers(), r.inStorageKg(), r.inStorageContainers(), r.revisedContainers()};
    }

    /** CSV in UTF-8 with a byte-order mark (so a spreadsheet opens the Chinese right), a title line, then the rows. */
    public static byte[] csv(Ledger l) {
        StringBuilder b = new StringBuilder("\uFEFF");
        b.append(quote("危险废物管理台账 hazardous-waste ledger " + l.year() + " " + l.generatorName() + " " + l.uscc())).append("\r\n");
        b.append(String.join(",", HEADER.stream().map(GeneratorLedgerService::quote).toList())).append("\r\n");
        for (LedgerRow r : l.rows()) {
            Object[] c = cells(r);
            for (int i = 0; i < c.length; i++) {
                b.append(i == 0 ? "" : ",").append(c[i] instanceof String s ? quote(s) : c[i] instanceof BigDecimal d ? d.toPlainString() : c[i]);
            }
            b.append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static final List<String> PLAN_HEADER = List.of("废物代码 waste code", "废物类别 category", "类别名称 category name", "危险特性 hazard",
            "近12个月产生量 last 12 months kg", "件数 containers", "计划年产生量 planned annual kg", "收集单位 collectors");

    /** The management plan draft as CSV, like the ledger: a title line, the header, one line per waste code, the note. */
    public static byte[] csv(ManagementPlanDraft d) {
        StringBuilder b = new StringBuilder("\uFEFF");
        b.append(quote("危险废物管理计划（草稿）management plan draft " + d.planYear() + " " + d.generatorName() + " " + d.uscc()
                + " (" + d.historyFrom() + " – " + d.historyTo() + ")")).append("\r\n");
        b.append(String.join(",", PLAN_HEADER.stream().map(GeneratorLedgerService::quote).toList())).append("\r\n");
        for (PlanLine l : d.wastes()) {
            b.append(String.join(",", quote(l.wasteCode()), quote(l.category()), quote(l.categoryName()), quote(l.hazard()),
                    l.lastTwelveMonthsKg().toPlainString(), String.valueOf(l.containers()), l.plannedAnnualKg().toPlainString(),
                    quote(String.join("、", l.collectors())))).append("\r\n");
        }
        b.append(quote(d.note())).append("\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Text cells quoted; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
    static String quote(String s) {
        String v = s == null ? "" : s;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    public static byte[] xlsx(Ledger l) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("台账 " + l.year());
            sheet.createRow(0).createCell(0).setCellValue("危险废物管理台账 hazardous-waste ledger " + l.year() + " " + l.generatorName() + " " + l.uscc());
            Row header = sheet.createRow(1);
            for (int i = 0; i < HEADER.size(); i++) {
                header.createCell(i).setCellValue(HEADER.get(i));
            }
            int n = 2;
            for (LedgerRow r : l.rows()) {
                Row row = sheet.createRow(n++);
                Object[] c = cells(r);
                for (int i = 0; i < c.length; i++) {
                    if (c[i] instanceof String s) {
                        row.createCell(i).setCellValue(s);
                    } else {
                        row.createCell(i).setCellValue(((Number) c[i]).doubleValue());
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
