package cn.hazchain.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hazchain.custody.domain.Acceptance;
import cn.hazchain.custody.domain.ContainerSnapshot;
import cn.hazchain.custody.domain.ContainerState;
import cn.hazchain.custody.domain.CustodyCommand;
import cn.hazchain.custody.domain.CustodyCommand.CommandKind;
import cn.hazchain.custody.domain.CustodyEvent;
import cn.hazchain.custody.domain.CustodyRules;
import cn.hazchain.custody.domain.Decision;
import cn.hazchain.custody.domain.Rejection;
import cn.hazchain.custody.domain.Situation;
import cn.hazchain.licence.LicenceRules;
import cn.hazchain.security.Role;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The custody rules without a database: every state × every command of the transition table, what each command
 * decides (who may act, what the records say, licences) and how each event evolves a container.
 */
class CustodyRulesTest {

    /** The expected table: command → (from-state → to-state). Anything not listed is rejected. */
    static final Map<CommandKind, Map<ContainerState, ContainerState>> TABLE = new EnumMap<>(CommandKind.class);

    static {
        put(CommandKind.COLLECT, ContainerState.ISSUED, ContainerState.COLLECTED);
        put(CommandKind.CANCEL, ContainerState.ISSUED, ContainerState.CANCELLED);
        put(CommandKind.STORE, ContainerState.COLLECTED, ContainerState.IN_STORAGE);
        put(CommandKind.STORE, ContainerState.REFUSED, ContainerState.IN_STORAGE);
        put(CommandKind.ADD_TO_LOT, ContainerState.IN_STORAGE, ContainerState.IN_STORAGE);
        put(CommandKind.LOAD, ContainerState.COLLECTED, ContainerState.IN_TRANSIT);
        put(CommandKind.LOAD, ContainerState.IN_STORAGE, ContainerState.IN_TRANSIT);
        put(CommandKind.RECEIVE, ContainerState.IN_TRANSIT, ContainerState.RECEIVED);
        put(CommandKind.REFUSE, ContainerState.IN_TRANSIT, ContainerState.REFUSED);
        put(CommandKind.DISPOSE, ContainerState.RECEIVED, ContainerState.DISPOSED);
    }

    static void put(CommandKind c, ContainerState from, ContainerState to) {
        TABLE.computeIfAbsent(c, k -> new EnumMap<>(ContainerState.class)).put(from, to);
    }

    // ---- a small world: one collector (10) with a storage point (11), a generator (20), a receiver (30) --------

    static final long COLLECTOR = 10;
    static final long POINT = 11;
    static final long GENERATOR = 20;
    static final long RECEIVER = 30;
    static final LocalDate TODAY = LocalDate.of(2026, 12, 2);
    static final Situation.TransferRef TRANSFER = new Situation.TransferRef(500, "20263202000500", COLLECTOR, POINT, COLLECTOR, RECEIVER);

    static final class World implements Situation.Lookup {
        boolean declared = true;
        boolean licensed = true;

        public Situation.ManifestRef manifest(long id) {
            return new Situation.ManifestRef(id, "20263202000001", COLLECTOR, GENERATOR);
        }

        public Situation.PartyRef party(long id) {
            return id == POINT ? new Situation.PartyRef(POINT, "STORAGE_POINT", COLLECTOR) : new Situation.PartyRef(id, "GENERATOR", null);
        }

        public Long vehicleOwner(long id) {
            return id == 7 ? COLLECTOR : id == 8 ? 99L : null;
        }

        public Situation.TransferRef transfer(long id) {
            return id == TRANSFER.id() ? TRANSFER : null;
        }

        public Situation.TransferRef transferByNumber(String number) {
            return TRANSFER.number().equals(number) ? TRANSFER : null;
        }

        public boolean declared(long transferId, long containerId) {
            return declared;
        }

        public Situation.LotRef lot(long id) {
            return new Situation.LotRef(id, POINT, "900-249-08");
        }

        public boolean isTreatmentMethod(String code) {
            return Set.of("D10", "R9").contains(code);
        }

        public LicenceRules.Decision licence(long partyId, String code, LocalDate day, BigDecimal tonnes) {
            return licensed ? new LicenceRules.Decision(true, LicenceRules.Reason.ALLOWED, "JSHW-1", BigDecimal.TEN)
                    : new LicenceRules.Decision(false, LicenceRules.Reason.NOT_COVERED, "JSHW-1", null);
        }
    }

    static Situation as(long party, Role... roles) {
        return as(new World(), party, roles);
    }

    static Situation as(World world, long party, Role... roles) {
        return new Situation(new Situation.Actor(1, party, Set.of(roles)), TODAY, ZoneId.of("Asia/Shanghai"), new BigDecimal("0.05"), world);
    }

