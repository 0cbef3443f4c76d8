package cn.hazchain.licence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.licence.LicenceRules.Candidate;
import cn.hazchain.licence.LicenceRules.Decision;
import cn.hazchain.licence.LicenceRules.Reason;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LicenceRulesTest {

    static final LocalDate DAY = LocalDate.of(2026, 6, 1);

    static Candidate oilLicence(String received) {
        return new Candidate("L-OIL", List.of("900-249-08"), List.of(), new BigDecimal("100"),
                LocalDate.of(2025, 1, 1), LocalDate.of(2029, 12, 31), new BigDecimal(received));
    }

    static Candidate categoryLicence(LocalDate from, LocalDate to) {
        return new Candidate("L-HW49", List.of(), List.of("HW49"), new BigDecimal("50"), from, to, BigDecimal.ZERO);
    }

    @Test
    void allowsCoveredCodeWithinValidityAndCapacity() {
        Decision d = LicenceRules.decide(List.of(oilLicence("40")), "900-249-08", "HW08", DAY, new BigDecimal("10"));
        assertTrue(d.allowed());
        assertEquals(Reason.ALLOWED, d.reason());
        assertEquals(new BigDecimal("50"), d.remainingTonnes());
    }

    @Test
    void wholeCategoryCoversItsCodes() {
        Decision d = LicenceRules.decide(List.of(categoryLicence(DAY.minusYears(1), DAY.plusYears(1))), "900-039-49", "HW49", DAY, BigDecimal.ONE);
        assertTrue(d.allowed());
    }

    @Test
    void refusesCodeNotCovered() {
        Decision d = LicenceRules.decide(List.of(oilLicence("0")), "900-214-08", "HW08", DAY, BigDecimal.ONE);
        assertFalse(d.allowed());
        assertEquals(Reason.NOT_COVERED, d.reason());
    }

    @Test
    void refusesExpiredLicence() {
        Decision d = LicenceRules.decide(List.of(categoryLicence(DAY.minusYears(3), DAY.minusDays(1))), "900-039-49", "HW49", DAY, BigDecimal.ONE);
        assertEquals(Reason.EXPIRED, d.reason());
    }

    @Test
    void validToIsTheLastValidDay() {
        Decision d = LicenceRules.decide(List.of(categoryLicence(DAY.minusYears(3), DAY)), "900-039-49", "HW49", DAY, BigDecimal.ONE);
        assertTrue(d.allowed());
    }

    @Test
    void refusesLicenceNotYetValid() {
        Decision d = LicenceRules.decide(List.of(categoryLicence(DAY.plusDays(1), DAY.plusYears(2))), "900-039-49", "HW49", DAY, BigDecimal.ONE);
        assertEquals(Reason.NOT_YET_VALID, d.reason());
    }

    @Test
    void refusesOverAnnualCapacity() {
        Decision d = LicenceRules.decide(List.of(oilLicence("95")), "900-249-08", "HW08", DAY, new BigDecimal("5.001"));
        assertEquals(Reason.OVER_ANNUAL_CAPACITY, d.reason());
        assertEquals(new BigDecimal("5"), d.remainingTonnes());
    }

    @Test
    void exactlyFillingCapacityIsAllowed() {
        assertTrue(LicenceRules.decide(List.of(oilLicence("95")), "900-249-08", "HW08", DAY, new BigDecimal("5")).allowed());
    }

    @Test
    void refusesPartyWithoutLicence() {
        assertEquals(Reason.NO_LICENCE, LicenceRules.decide(List.of(), "900-249-08", "HW08", DAY, BigDecimal.ONE).reason());
    }

    @Test
    void anyAllowingLicenceWinsAndTheMostRelevantRefusalIsReported() {
        Candidate expired = new Candidate("OLD", List.of("900-249-08"), List.of(), BigDecimal.TEN, DAY.minusYears(5), DAY.minusDays(1), BigDecimal.ZERO);
        assertEquals(Reason.ALLOWED, LicenceRules.decide(List.of(expired, oilLicence("0")), "900-249-08", "HW08", DAY, BigDecimal.ONE).reason());
        assertEquals(Reason.EXPIRED, LicenceRules.decide(List.of(expired, categoryLicence(DAY, DAY.plusYears(1))), "900-249-08", "HW08", DAY, BigDecimal.ONE).reason());
    }
}
