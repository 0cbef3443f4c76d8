package cn.hazchain.catalogue;

import cn.hazchain.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The co-loading rules as the {@code coloading_*} tables hold them (V45), read once and kept: they change only with
 * a migration. {@link #require} answers 422 {@code coloading-incompatible} naming the pair.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CoLoadingService {

    @Inject
    EntityManager em;

    private volatile CoLoading rules;

    public record SourceView(String id, String title, String clause, String note) {
    }

    public record RulesView(List<CoLoading.Group> groups, Map<String, List<String>> members, List<CoLoading.Rule> rules, List<SourceView> sources) {
    }

    public CoLoading rules() {
        CoLoading r = rules;
        if (r == null) {
            r = load();
            rules = r;
        }
        return r;
    }

    /** Refuses a set of waste codes that may not share {@code where} ("a vehicle", "transfer 2026…"), naming the first pair. */
    public void require(Collection<String> codes, String where) {
        rules().firstConflict(codes).ifPresent(c -> {
            throw incompatible(c, where);
        });
    }

    public static ProblemException incompatible(CoLoading.Conflict c, String where) {
        return ProblemException.unprocessable("coloading-incompatible", c.detail(where), c.members());
    }

    @SuppressWarnings("unchecked")
    public RulesView view() {
        CoLoading r = rules();
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (Object[] m : (List<Object[]>) em.createNativeQuery("SELECT group_code, coalesce(category, waste_code) FROM coloading_member"
                + " ORDER BY group_code, 2").getResultList()) {
            members.computeIfAbsent((String) m[0], k -> new ArrayList<>()).add(((String) m[1]).strip());
        }
        List<SourceView> sources = ((List<Object[]>) em.createNativeQuery("SELECT id, title, clause, note FROM coloading_source ORDER BY id")
                .getResultList()).stream().map(s -> new SourceView((String) s[0], (String) s[1], (String) s[2], (String) s[3])).toList();
        return new RulesView(r.groups().values().stream().sorted(java.util.Comparator.comparing(CoLoading.Group::code)).toList(), members,
                r.rules(), sources);
    }

    @SuppressWarnings("unchecked")
    private CoLoading load() {
        Map<String, CoLoading.Group> groups = new LinkedHashMap<>();
        for (Object[] g : (List<Object[]>) em.createNativeQuery("SELECT code, name_zh, name_en, dg_class FROM coloading_group ORDER BY code")
                .getResultList()) {
            groups.put((String) g[0], new CoLoading.Group((String) g[0], (String) g[1], (String) g[2], (String) g[3]));
        }
        List<CoLoading.Member> members = ((List<Object[]>) em.createNativeQuery("SELECT group_code, coalesce(category, waste_code)"
                + " FROM coloading_member").getResultList()).stream()
                .map(m -> new CoLoading.Member((String) m[0], ((String) m[1]).strip())).toList();
        List<CoLoading.Rule> rules = ((List<Object[]>) em.createNativeQuery("SELECT group_a, group_b, hazard_zh, hazard_en, source_id"
                + " FROM coloading_rule ORDER BY group_a, group_b").getResultList()).stream()
                .map(r -> new CoLoading.Rule((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4])).toList();
        return new CoLoading(groups, members, rules);
    }
}
