package cn.hazchain.common;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import java.util.List;
import java.util.function.Function;

/** One page of a list: the items, where the page is, and how many items there are in all. */
public record Page<T>(List<T> items, int page, int size, long total, int totalPages) {

    public static <E, T> Page<T> of(PanacheQuery<E> query, Paging paging, Function<E, T> view) {
        long total = query.count();
        List<T> items = query.page(paging.page(), paging.size()).list().stream().map(view).toList();
        return new Page<>(items, paging.page(), paging.size(), total, (int) ((total + paging.size() - 1) / paging.size()));
    }

    /**
     * One page of ids from a native query: counts {@code SELECT count(*) <fromWhere>}, selects
     * {@code SELECT <idColumn> <fromWhere> ORDER BY <orderBy>} for the page, both with the same named parameters,
     * and turns each id into a view.
     */
    @SuppressWarnings("unchecked")
    public static <T> Page<T> ofIds(jakarta.persistence.EntityManager em, String idColumn, CharSequence fromWhere, String orderBy,
                                    java.util.Map<String, Object> params, Paging paging, Function<Long, T> view) {
        var count = em.createNativeQuery("SELECT count(*)" + fromWhere);
        var ids = em.createNativeQuery("SELECT " + idColumn + fromWhere + " ORDER BY " + orderBy);
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            ids.setParameter(k, v);
        });
        long total = ((Number) count.getSingleResult()).longValue();
        List<Number> page = ids.setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList();
        return of(page.stream().map(id -> view.apply(id.longValue())).toList(), paging, total);
    }

    public static <T> Page<T> of(List<T> items, Paging paging, long total) {
        return new Page<>(items, paging.page(), paging.size(), total, (int) ((total + paging.size() - 1) / paging.size()));
    }
}
