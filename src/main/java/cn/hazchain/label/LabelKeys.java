package cn.hazchain.label;

import cn.hazchain.common.HazChainConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The label-signing key ring, opened (or created with its first key) at start-up in
 * {@code <data-dir>/keys/labels}, or in {@code hazchain.label.key-dir} when configured. Replicas must share it.
 */
@ApplicationScoped
public class LabelKeys {

    @Produces
    @Singleton
    @Startup
    LabelKeyRing ring(HazChainConfig config) {
        return LabelKeyRing.openOrCreate(config.label().keyDir().orElse(config.dataDir().resolve("keys").resolve("labels")));
    }

    @Produces
    @Singleton
    LabelSigner signer(LabelKeyRing ring) {
        return new LabelSigner(ring);
    }

    @Produces
    @Singleton
    PlatformSignatures platformSignatures(LabelKeyRing ring) {
        return new PlatformSignatures(ring);
    }

    @Produces
    @Singleton
    DocumentTokens documentTokens(PlatformSignatures signatures) {
        return new DocumentTokens(signatures);
    }
}
