package cn.hazchain.custody.log;

import java.time.Instant;
import java.util.List;

/** Where and how a scan was made: device, its clock, GPS, photos, a note, clock flags. All optional. */
public record Context(String deviceId, Instant clientTime, Double latitude, Double longitude, List<String> photoSha256, String note,
                      List<String> clockFlags) {

    public static final Context NONE = new Context(null, null, null, null, List.of(), null, List.of());

    public Context {
        photoSha256 = photoSha256 == null ? List.of() : List.copyOf(photoSha256);
        clockFlags = clockFlags == null ? List.of() : List.copyOf(clockFlags);
    }

    public Context withClockFlags(List<String> flags) {
        return new Context(deviceId, clientTime, latitude, longitude, photoSha256, note, flags);
    }
}
