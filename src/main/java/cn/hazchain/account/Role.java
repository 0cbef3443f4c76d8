package cn.hazchain.account;

import cn.hazchain.party.PartyKind;
import java.util.Set;

/** What a user may do. Each role fits certain kinds of party; a user holds roles of its own party's kind. */
public enum Role {
    GENERATOR_STAFF(Set.of(PartyKind.GENERATOR)),
    COLLECTOR_OPERATOR(Set.of(PartyKind.COLLECTOR)),
    DRIVER(Set.of(PartyKind.COLLECTOR, PartyKind.CARRIER)),
    STORAGE_KEEPER(Set.of(PartyKind.STORAGE_POINT, PartyKind.COLLECTOR)),
    RECEIVER_OPERATOR(Set.of(PartyKind.RECEIVER)),
    REGULATOR(Set.of(PartyKind.REGULATOR)),
    ADMIN(Set.of(PartyKind.REGULATOR));

    /** Role names as they appear in the token's {@code groups} claim and in {@code @RolesAllowed}. */
    public static final String GENERATOR_STAFF_ = "GENERATOR_STAFF";
    public static final String COLLECTOR_OPERATOR_ = "COLLECTOR_OPERATOR";
    public static final String DRIVER_ = "DRIVER";
    public static final String STORAGE_KEEPER_ = "STORAGE_KEEPER";
    public static final String RECEIVER_OPERATOR_ = "RECEIVER_OPERATOR";
    public static final String REGULATOR_ = "REGULATOR";
    public static final String ADMIN_ = "ADMIN";

    private final Set<PartyKind> partyKinds;

    Role(Set<PartyKind> partyKinds) {
        this.partyKinds = partyKinds;
    }

    public boolean fits(PartyKind kind) {
        return partyKinds.contains(kind);
    }

    public Set<PartyKind> partyKinds() {
        return partyKinds;
    }
}