    static ContainerSnapshot container(ContainerState state) {
        return new ContainerSnapshot(1, "LABEL-1", 100, GENERATOR, "900-249-08", new BigDecimal("100.00"), state, 3, COLLECTOR,
                POINT, null, null,
                TRANSFER.id(),
                new BigDecimal("100.00"), null, null, null, null, null, false, Instant.parse("2026-12-01T02:00:00Z"));
    }

    /** A command of the kind, as its rightful actor would send it. */
    static Decision decide(ContainerState state, CommandKind kind) {
        return switch (kind) {
            case COLLECT -> CustodyRules.decide(container(state), new CustodyCommand.Collect("20263202000001", new BigDecimal("101"), null), null,
                    as(COLLECTOR, Role.DRIVER));
            case STORE -> CustodyRules.decide(container(state), new CustodyCommand.Store(POINT, new BigDecimal("101")), null, as(POINT, Role.STORAGE_KEEPER));
            case ADD_TO_LOT -> CustodyRules.decide(container(state), new CustodyCommand.AddToLot(3), null, as(POINT, Role.STORAGE_KEEPER));
            case LOAD -> CustodyRules.decide(container(state), new CustodyCommand.Load(TRANSFER.number()), null, as(COLLECTOR, Role.DRIVER));
            case RECEIVE -> CustodyRules.decide(container(state), new CustodyCommand.Receive(TRANSFER.number(), new BigDecimal("99"), Acceptance.ACCEPTED,
                    null, null), null, as(RECEIVER, Role.RECEIVER_OPERATOR));
            case REFUSE -> CustodyRules.decide(container(state), new CustodyCommand.Receive(TRANSFER.number(), new BigDecimal("99"), Acceptance.REFUSED,
                    null, "leaking"), null, as(RECEIVER, Role.RECEIVER_OPERATOR));
            case DISPOSE -> CustodyRules.decide(container(state), new CustodyCommand.Dispose("D10", "CZ-1", TODAY), null,
                    as(RECEIVER, Role.RECEIVER_OPERATOR));
            case CANCEL -> CustodyRules.decide(container(state), new CustodyCommand.Cancel("closed"), null, as(COLLECTOR, Role.COLLECTOR_OPERATOR));
        };
    }

    @Test
    void decide_followsTheWholeTransitionTable() {
        int allowed = 0;
        int rejected = 0;
        for (ContainerState state : ContainerState.values()) {
            for (CommandKind command : CommandKind.values()) {
                Decision d = decide(state, command);
                ContainerState expected = TABLE.getOrDefault(command, Map.of()).get(state);
                assertEquals(expected != null, CustodyRules.allows(state, command), state + " × " + command);
                if (expected != null) {
                    Decision.Accepted a = assertInstanceOf(Decision.Accepted.class, d, state + " × " + command + ": " + d);
                    assertEquals(expected, a.events().get(0).to(), state + " × " + command);
                    assertEquals(expected, CustodyRules.target(command));
                    allowed++;
                } else {
                    Rejection r = assertInstanceOf(Decision.Rejected.class, d, state + " × " + command).rejection();
                    assertEquals(Rejection.Kind.ILLEGAL_TRANSITION, r.kind(), state + " × " + command + ": " + r.detail());
                    assertEquals(state.name(), r.extensions().get("currentState"));
                    assertEquals(TABLE.getOrDefault(command, Map.of()).keySet().stream().map(Enum::name).sorted().toList(),
                            r.extensions().get("requiredStates"));
                    assertTrue(r.detail().contains(state.name()) && r.detail().contains(command.name()), r.detail());
                    assertTrue(r.conflict(), "a handheld is told CONFLICT");
                    rejected++;
                }
            }
        }
        assertEquals(10, allowed);
        assertEquals(ContainerState.values().length * CommandKind.values().length - 10, rejected);
    }

    @Test
    void decide_fails_forTerminalStates() {
        for (CommandKind command : CommandKind.values()) {
            assertInstanceOf(Decision.Rejected.class, decide(ContainerState.DISPOSED, command));
            assertInstanceOf(Decision.Rejected.class, decide(ContainerState.CANCELLED, command));
        }
    }

    @Test
    void rejection_namesCurrentAndNeededStates() {
        Rejection r = ((Decision.Rejected) decide(ContainerState.IN_STORAGE, CommandKind.COLLECT)).rejection();
        assertEquals("container LABEL-1 is IN_STORAGE; COLLECT needs ISSUED", r.detail());
        assertEquals(409, r.kind().status());
    }

