package cn.hazchain.catalogue;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.Text;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Reads the waste catalogue (current edition) and the treatment method codes. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CatalogueService {

    @Inject
    HazChainConfig config;

    @Inject
    EntityManager em;

    public record WasteCodeView(String code, String category, String categoryName, String industry, String description,
                                String hazard, List<String> hazards, String edition) {
        static WasteCodeView of(WasteCode w) {
            return new WasteCodeView(w.code, w.category, w.categoryName, w.industry, w.description, w.hazard, w.hazards, w.edition);
        }
    }

    public record CategoryView(String category, String categoryName, long codes) {
    }

    public record MethodView(String code, String kind, String nameZh, String nameEn) {
    }

    public String edition() {
        return config.catalogue().edition();
    }

    public Optional<WasteCode> find(String code) {
        return WasteCode.findByIdOptional(new WasteCode.Key(edition(), WasteCodes.normalize(code)));
    }

    /** The catalogue entry, or 422 naming the unknown code (for commands that reference a code). */
    public WasteCode require(String code) {
        String normalized = WasteCodes.normalize(code);
        return find(normalized).orElseThrow(() -> ProblemException.unprocessable("unknown-waste-code",
                "waste code " + normalized + " is not in the National Hazardous Waste List (" + edition() + ")"));
    }

    public WasteCodeView get(String code) {
        String normalized = WasteCodes.normalize(code);
        return find(normalized).map(WasteCodeView::of).orElseThrow(() -> ProblemException.notFound("waste code", normalized));
    }

    public Page<WasteCodeView> search(String category, String text, String hazard, Paging paging) {
        StringBuilder where = new StringBuilder("edition = :edition");
        Parameters params = Parameters.with("edition", edition());
        if (Text.trimToNull(category) != null) {
            where.append(" and category = :category");
            params.and("category", WasteCodes.normalizeCategory(category));
        }
        String q = Text.trimToNull(text);
        if (q != null) {
            if (q.length() > 100) {
                throw ProblemException.badRequest("q is limited to 100 characters");
            }
            where.append(" and (lower(code) like :q escape '\\' or lower(description) like :q escape '\\'"
                    + " or lower(categoryName) like :q escape '\\' or lower(industry) like :q escape '\\')");
            params.and("q", Text.likePattern(q));
        }
        if (Text.trimToNull(hazard) != null) {
            String h = hazard.strip();
            if (!List.of("T", "C", "I", "R", "In").contains(h)) {
                throw ProblemException.badRequest("hazard must be one of T, C, I, R, In, got '" + Text.clip(h, 10) + "'");
            }
            where.append(" and array_contains(hazards, :hazard)");
            params.and("hazard", h);
        }
        return Page.of(WasteCode.find(where.toString(), Sort.by("code"), params), paging, WasteCodeView::of);
    }

    @SuppressWarnings("unchecked")
    public List<CategoryView> categories() {
        List<Object[]> rows = em.createNativeQuery("SELECT category, min(category_name), count(*) FROM waste_code"
                        + " WHERE edition = ?1 GROUP BY category ORDER BY category")
                .setParameter(1, edition()).getResultList();
        return rows.stream().map(r -> new CategoryView(((String) r[0]).strip(), (String) r[1], ((Number) r[2]).longValue())).toList();
    }

    @SuppressWarnings("unchecked")
    public List<MethodView> methods() {
        List<Object[]> rows = em.createNativeQuery("SELECT code, kind, name_zh, name_en FROM treatment_method ORDER BY kind, length(code), code")
                .getResultList();
        return rows.stream().map(r -> new MethodView((String) r[0], (String) r[1], (String) r[2], (String) r[3])).toList();
    }

    /** The utilisation/disposal method codes (reference data: read once). */
    @SuppressWarnings("unchecked")
    public java.util.Set<String> methodCodes() {
        java.util.Set<String> codes = methodCodes;
        if (codes == null) {
            codes = java.util.Set.copyOf((List<String>) em.createNativeQuery("SELECT code FROM treatment_method").getResultList());
            methodCodes = codes;
        }
        return codes;
    }

    private volatile java.util.Set<String> methodCodes;

    public boolean isMethod(String code) {
        return code != null && em.createNativeQuery("SELECT 1 FROM treatment_method WHERE code = ?1").setParameter(1, code)
                .getResultList().size() == 1;
    }
}
