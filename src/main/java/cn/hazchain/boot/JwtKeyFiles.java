package cn.hazchain.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The RSA key pair that signs access tokens. Generated once into the data directory unless the
 * SmallRye JWT key locations are configured; the private key file is readable by its owner only.
 */
final class JwtKeyFiles {

    static final String SIGN_KEY = "smallrye.jwt.sign.key.location";
    static final String VERIFY_KEY = "mp.jwt.verify.publickey.location";

    private JwtKeyFiles() {
    }

    static Map<String, String> ensure(Path keyDir, UnaryOperator<String> lookup) throws IOException {
        if (lookup.apply(SIGN_KEY) != null && lookup.apply(VERIFY_KEY) != null) {
            return Map.of();
        }
        Path privateKey = keyDir.resolve("jwt-private.pem");
        Path publicKey = keyDir.resolve("jwt-public.pem");
        if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
            generate(keyDir, privateKey, publicKey);
        }
        // application.properties points both locations at these files (file:${hazchain.data-dir}/keys/...).
        return Map.of();
    }

    private static void generate(Path keyDir, Path privateKey, Path publicKey) throws IOException {
        Files.createDirectories(keyDir);
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
        Path tmp = Files.createTempFile(keyDir, "jwt", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Files.move(tmp, privateKey, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
