package cn.hazchain.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The co-loading decision without a database, over a rule set shaped like V45's. */
public class CoLoadingTest {

    /** Acids (HW34 and lead batteries), alkalis (HW35), medical waste (HW01, meets nothing else); acids and alkalis apart. */
    public static final CoLoading RULES = new CoLoading(
            Map.of("ACID", new CoLoading.Group("ACID", "酸性废物", "acid wastes", "8"),
                    "ALKALI", new CoLoading.Group("ALKALI", "碱性废物", "alkaline wastes", "8"),
                    "INFECTIOUS", new CoLoading.Group("INFECTIOUS", "医疗废物", "medical wastes", "6.2")),
            List.of(new CoLoading.Member("ACID", "HW34"), new CoLoading.Member("ACID", "900-052-31"), new CoLoading.Member("ALKALI", "HW35"),
                    new CoLoading.Member("INFECTIOUS", "HW01")),
            List.of(new CoLoading.Rule("ACID", "ALKALI", "剧烈反应", "react violently", "GB18597-2001-A"),
                    new CoLoading.Rule("INFECTIOUS", "*", "专车", "dedicated vehicle", "MWM-REG-2003")));

    @Test
    void conflict_namesThePair_forAnAcidAndAnAlkali_eitherWayRound() {
        CoLoading.Conflict c = RULES.conflict("900-352-35", "900-300-34").orElseThrow();
        assertEquals("900-300-34", c.codeA(), "the pair is told in the rule's order");
        assertEquals("900-352-35", c.codeB());
        assertEquals(List.of("900-300-34", "900-352-35"), c.members().get("incompatiblePair"));
        assertEquals("GB18597-2001-A", c.members().get("source"));
        assertTrue(c.detail("a vehicle").contains("may not share a vehicle"), c.detail("a vehicle"));
    }

    @Test
    void conflict_byCode_forALeadBatteryAndAnAlkali() {
        assertTrue(RULES.conflict("900-052-31", "900-399-35").isPresent(), "a lead battery holds acid");
        assertTrue(RULES.conflict("900-052-31", "900-249-08").isEmpty(), "and may travel with waste oil");
    }

    @Test
    void conflict_none_forOneCode_orCodesOfNoGroup_orTwoMembersOfAnExclusiveGroup() {
        assertTrue(RULES.conflict("900-300-34", "900-300-34").isEmpty(), "containers of one code share a lot");
        assertTrue(RULES.conflict("900-249-08", "900-047-49").isEmpty());
        assertTrue(RULES.conflict("841-001-01", "841-002-01").isEmpty(), "medical wastes travel together in their own vehicle");
    }

    @Test
    void conflict_withAnything_forAGroupThatMeetsNoOtherWaste() {
        CoLoading.Conflict c = RULES.conflict("900-249-08", "841-001-01").orElseThrow();
        assertEquals("841-001-01", c.codeA());
        assertEquals(List.of("INFECTIOUS", "*"), c.members().get("groups"));
    }

    @Test
    void firstConflict_findsThePairAmongMany_andNoneAmongCompatibleCodes() {
        assertEquals(List.of("900-300-34", "900-351-35"), RULES.firstConflict(List.of("900-249-08", "900-300-34", "900-041-49", "900-351-35"))
                .orElseThrow().members().get("incompatiblePair"));
        assertTrue(RULES.firstConflict(List.of("900-249-08", "900-300-34", "900-300-34", "900-041-49")).isEmpty());
        assertTrue(CoLoading.NONE.firstConflict(List.of("900-300-34", "900-351-35")).isEmpty());
    }
}
