package cn.hazchain.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Known answers computed outside Java (openssl dgst -sha256 -hmac), so the signature is what receivers recompute. */
class WebhookSignatureTest {

    static final String SECRET = "hazchain-test-secret-0001";
    static final String TS = "1767225600";

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signsTimestampDotBody_asOpensslDoes() {
        // printf '%s' '1767225600.{"schema":...}' | openssl dgst -sha256 -hmac 'hazchain-test-secret-0001'
        assertEquals("sha256=3619943a49e883a2c0c095afa99fdeeaabb342e8b0571a5b1d090ddaed9fb76b",
                WebhookSignature.sign(SECRET, TS, utf8("{\"schema\":\"hazchain.manifest.v1\",\"manifestNumber\":\"20263202000001\"}")));
    }

    @Test
    void signsTheUtf8BytesOfChineseText() {
        assertEquals("sha256=700df2c15069ed9d7f3f5f64a2dd690d5ed2b2628921367127cff8cef746ccec",
                WebhookSignature.sign(SECRET, TS, utf8("{\"name\":\"江阴市生态环境局\"}")));
    }

    @Test
    void verifiesItsOwnSignature_andRefusesAnyChange() {
        byte[] body = utf8("{\"manifestNumber\":\"20263202000001\",\"state\":\"OPEN\"}");
        String sig = WebhookSignature.sign(SECRET, TS, body);
        assertTrue(WebhookSignature.verify(SECRET, TS, body, sig));
        assertFalse(WebhookSignature.verify(SECRET, "1767225601", body, sig), "another timestamp");
        assertFalse(WebhookSignature.verify(SECRET, TS, utf8("{\"manifestNumber\":\"20263202000001\",\"state\":\"CLOSED\"}"), sig), "another body");
        assertFalse(WebhookSignature.verify("another-secret-of-some-length", TS, body, sig), "another secret");
        assertFalse(WebhookSignature.verify(SECRET, TS, body, sig.toUpperCase().replace("SHA256=", "sha1=")), "another scheme");
        assertFalse(WebhookSignature.verify(SECRET, TS, body, "sha256=zz"), "not hex");
        assertFalse(WebhookSignature.verify(SECRET, TS, body, null), "missing");
    }

    @Test
    void signatureIsLowerCaseHexOf32Bytes() {
        String sig = WebhookSignature.sign(SECRET, TS, utf8("{}"));
        assertTrue(sig.matches("sha256=[0-9a-f]{64}"), sig);
    }
}
