package cn.hazchain.custody;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import cn.hazchain.common.Counters;
import java.util.List;
import jakarta.transaction.Transactional;

/**
 * Manifest numbers: year (4) + province (2) + city (2) + serial (6), e.g. 20263202000017. The serial is taken
 * from a row-locked counter per region and year inside the caller's transaction: concurrent issues wait for
 * each other briefly, numbers never repeat, and a rolled-back issue gives its number back (no gaps).
 */
@ApplicationScoped
public class ManifestNumbers {

    @Inject
    Counters counters;

    @Inject
    HazChainConfig config;

    @Transactional(Transactional.TxType.MANDATORY)
    public String next(int year) {
        String region = config.manifest().province() + config.manifest().city();
        int serial = counters.next("manifest_counter", "last_serial", 999999, List.of("region", "year"), region, year)
                .orElseThrow(() -> ProblemException.conflict("all 999999 manifest numbers of region " + region + " for " + year + " are used"));
        return format(year, region, serial);
    }

    static String format(int year, String region, int serial) {
        return String.format("%04d%s%06d", year, region, serial);
    }
}
