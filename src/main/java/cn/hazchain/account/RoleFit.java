package cn.hazchain.account;

import cn.hazchain.party.PartyKind;
import cn.hazchain.security.Role;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** Which kinds of party each role fits: a user holds roles of its own party's kind. */
final class RoleFit {

    private static final Map<Role, Set<PartyKind>> KINDS = new EnumMap<>(Map.of(
            Role.GENERATOR_STAFF, Set.of(PartyKind.GENERATOR),
            Role.COLLECTOR_OPERATOR, Set.of(PartyKind.COLLECTOR),
            Role.DRIVER, Set.of(PartyKind.COLLECTOR, PartyKind.CARRIER),
            Role.STORAGE_KEEPER, Set.of(PartyKind.STORAGE_POINT, PartyKind.COLLECTOR),
            Role.RECEIVER_OPERATOR, Set.of(PartyKind.RECEIVER),
            Role.REGULATOR, Set.of(PartyKind.REGULATOR),
            Role.ADMIN, Set.of(PartyKind.REGULATOR)));

    private RoleFit() {
    }

    static boolean fits(Role role, PartyKind kind) {
        return KINDS.get(role).contains(kind);
    }

    static Set<PartyKind> kindsOf(Role role) {
        return KINDS.get(role);
    }
}
