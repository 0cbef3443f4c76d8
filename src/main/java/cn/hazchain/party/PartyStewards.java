package cn.hazchain.party;

import cn.hazchain.security.Role;
import java.util.Set;

/**
 * Who may change a party's record (its name, contact, address… which manifests and labels print), besides the
 * platform's administrators (role ADMIN): the party's own administrators (issue #19, finding 4). HazChain has no
 * separate "party administrator" role; the role that runs a party's business is its administrator:
 *
 * <ul>
 *   <li>a generator: its staff ({@code GENERATOR_STAFF}, the only role a small firm has);</li>
 *   <li>a collector: its operators ({@code COLLECTOR_OPERATOR}), not its drivers or keepers;</li>
 *   <li>a storage point: the operators of the collector it belongs to, not its keepers;</li>
 *   <li>a receiver: its operators ({@code RECEIVER_OPERATOR});</li>
 *   <li>a carrier and a regulator: the platform's administrators only (a carrier has drivers only; the regulator's
 *       administrators are the platform's).</li>
 * </ul>
 * The same roles already revoke their own organisation's handhelds. Plain Java, tested alone.
 */
public final class PartyStewards {

    private PartyStewards() {
    }

    /** Whether a user of party {@code userPartyId} holding {@code roles} administers {@code party}. */
    public static boolean administers(Set<Role> roles, long userPartyId, PartyKind kind, long partyId, Long parentId) {
        if (roles.contains(Role.ADMIN)) {
            return true;
        }
        return switch (kind) {
            case GENERATOR -> userPartyId == partyId && roles.contains(Role.GENERATOR_STAFF);
            case COLLECTOR -> userPartyId == partyId && roles.contains(Role.COLLECTOR_OPERATOR);
            case STORAGE_POINT -> parentId != null && userPartyId == parentId && roles.contains(Role.COLLECTOR_OPERATOR);
            case RECEIVER -> userPartyId == partyId && roles.contains(Role.RECEIVER_OPERATOR);
            case CARRIER, REGULATOR -> false;
        };
    }

    /** Who administers a party of this kind, for a refusal that says whom to ask. */
    public static String who(PartyKind kind) {
        return switch (kind) {
            case GENERATOR -> "the platform's administrators or the generator's own staff (GENERATOR_STAFF)";
            case COLLECTOR -> "the platform's administrators or the collector's operators (COLLECTOR_OPERATOR)";
            case STORAGE_POINT -> "the platform's administrators or the operators of the collector it belongs to (COLLECTOR_OPERATOR)";
            case RECEIVER -> "the platform's administrators or the receiver's operators (RECEIVER_OPERATOR)";
            case CARRIER, REGULATOR -> "the platform's administrators (ADMIN)";
        };
    }
}
