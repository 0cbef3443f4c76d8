package cn.hazchain.search;

import cn.hazchain.catalogue.WasteCodes;
import cn.hazchain.common.Params;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.Text;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a search's query string. Every bad value is a 400 that names its parameter; an unknown parameter is a
 * 400 too (a mistyped filter must not silently widen a regulator's search). Pure.
 */
public final class SearchParams {

    /** The filters every kind takes, and the paging the JSON routes take (exports ignore page and size). */
    public static final List<String> NAMES = List.of("generatorPartyId", "town", "partyId", "wasteCode", "category", "state",
            "from", "to", "flag", "manifest", "transfer", "sort", "page", "size");
    private static final Set<String> REPEATABLE = Set.of("state", "flag");
    private static final Pattern NUMBER = Pattern.compile("\\d{14}");
    static final int MAX_TOWN = 40;

    private SearchParams() {
    }

    public static Criteria parse(SearchKind kind, Map<String, List<String>> query) {
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (!NAMES.contains(e.getKey())) {
                throw ProblemException.badRequest("unknown parameter '" + Text.clip(e.getKey(), 40) + "'; allowed: " + String.join(", ", NAMES));
            }
            if (e.getValue().size() > 1 && !REPEATABLE.contains(e.getKey())) {
                throw ProblemException.badRequest(e.getKey() + " is given " + e.getValue().size() + " times; give it once");
            }
            for (String v : e.getValue()) {
                if (v != null && v.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                    // PostgreSQL refuses NUL in text: reject control characters here rather than fail in the database
                    throw ProblemException.badRequest(e.getKey() + " must not contain control characters");
                }
            }
        }
        LocalDate from = Params.date("from", one(query, "from"));
        LocalDate to = Params.date("to", one(query, "to"));
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.badRequest("from (" + from + ") is after to (" + to + ")");
        }
        return new Criteria(Params.id("generatorPartyId", one(query, "generatorPartyId")), town(one(query, "town")),
                Params.id("partyId", one(query, "partyId")), wasteCode(one(query, "wasteCode")), category(one(query, "category")),
                states(kind, many(query, "state")), from, to, flags(many(query, "flag")),
                number("manifest", one(query, "manifest")), number("transfer", one(query, "transfer")),
                Sort.parse(one(query, "sort"), kind.spec().sortFields().keySet(), kind.spec().defaultSort()));
    }

    private static String one(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Repeated and comma-separated values, blanks dropped. */
    private static List<String> many(Map<String, List<String>> query, String name) {
        List<String> out = new ArrayList<>();
        for (String v : query.getOrDefault(name, List.of())) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip().toUpperCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static String town(String value) {
        String town = Text.trimToNull(value);
        if (town != null && town.length() > MAX_TOWN) {
            throw ProblemException.badRequest("town must be at most " + MAX_TOWN + " characters (a town or street name such as 澄江街道)");
        }
        return town;
    }

    private static String wasteCode(String value) {
        if (Text.trimToNull(value) == null) {
            return null;
        }
        try {
            return WasteCodes.normalize(value);
        } catch (ProblemException e) {
            throw ProblemException.badRequest("wasteCode must look like 900-249-08 (or 90024908), got '" + Text.clip(value.strip(), 20) + "'");
        }
    }

    private static String category(String value) {
        if (Text.trimToNull(value) == null) {
            return null;
        }
        String c = value.strip().toUpperCase(Locale.ROOT);
        if (!WasteCodes.isCategory(c)) {
            throw ProblemException.badRequest("category must look like HW08, got '" + Text.clip(value.strip(), 20) + "'");
        }
        return c;
    }

    private static List<String> states(SearchKind kind, List<String> values) {
        List<String> allowed = kind.spec().states();
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (!allowed.contains(v)) {
                throw ProblemException.badRequest("state of " + kind.path() + " must be one of " + String.join(", ", allowed)
                        + ", got '" + Text.clip(v, 30) + "'");
            }
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    private static Set<Flag> flags(List<String> values) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        for (String v : values) {
            flags.add(Params.enumValue("flag", v, Flag.class));
        }
        return flags;
    }

    private static String number(String name, String value) {
        String n = Text.trimToNull(value);
        if (n != null && !NUMBER.matcher(n).matches()) {
            throw ProblemException.badRequest(name + " must be a 14-digit number, got '" + Text.clip(n, 20) + "'");
        }
        return n;
    }
}