    @Test
    void events_areNamedInThePastTense_andCarryTheirFacts() {
        CustodyEvent stored = ((Decision.Accepted) decide(ContainerState.COLLECTED, CommandKind.STORE)).events().get(0);
        assertEquals("CONTAINER_STORED", stored.type().name());
        assertEquals(POINT, stored.storagePointId(), "the store event names its storage point");
        CustodyEvent.ContainerReceived receipt = (CustodyEvent.ContainerReceived) ((Decision.Accepted) CustodyRules.decide(
                container(ContainerState.IN_TRANSIT), new CustodyCommand.Receive(TRANSFER.number(), new BigDecimal("99"),
                        Acceptance.PARTIALLY_REFUSED, new BigDecimal("4.5"), " wet "), null, as(RECEIVER, Role.RECEIVER_OPERATOR))).events().get(0);
        assertEquals(new BigDecimal("4.5"), receipt.refusedKg());
        assertEquals("wet", receipt.reason());
        assertEquals("JSHW-1", receipt.licenceNumber());
        assertEquals(Map.of("acceptance", "PARTIALLY_REFUSED", "licenceNumber", "JSHW-1", "reason", "wet", "receiverPartyId", "30",
                "refusedKg", "4.5"), receipt.facts());
        CustodyEvent collected = CustodyRules.decide(container(ContainerState.ISSUED), new CustodyCommand.Collect("20263202000001",
                new BigDecimal("100"), 7L), null, as(COLLECTOR, Role.DRIVER)) instanceof Decision.Accepted a ? a.events().get(0) : null;
        assertEquals(Map.of("collectorPartyId", "10", "vehicleId", "7"), collected.facts(), "the collection names its vehicle");
    }

    @Test
    void collect_fails_forAnotherCollectorsDriver_orTheWrongManifest_orAVehicleNotTheCollectors() {
        assertEquals(Rejection.Kind.FORBIDDEN, rejection(CustodyRules.decide(container(ContainerState.ISSUED),
                new CustodyCommand.Collect("20263202000001", BigDecimal.TEN, null), null, as(99, Role.DRIVER))).kind());
        assertEquals("label-mismatch", rejection(CustodyRules.decide(container(ContainerState.ISSUED),
                new CustodyCommand.Collect("20263202000002", BigDecimal.TEN, null), null, as(COLLECTOR, Role.DRIVER))).slug());
        assertEquals("vehicle", rejection(CustodyRules.decide(container(ContainerState.ISSUED),
                new CustodyCommand.Collect("20263202000001", BigDecimal.TEN, 8L), null, as(COLLECTOR, Role.DRIVER))).slug());
    }

    @Test
    void load_fails_forAnUnknownTransfer_anUndeclaredLabel_orAnUnlicensedReceiver() {
        assertEquals(Rejection.Kind.NOT_FOUND, rejection(CustodyRules.decide(container(ContainerState.IN_STORAGE),
                new CustodyCommand.Load("20263202999999"), null, as(COLLECTOR, Role.DRIVER))).kind());
        World undeclared = new World();
        undeclared.declared = false;
        assertEquals("label-mismatch", rejection(CustodyRules.decide(container(ContainerState.IN_STORAGE),
                new CustodyCommand.Load(TRANSFER.number()), null, as(undeclared, COLLECTOR, Role.DRIVER))).slug());
        World unlicensed = new World();
        unlicensed.licensed = false;
        Rejection r = rejection(CustodyRules.decide(container(ContainerState.IN_STORAGE), new CustodyCommand.Load(TRANSFER.number()), null,
                as(unlicensed, COLLECTOR, Role.DRIVER)));
        assertEquals("licence-refused", r.slug());
        assertEquals("NOT_COVERED", r.extensions().get("reason"));
    }

    @Test
    void receive_fails_withoutAReasonForARefusal_orWithAPartialRefusalNotBelowTheWeight() {
        assertEquals("refusal-reason", rejection(CustodyRules.decide(container(ContainerState.IN_TRANSIT),
                new CustodyCommand.Receive(TRANSFER.number(), BigDecimal.TEN, Acceptance.REFUSED, null, " "), null,
                as(RECEIVER, Role.RECEIVER_OPERATOR))).slug());
        assertEquals("refused-kg", rejection(CustodyRules.decide(container(ContainerState.IN_TRANSIT),
                new CustodyCommand.Receive(TRANSFER.number(), BigDecimal.TEN, Acceptance.PARTIALLY_REFUSED, BigDecimal.TEN, "wet"), null,
                as(RECEIVER, Role.RECEIVER_OPERATOR))).slug());
    }

