package cn.hazchain.licence;

import cn.hazchain.common.SqlValues;

import cn.hazchain.common.Jdbc;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import cn.hazchain.catalogue.CatalogueService;
import cn.hazchain.catalogue.WasteCode;
import cn.hazchain.catalogue.WasteCodes;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.licence.LicenceRules.Candidate;
import cn.hazchain.licence.LicenceRules.Decision;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import cn.hazchain.party.PartyService;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Licences and the one question every hand-over asks: may party P take code C on day D for Q tonnes?
 * Licences are public documents in China, so every signed-in user may read them; administrators issue them.
 */
@ApplicationScoped
@Transactional
public class LicenceService {

    @Inject
    CurrentUser current;

    @Inject
    PartyService parties;

    @Inject
    CatalogueService catalogue;

    @Inject
    EntityManager em;

    public record CreateLicence(
            @NotBlank @Size(max = 60) String number,
            @NotNull Long holderPartyId,
            @NotNull Licence.Kind kind,
            @NotEmpty @Size(max = 500) List<@NotBlank @Size(max = 10) String> permitted,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "Utilisation/disposal methods the licence permits "
                    + "(GET /api/treatment-methods), e.g. [\"D10\"]; none: not restricted.")
            @Size(max = 30) List<@NotBlank @Size(max = 5) String> methods,
            @NotNull @DecimalMin(value = "0.001") @Digits(integer = 9, fraction = 3) BigDecimal approvedAnnualTonnes,
            @NotNull LocalDate validFrom,
            @NotNull LocalDate validTo) {
    }

    public record LicenceView(long id, String number, long holderPartyId, Licence.Kind kind, List<String> permittedCodes,
                              List<String> permittedCategories, BigDecimal approvedAnnualTonnes, LocalDate validFrom,
                              LocalDate validTo, int version, List<String> permittedMethods) {
        static LicenceView of(Licence l) {
            return new LicenceView(l.id, l.number, l.holderPartyId, l.kind, l.permittedCodes, l.permittedCategories,
                    l.approvedAnnualTonnes, l.validFrom, l.validTo, l.version, l.permittedMethods);
        }
    }

    public record RecordIntake(@NotNull LocalDate receivedOn, @NotBlank @Size(max = 10) String wasteCode,
                               @NotNull @DecimalMin(value = "0.001") @Digits(integer = 9, fraction = 3) BigDecimal tonnes,
                               @NotBlank @Size(max = 100) String reference) {
    }

    public record DecisionView(boolean allowed, String reason, String message, String messageZh, long partyId,
                               String wasteCode, LocalDate date, BigDecimal tonnes, String licenceNumber,
                               BigDecimal remainingTonnes) {
    }

    public LicenceView create(CreateLicence req) {
        current.require(Role.ADMIN);
        Party holder = parties.require(req.holderPartyId(), "holder");
        if (holder.kind != PartyKind.RECEIVER && holder.kind != PartyKind.COLLECTOR) {
            throw ProblemException.unprocessable("licence-holder", "licences are held by a RECEIVER or COLLECTOR; party " + holder.id + " is a " + holder.kind);
        }
        if (req.validTo().isBefore(req.validFrom())) {
            throw ProblemException.unprocessable("licence-validity", "validTo " + req.validTo() + " is before validFrom " + req.validFrom());
        }
        int maxYears = req.kind() == Licence.Kind.COMPREHENSIVE ? 5 : 3;
        if (req.validTo().isAfter(req.validFrom().plusYears(maxYears))) {
            throw ProblemException.unprocessable("licence-validity", "a " + req.kind() + " licence is valid at most " + maxYears + " years (until " + req.validFrom().plusYears(maxYears) + ")");
        }
        if (Licence.count("number", req.number().strip()) > 0) {
            throw ProblemException.conflict("licence " + req.number().strip() + " is already registered");
        }
        List<String> codes = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        for (String entry : req.permitted()) {
            String e = entry.strip().toUpperCase();
            if (e.startsWith("HW")) {
                String category = WasteCodes.normalizeCategory(e);
                if (WasteCode.count("edition = ?1 and category = ?2", catalogue.edition(), category) == 0) {
                    throw ProblemException.unprocessable("unknown-waste-category", "category " + category + " is not in the National Hazardous Waste List (" + catalogue.edition() + ")");
                }
                if (!categories.contains(category)) {
                    categories.add(category);
                }
            } else {
                String code = catalogue.require(e).code;
                if (!codes.contains(code)) {
                    codes.add(code);
                }
            }
        }
        List<String> methods = new ArrayList<>();
        java.util.Set<String> known = catalogue.methodCodes();
        for (String m : req.methods() == null ? List.<String>of() : req.methods()) {
            String method = m.strip().toUpperCase();
            if (!known.contains(method)) {
                throw ProblemException.unprocessable("disposal-method", "method " + cn.hazchain.common.Text.clip(method, 5)
                        + " is not a utilisation/disposal code; see GET /api/treatment-methods");
            }
            if (!methods.contains(method)) {
                methods.add(method);
            }
        }
        Licence l = new Licence();
        l.permittedMethods = methods;
        l.number = req.number().strip();
        l.holderPartyId = holder.id;
        l.kind = req.kind();
        l.permittedCodes = codes;
        l.permittedCategories = categories;
        l.approvedAnnualTonnes = req.approvedAnnualTonnes();
        l.validFrom = req.validFrom();
        l.validTo = req.validTo();
        l.persistAndFlush();
        return LicenceView.of(l);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<LicenceView> list(Long holderPartyId, Paging paging) {
        var query = holderPartyId == null
                ? Licence.<Licence>findAll(Sort.by("number"))
                : Licence.<Licence>find("holderPartyId", Sort.by("number"), holderPartyId);
        return Page.of(query, paging, LicenceView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public LicenceView get(long id) {
        Licence l = Licence.findById(id);
        if (l == null) {
            throw ProblemException.notFound("licence", id);
        }
        return LicenceView.of(l);
    }

    /** Records tonnes received under a licence (also used to enter intake made before the party joined HazChain). */
    public void recordIntake(long licenceId, RecordIntake req) {
        current.require(Role.ADMIN);
        Licence l = Licence.findById(licenceId);
        if (l == null) {
            throw ProblemException.notFound("licence", licenceId);
        }
        addIntake(l.id, req.receivedOn(), catalogue.require(req.wasteCode()).code, req.tonnes(), req.reference().strip());
    }

    /** A receipt to count against the licence that allowed it. */
    public record Receipt(long partyId, String licenceNumber, LocalDate day, String code, BigDecimal tonnes, String reference) {
    }

    /** Counts receipts against their licences: one statement for all of them (a chunk of a receiver's sync). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordReceipts(List<Receipt> receipts) {
        if (receipts.isEmpty()) {
            return;
        }
        for (Receipt r : receipts) {
            checkIntake(r.tonnes());
        }
        int n = Jdbc.work(em, c -> {
            try (var ps = c.prepareStatement("INSERT INTO licence_intake (licence_id, received_on, waste_code, tonnes, reference)"
                    + " SELECT l.id, v.day, v.code, v.tonnes, v.reference FROM unnest(?::bigint[], ?::text[], ?::date[], ?::text[], ?::numeric[], ?::text[])"
                    + " WITH ORDINALITY AS v(party, number, day, code, tonnes, reference, i) JOIN licence l ON l.number = v.number AND l.holder_party_id = v.party"
                    + " ORDER BY v.i")) {
                Jdbc.bindTexts(ps, List.of(receipts.stream().map(Receipt::partyId).toList(), receipts.stream().map(Receipt::licenceNumber).toList(),
                        receipts.stream().map(Receipt::day).toList(), receipts.stream().map(Receipt::code).toList(),
                        receipts.stream().map(r -> r.tonnes().toPlainString()).toList(), receipts.stream().map(Receipt::reference).toList()));
                return ps.executeUpdate();
            }
        });
        if (n != receipts.size()) {
            throw new IllegalStateException("counted " + n + " of " + receipts.size() + " receipts against their licences");
        }
    }

    /** Intake is kept to the gram (V30: numeric(18, 6) tonnes); a quantity finer than that is refused, never rounded. */
    static final int INTAKE_SCALE = 6;

    void addIntake(long licenceId, LocalDate day, String code, BigDecimal tonnes, String reference) {
        checkIntake(tonnes);
        em.createNativeQuery("INSERT INTO licence_intake (licence_id, received_on, waste_code, tonnes, reference) VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, licenceId).setParameter(2, day).setParameter(3, code).setParameter(4, tonnes).setParameter(5, reference)
                .executeUpdate();
    }

    private static void checkIntake(BigDecimal tonnes) {
        if (tonnes.signum() <= 0 || tonnes.stripTrailingZeros().scale() > INTAKE_SCALE) {
            throw ProblemException.unprocessable("intake-quantity", "a quantity received under a licence is more than 0 and kept to the gram ("
                    + INTAKE_SCALE + " decimals of a tonne); got " + tonnes.toPlainString() + " t");
        }
    }

    /** The decision for a hand-over, with the reason in English and Chinese. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public DecisionView decide(long partyId, String wasteCode, LocalDate day, BigDecimal tonnes) {
        Party party = parties.visibleOrLicensee(partyId);
        WasteCode code = catalogue.require(wasteCode);
        if (tonnes.signum() < 0) {
            throw ProblemException.badRequest("tonnes must not be negative");
        }
        Decision d = LicenceRules.decide(candidates(party.id, day.getYear()), code.code, code.category.strip(), day, tonnes);
        return new DecisionView(d.allowed(), d.reason().name(), d.reason().en, d.reason().zh, party.id, code.code, day, tonnes,
                d.licenceNumber(), d.remainingTonnes());
    }

    private static ProblemException refused(long partyId, WasteCode code, LocalDate day, Decision d) {
        return ProblemException.unprocessable("licence-refused",
                "party " + partyId + " may not take " + code.code + " on " + day + ": " + d.reason().en + " / " + d.reason().zh,
                Map.of("reason", d.reason().name(), "wasteCode", code.code));
    }

    /**
     * The methods the party's licences valid on {@code day} and covering the code permit; empty when none restricts it
     * (no covering licence lists methods, or one of them lists none: not on file).
     */
    @SuppressWarnings("unchecked")
    public java.util.Set<String> methods(long partyId, String code, String category, LocalDate day) {
        List<Object[]> rows = em.createNativeQuery("SELECT array_to_string(l.permitted_methods, ','), cardinality(l.permitted_methods) FROM licence l"
                        + " WHERE l.holder_party_id = ?1 AND l.valid_from <= ?2 AND l.valid_to >= ?2"
                        + " AND (CAST(?3 AS varchar) = ANY (l.permitted_codes) OR CAST(?4 AS varchar) = ANY (l.permitted_categories))")
                .setParameter(1, partyId).setParameter(2, day).setParameter(3, code).setParameter(4, category).getResultList();
        java.util.Set<String> methods = new java.util.TreeSet<>();
        for (Object[] r : rows) {
            if (((Number) r[1]).intValue() == 0) {
                return java.util.Set.of();
            }
            methods.addAll(list((String) r[0]));
        }
        return methods;
    }

    /** The party's licences with what each took in {@code year}: one statement. */
    @SuppressWarnings("unchecked")
    public List<Candidate> candidates(long partyId, int year) {
        List<Object[]> rows = em.createNativeQuery("SELECT l.number, array_to_string(l.permitted_codes, ','), array_to_string(l.permitted_categories, ','),"
                        + " l.approved_annual_t, l.valid_from, l.valid_to, coalesce((SELECT sum(i.tonnes) FROM licence_intake i WHERE i.licence_id = l.id"
                        + " AND i.received_on >= make_date(?2, 1, 1) AND i.received_on < make_date(?2 + 1, 1, 1)), 0)"
                        + " FROM licence l WHERE l.holder_party_id = ?1 ORDER BY l.id")
                .setParameter(1, partyId).setParameter(2, year).getResultList();
        List<Candidate> result = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            result.add(new Candidate(((String) r[0]).strip(), list((String) r[1]), list((String) r[2]), (BigDecimal) r[3],
                    SqlValues.localDate(r[4]), SqlValues.localDate(r[5]), (BigDecimal) r[6]));
        }
        return result;
    }

    private static List<String> list(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    /**
     * For other services at a hand-over of several codes at once (a manifest, a transfer): the party's licences are
     * read once, and each code is checked with its tonnes; 422 for the first code they do not allow.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void requireAll(long partyId, LocalDate day, Map<String, BigDecimal> tonnesByCode) {
        List<Candidate> candidates = candidates(partyId, day.getYear());
        tonnesByCode.forEach((wasteCode, tonnes) -> {
            WasteCode code = catalogue.require(wasteCode);
            Decision d = LicenceRules.decide(candidates, code.code, code.category.strip(), day, tonnes);
            if (!d.allowed()) {
                throw refused(partyId, code, day, d);
            }
        });
    }
}
