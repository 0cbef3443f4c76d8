package cn.hazchain.manifest;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Manifest numbers: year (4) + province (2) + city (2) + serial (6), e.g. 20263202000017. The serial is taken
 * from a row-locked counter per region and year inside the caller's transaction: concurrent issues wait for
 * each other briefly, numbers never repeat, and a rolled-back issue gives its number back (no gaps).
 */
@ApplicationScoped
public class ManifestNumbers {

    @Inject
    EntityManager em;

    @Inject
    HazChainConfig config;

    @Transactional(Transactional.TxType.MANDATORY)
    public String next(int year) {
        String region = config.manifest().province() + config.manifest().city();
        em.createNativeQuery("INSERT INTO manifest_counter (region, year, last_serial) VALUES (?1, ?2, 0) ON CONFLICT DO NOTHING")
                .setParameter(1, region).setParameter(2, year).executeUpdate();
        java.util.List<?> serial = em.createNativeQuery("UPDATE manifest_counter SET last_serial = last_serial + 1"
                        + " WHERE region = ?1 AND year = ?2 AND last_serial < 999999 RETURNING last_serial")
                .setParameter(1, region).setParameter(2, year).getResultList();
        if (serial.isEmpty()) {
            throw ProblemException.conflict("all 999999 manifest numbers of region " + region + " for " + year + " are used");
        }
        return format(year, region, ((Number) serial.get(0)).intValue());
    }

    static String format(int year, String region, int serial) {
        return String.format("%04d%s%06d", year, region, serial);
    }
}
