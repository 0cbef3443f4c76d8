package cn.hazchain.search;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * What a search asks for; every field is optional (null or empty: no filter). Values are already checked:
 * ids positive, codes and numbers well formed, states known for the kind, from not after to.
 */
public record Criteria(Long generatorPartyId, String town, Long partyId, String wasteCode, String category, List<String> states,
                       LocalDate from, LocalDate to, Set<Flag> flags, String manifestNumber, String transferNumber, Sort sort) {
}
