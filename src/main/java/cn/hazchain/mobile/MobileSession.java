package cn.hazchain.mobile;

import cn.hazchain.security.Claims;
import cn.hazchain.account.TokenService;
import cn.hazchain.common.Problem;
import cn.hazchain.common.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The handheld shift behind this request (from the shift token, already checked by {@link SessionCheck}). */
@RequestScoped
public class MobileSession {

    @Inject
    JsonWebToken jwt;

    public record Shift(UUID sessionId, long deviceId, String deviceSerial) {
    }

    /** The shift, or 403 when the caller signed in with a web token instead of on a handheld. */
    public Shift require() {
        Object sid = jwt == null ? null : jwt.getClaim(Claims.SESSION);
        if (sid == null) {
            throw new ProblemException(new Problem("shift-token-required", "Handheld sign-in required / 需在手持终端登录", 403,
                    "this route needs a shift token: sign in on an enrolled device with POST /api/mobile/v1/sessions"));
        }
        Object dev = jwt.getClaim(Claims.DEVICE);
        long deviceId = dev instanceof JsonNumber n ? n.longValue() : Long.parseLong(String.valueOf(dev));
        return new Shift(UUID.fromString(String.valueOf(sid).replace("\"", "")), deviceId,
                String.valueOf((Object) jwt.getClaim(Claims.DEVICE_SERIAL)).replace("\"", ""));
    }
}
