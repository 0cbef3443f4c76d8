package cn.hazchain.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one kind of search (containers, manifests, transfers) is made of: its tables, its columns and the SQL
 * predicate of each filter. Predicates use named parameters that {@link SearchQuery} binds; nothing a caller
 * sends is ever part of the SQL text. Pure: no framework.
 */
interface SearchSpec {

    /** Tables and joins, without WHERE: {@link #core()} then {@link #details()}. */
    default String from() {
        return core() + details();
    }

    /** The tables every filter, sort key and the id need. */
    String core();

    /** Parameters the kind's SQL always names, with the values a query gets unless the search binds others. */
    default Map<String, Object> defaults() {
        return Map.of();
    }

    /** {@link #core} over another source of containers (the container search's {@link ContainerSql#SEEN}). */
    default String core(String containers) {
        return core();
    }

    /**
     * Joins after the core (per-row aggregates, tables only some columns show; aliases in {@link #detailAliases()}):
     * what a page shows but the common filters and sorts do not need. When neither the filters nor the sort name
     * one of these aliases, the count uses the core alone and a page picks its ids with the core alone and joins
     * these for its own rows only (see {@link SearchQuery}). The details must not change which rows match: inner
     * joins here follow NOT NULL foreign keys, so they keep every core row exactly once.
     */
    default String details() {
        return "";
    }

    /**
     * The details, where a join that names a transfer (alias t) shows it only under {@code transferVisibility} (the
     * caller's transfer visibility): a container that went on to a transfer the caller may not see names none.
     */
    default String details(String transferVisibility) {
        return details();
    }

    /** The aliases (e.g. {@code "agg"}) of the tables in {@link #details()}. */
    default List<String> detailAliases() {
        return List.of();
    }

    /** A condition every row meets (e.g. only pickup manifests). */
    String base();

    /** The unique id, the last sort key so that pages never overlap. */
    String idColumn();

    List<Column> columns();

    String defaultSort();

    List<String> states();

    String stateExpr();

    /** Predicates; each uses the parameter named in its comment. */
    String generator(); // :generator

    String town(); // :town

    String party(); // :party

    String wasteCode(); // :wasteCode

    String category(); // :category

    String manifest(); // :manifest

    String transfer(); // :transfer

    /** The date the from/to range applies to. */
    String dateColumn();

    /** Whether {@link #dateColumn} is a timestamp (compared with the start of days in the business zone). */
    boolean dateIsTime();

    /** A boolean expression for the flag, also selected into every row. */
    String flag(Flag flag);

    /** Sortable columns by key, in column order. */
    default Map<String, String> sortFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        columns().stream().filter(Column::sortable).forEach(c -> fields.put(c.key(), c.sql()));
        return fields;
    }
}