    @Test
    void dispose_fails_whenDatedBeforeTheReceipt_orInTheFuture_orWithAnUnknownMethod() {
        Situation receiver = as(RECEIVER, Role.RECEIVER_OPERATOR);
        Rejection before = rejection(CustodyRules.decide(container(ContainerState.RECEIVED),
                new CustodyCommand.Dispose("D10", "CZ-1", LocalDate.of(1900, 1, 1)), null, receiver));
        assertEquals("disposal-date", before.slug());
        assertTrue(before.detail().contains("before the container was received (2026-12-01)"), before.detail());
        assertEquals("disposal-date", rejection(CustodyRules.decide(container(ContainerState.RECEIVED),
                new CustodyCommand.Dispose("D10", "CZ-1", TODAY.plusDays(1)), null, receiver)).slug());
        assertEquals("disposal-method", rejection(CustodyRules.decide(container(ContainerState.RECEIVED),
                new CustodyCommand.Dispose("X1", "CZ-1", TODAY), null, receiver)).slug());
        assertInstanceOf(Decision.Accepted.class, CustodyRules.decide(container(ContainerState.RECEIVED),
                new CustodyCommand.Dispose("D10", "CZ-1", LocalDate.of(2026, 12, 1)), null, receiver), "the day of the receipt is fine");
    }

    @Test
    void decide_fails_withStaleVersion_beforeAnythingElse() {
        Rejection r = rejection(CustodyRules.decide(container(ContainerState.ISSUED), new CustodyCommand.Cancel("x"), 2, as(99)));
        assertEquals(Rejection.Kind.STALE_VERSION, r.kind());
        assertEquals(3, r.extensions().get("currentVersion"));
    }

    @Test
    void evolve_foldsAContainerThroughItsWholeLife() {
        Instant t = Instant.parse("2026-12-02T01:00:00Z");
        ContainerSnapshot c = ContainerSnapshot.blank(1, "LABEL-1", 100, GENERATOR, "900-249-08", new BigDecimal("100.00"));
        c = CustodyRules.evolve(c, new CustodyEvent.LabelIssued(GENERATOR, "900-249-08", new BigDecimal("100.00"), List.of("T", "I"), "k1"), t);
        assertEquals(ContainerState.ISSUED, c.state());
        assertEquals(0, c.version());
        assertEquals(GENERATOR, c.custodianPartyId());
        c = CustodyRules.evolve(c, new CustodyEvent.ContainerCollected(COLLECTOR, 7L, new BigDecimal("110.00"), true), t);
        assertEquals(new BigDecimal("110.00"), c.collectedKg());
        assertTrue(c.weightFlag());
        c = CustodyRules.evolve(c, new CustodyEvent.ContainerStored(POINT, COLLECTOR, new BigDecimal("109.00"), false), t);
        assertEquals(POINT, c.storagePointId());
        c = CustodyRules.evolve(c, new CustodyEvent.ContainerLoaded(TRANSFER.id(), null), t);
        assertNull(c.storagePointId(), "no longer at the point");
        assertEquals(POINT, c.lastStoragePointId(), "but it remembers where it was stored");
        c = CustodyRules.evolve(c, new CustodyEvent.ContainerRefused(TRANSFER.id(), null, COLLECTOR, new BigDecimal("109.00"), false, "leaking"), t);
        assertEquals(Acceptance.REFUSED, c.acceptance());
        assertEquals(COLLECTOR, c.custodianPartyId(), "refused waste goes back to the shipper");
        c = CustodyRules.evolve(c, new CustodyEvent.ContainerStored(POINT, COLLECTOR, new BigDecimal("109.00"), false), t);
        assertNull(c.transferId());
        c = CustodyRules.evolve(c, new CustodyEvent.ContainerLoaded(TRANSFER.id(), null), t);
        c = CustodyRules.evolve(c, new CustodyEvent.ContainerReceived(TRANSFER.id(), null, RECEIVER, new BigDecimal("108.00"), false,
                Acceptance.PARTIALLY_REFUSED, new BigDecimal("8.00"), "wet", "JSHW-1"), t);
        assertEquals(new BigDecimal("100.00"), c.receivedKg());
        assertEquals(RECEIVER, c.custodianPartyId());
        c = CustodyRules.evolve(c, new CustodyEvent.ContainerDisposed(TRANSFER.id(), null, "D10", "CZ-1", TODAY), t);
        assertEquals(ContainerState.DISPOSED, c.state());
        assertEquals("D10", c.disposalMethod());
        assertEquals(8, c.version());
        assertTrue(c.weightFlag(), "a weight flag is never cleared");
    }

    @Test
    void weightTolerance_isAFraction() {
        BigDecimal five = new BigDecimal("0.05");
        assertFalse(CustodyRules.weightDeviates(null, new BigDecimal("100"), five));
        assertFalse(CustodyRules.weightDeviates(new BigDecimal("100"), new BigDecimal("105"), five));
        assertTrue(CustodyRules.weightDeviates(new BigDecimal("100"), new BigDecimal("105.01"), five));
        assertTrue(CustodyRules.weightDeviates(new BigDecimal("100"), new BigDecimal("94.9"), five));
    }

    private static Rejection rejection(Decision d) {
        return assertInstanceOf(Decision.Rejected.class, d, String.valueOf(d)).rejection();
    }
}
