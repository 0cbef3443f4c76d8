package cn.hazchain.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.label.LabelData;
import cn.hazchain.security.Role;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a party's printed fields may hold, and who administers a party: the pure rules of issue #19, finding 4. */
class PrintedFieldsTest {

    @Test
    void generatorLimits_areTheLabelsOwn() {
        assertEquals(LabelData.MAX_GENERATOR_NAME, PrintedFields.GENERATOR_NAME);
        assertEquals(LabelData.MAX_CONTACT_NAME, PrintedFields.GENERATOR_CONTACT_NAME);
        assertEquals(LabelData.MAX_CONTACT_PHONE, PrintedFields.GENERATOR_CONTACT_PHONE);
    }

    @Test
    void check_refusesWhatWouldNotFitOrWouldReadOtherwise() {
        assertEquals("too-long-to-print", PrintedFields.check(PartyKind.GENERATOR, "name", "厂".repeat(27)).orElseThrow().slug());
        assertEquals(Optional.empty(), PrintedFields.check(PartyKind.GENERATOR, "name", " " + "厂".repeat(26) + " "));
        assertEquals(Optional.empty(), PrintedFields.check(PartyKind.RECEIVER, "name", "厂".repeat(60)));
        assertEquals("too-long-to-print", PrintedFields.check(PartyKind.RECEIVER, "name", "厂".repeat(61)).orElseThrow().slug());
        assertEquals(Optional.empty(), PrintedFields.check(PartyKind.COLLECTOR, "contactName", "值班室".repeat(10)));
        PrintedFields.Refusal bidi = PrintedFields.check(PartyKind.COLLECTOR, "address", "滨江路\u202E1号").orElseThrow();
        assertEquals("unprintable-text", bidi.slug());
        assertTrue(bidi.detail().contains("U+202E"), bidi.detail());
        assertEquals(Optional.empty(), PrintedFields.check(PartyKind.GENERATOR, "name", null));
    }

    @Test
    void stewards_areTheAdministratorsOfThePlatformOrOfTheParty() {
        long mine = 7;
        long other = 8;
        assertTrue(PartyStewards.administers(Set.of(Role.ADMIN), 1, PartyKind.CARRIER, other, null));
        assertTrue(PartyStewards.administers(Set.of(Role.GENERATOR_STAFF), mine, PartyKind.GENERATOR, mine, null));
        assertFalse(PartyStewards.administers(Set.of(Role.GENERATOR_STAFF), mine, PartyKind.GENERATOR, other, null));
        assertTrue(PartyStewards.administers(Set.of(Role.COLLECTOR_OPERATOR), mine, PartyKind.COLLECTOR, mine, null));
        assertFalse(PartyStewards.administers(Set.of(Role.DRIVER, Role.STORAGE_KEEPER), mine, PartyKind.COLLECTOR, mine, null));
        assertTrue(PartyStewards.administers(Set.of(Role.COLLECTOR_OPERATOR), mine, PartyKind.STORAGE_POINT, other, mine));
        assertFalse(PartyStewards.administers(Set.of(Role.STORAGE_KEEPER), other, PartyKind.STORAGE_POINT, other, mine));
        assertTrue(PartyStewards.administers(Set.of(Role.RECEIVER_OPERATOR), mine, PartyKind.RECEIVER, mine, null));
        assertFalse(PartyStewards.administers(Set.of(Role.DRIVER), mine, PartyKind.CARRIER, mine, null));
        assertFalse(PartyStewards.administers(Set.of(Role.REGULATOR), mine, PartyKind.REGULATOR, mine, null));
        assertFalse(PartyStewards.administers(Set.of(Role.COLLECTOR_OPERATOR), mine, PartyKind.GENERATOR, other, null));
    }
}
