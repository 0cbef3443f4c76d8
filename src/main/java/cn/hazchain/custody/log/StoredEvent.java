package cn.hazchain.custody.log;

import cn.hazchain.custody.domain.CustodyEvent;
import cn.hazchain.custody.domain.EventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;

/**
 * One row of {@code custody_event} as the hash sees it: the envelope (container, sequence, command, actor, device,
 * times, place, photos, note, clock flags, chain links) and the typed part of the event (its columns and facts).
 * {@code details} is the free text of events written before events were typed (hash version 1); it is null since.
 */
public record StoredEvent(long id, int hashVersion, long containerId, int seq, String type, String fromState, String toState,
                          UUID commandId, Long manifestId, Long lotId, Long transferId, Long generatorPartyId, Long storagePointId,
                          long actorUserId, long actorPartyId, String deviceId, Instant clientTime, Instant serverTime, Double latitude,
                          Double longitude, BigDecimal weightKg, boolean weightDeviation, List<String> photoSha256, String note,
                          String details, SortedMap<String, String> facts, List<String> clockFlags, String prevHash, String hash) {

    /** The hash version new events are written with. */
    public static final int CURRENT_VERSION = 2;

    /** The typed event this row records. */
    public CustodyEvent event() {
        return CustodyEvent.read(EventType.valueOf(type), generatorPartyId, lotId, transferId, storagePointId, weightKg, weightDeviation, facts);
    }

    public StoredEvent withHash(String newHash) {
        return new StoredEvent(id, hashVersion, containerId, seq, type, fromState, toState, commandId, manifestId, lotId, transferId,
                generatorPartyId, storagePointId, actorUserId, actorPartyId, deviceId, clientTime, serverTime, latitude, longitude, weightKg,
                weightDeviation, photoSha256, note, details, facts, clockFlags, prevHash, newHash);
    }
}
