package cn.hazchain.catalogue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which wastes may not share a vehicle or a lot (issue #17, point 3), as a pure function of two waste codes: a code
 * belongs to segregation groups by its category or by itself, and a rule names two groups that may not meet, or one
 * group that may meet no other waste ({@code *}). A code never conflicts with itself: containers of one code share
 * a lot. The data and its sources are in the {@code coloading_*} tables (V45); no framework imports.
 */
public final class CoLoading {

    /** The rule set with no rules: everything may travel together. */
    public static final CoLoading NONE = new CoLoading(Map.of(), List.of());

    public static final String ANY = "*";

    public record Group(String code, String nameZh, String nameEn, String dgClass) {
    }

    /** One group's membership: a category ({@code HW34}) or one waste code. */
    public record Member(String group, String categoryOrCode) {
    }

    public record Rule(String groupA, String groupB, String hazardZh, String hazardEn, String source) {
    }

    /** Two codes that may not meet, the groups they meet as, and the rule that keeps them apart. */
    public record Conflict(String codeA, String codeB, Group groupA, Group groupB, Rule rule) {

        /** The pair as problem members: the two codes, their groups, the source. */
        public Map<String, Object> members() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("incompatiblePair", List.of(codeA, codeB));
            m.put("groups", List.of(groupA.code(), groupB == null ? ANY : groupB.code()));
            m.put("source", rule.source());
            return m;
        }

        /** Says which codes, why, and by which source, in Chinese and English. */
        public String detail(String where) {
            String b = groupB == null ? "any other waste 任何其他废物" : groupB.nameZh() + " " + groupB.nameEn();
            return codeA + " (" + groupA.nameZh() + " " + groupA.nameEn() + ") and " + codeB + " (" + b + ") may not share " + where
                    + ": " + rule.hazardZh() + " / " + rule.hazardEn() + " (" + rule.source() + ")";
        }
    }

    private final Map<String, Group> groups;
    private final Map<String, Set<String>> membersByKey;
    private final List<Rule> rules;

    public CoLoading(Map<String, Group> groups, List<Member> members, List<Rule> rules) {
        this.groups = Map.copyOf(groups);
        Map<String, Set<String>> by = new LinkedHashMap<>();
        for (Member m : members) {
            by.computeIfAbsent(m.categoryOrCode(), k -> new TreeSet<>()).add(m.group());
        }
        this.membersByKey = Map.copyOf(by);
        this.rules = List.copyOf(rules);
    }

    private CoLoading(Map<String, Group> groups, List<Rule> rules) {
        this(groups, List.of(), rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public Map<String, Group> groups() {
        return groups;
    }

    /** The groups of a waste code: those of its category and those naming the code itself. */
    public Set<String> groupsOf(String wasteCode) {
        Set<String> g = new TreeSet<>(membersByKey.getOrDefault(wasteCode, Set.of()));
        g.addAll(membersByKey.getOrDefault(WasteCodes.categoryOf(wasteCode), Set.of()));
        return g;
    }

    /** Why two codes may not meet, or empty. */
    public Optional<Conflict> conflict(String a, String b) {
        if (a.equals(b)) {
            return Optional.empty();
        }
        Set<String> ga = groupsOf(a);
        Set<String> gb = groupsOf(b);
        for (Rule r : rules) {
            if (r.groupB().equals(ANY)) {
                // a group that meets nothing else: b is another waste unless it is in that group too
                if (ga.contains(r.groupA()) && !gb.contains(r.groupA())) {
                    return Optional.of(new Conflict(a, b, groups.get(r.groupA()), null, r));
                }
                if (gb.contains(r.groupA()) && !ga.contains(r.groupA())) {
                    return Optional.of(new Conflict(b, a, groups.get(r.groupA()), null, r));
                }
            } else if (ga.contains(r.groupA()) && gb.contains(r.groupB())) {
                return Optional.of(new Conflict(a, b, groups.get(r.groupA()), groups.get(r.groupB()), r));
            } else if (gb.contains(r.groupA()) && ga.contains(r.groupB())) {
                return Optional.of(new Conflict(b, a, groups.get(r.groupA()), groups.get(r.groupB()), r));
            }
        }
        return Optional.empty();
    }

    /** The first conflict of a code with any of {@code others}, in their order. */
    public Optional<Conflict> conflictWith(String code, Collection<String> others) {
        for (String o : others) {
            Optional<Conflict> c = conflict(code, o);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    /** The first conflict among a set of codes (pairs in their order), or empty when they may all travel together. */
    public Optional<Conflict> firstConflict(Collection<String> codes) {
        List<String> seen = new ArrayList<>();
        for (String c : codes) {
            Optional<Conflict> x = conflictWith(c, seen);
            if (x.isPresent()) {
                return x;
            }
            if (!seen.contains(c)) {
                seen.add(c);
            }
        }
        return Optional.empty();
    }
}
