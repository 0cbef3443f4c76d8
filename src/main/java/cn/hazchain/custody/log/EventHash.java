package cn.hazchain.custody.log;

import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The hash of a custody event: SHA-256 over its canonical content and the previous event's hash of the same
 * container, in lower-case hex. Each field is length-prefixed ({@code len:value\n}), so no choice of values can make
 * two different events read the same. The version the row names decides which fields count:
 * <ul>
 *   <li><b>v1</b> (every event written before events were typed): the envelope and the free-text details; clock
 *       flags appended only when present, so events written before they existed hash as before;</li>
 *   <li><b>v2</b>: the envelope without details, the generator, the storage point, every fact by name (sorted,
 *       preceded by their count) and the clock flags (always).</li>
 * </ul>
 * A chain may hold both: a container issued before the change has v1 events followed by v2 ones.
 */
public final class EventHash {

    private EventHash() {
    }

    public static String of(StoredEvent r) {
        List<String> fields = new ArrayList<>(40);
        fields.add("v" + r.hashVersion());
        fields.addAll(List.of(String.valueOf(r.containerId()), String.valueOf(r.seq()), r.type(), str(r.fromState()), r.toState(),
                String.valueOf(r.commandId()), str(r.manifestId()), str(r.lotId()), str(r.transferId()),
                String.valueOf(r.actorUserId()), String.valueOf(r.actorPartyId()), str(r.deviceId()), str(r.clientTime()),
                String.valueOf(r.serverTime()), str(r.latitude()), str(r.longitude()),
                r.weightKg() == null ? "" : r.weightKg().setScale(2, RoundingMode.UNNECESSARY).toPlainString(),
                String.valueOf(r.weightDeviation()), String.join(",", r.photoSha256()), str(r.note())));
        switch (r.hashVersion()) {
            case 1 -> {
                fields.add(str(r.details()));
                fields.add(str(r.prevHash()));
                if (r.clockFlags() != null && !r.clockFlags().isEmpty()) {
                    fields.add("clock:" + String.join(",", r.clockFlags()));
                }
            }
            case 2 -> {
                fields.add(str(r.generatorPartyId()));
                fields.add(str(r.storagePointId()));
                Map<String, String> facts = r.facts() == null ? Map.of() : r.facts();
                fields.add("facts:" + facts.size());
                facts.forEach((name, value) -> fields.add(name + "=" + value));
                fields.add("clock:" + String.join(",", r.clockFlags() == null ? List.of() : r.clockFlags()));
                fields.add(str(r.prevHash()));
            }
            default -> throw new IllegalArgumentException("unknown hash version " + r.hashVersion() + " of event " + r.id());
        }
        StringBuilder canonical = new StringBuilder(512);
        for (String field : fields) {
            canonical.append(field.length()).append(':').append(field).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
