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

    public static <T> Page<T> of(List<T> items, Paging paging, long total) {
        return new Page<>(items, paging.page(), paging.size(), total, (int) ((total + paging.size() - 1) / paging.size()));
    }
}
