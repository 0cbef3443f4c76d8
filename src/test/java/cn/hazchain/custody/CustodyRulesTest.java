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
import cn.hazchain.custody.domain.PickupConfirmation;
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
        put(CommandKind.LOAD, ContainerState.REFUSED, ContainerState.IN_TRANSIT);
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

    /** Commands that record a fact without moving the container. */
    static final Set<CommandKind> FACTS = Set.of(CommandKind.CONFIRM_PICKUP, CommandKind.DEPART, CommandKind.ARRIVE,
            CommandKind.ACKNOWLEDGE_DISCREPANCY, CommandKind.CORRECT);

    static final Situation.RoundRef ROUND = new Situation.RoundRef(40, COLLECTOR, 7, 1, TODAY, Set.of(GENERATOR));

    static class World implements Situation.Lookup {
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

        java.util.Set<String> methods = Set.of();

        public java.util.Set<String> licensedMethods(long partyId, String wasteCode, LocalDate day) {
            return methods;
        }

        public boolean isTreatmentMethod(String code) {
            return Set.of("D10", "R9").contains(code);
        }

        public Situation.RoundRef round(long id) {
            return id == ROUND.id() ? ROUND : id == 41 ? new Situation.RoundRef(41, 99, 7, 1, TODAY, Set.of(GENERATOR)) : null;
        }

        Long onRound;

        public Long manifestOnRound(long roundId, long generatorPartyId) {
            return onRound;
        }

        final List<PickupConfirmation.Attempt> checked = new java.util.ArrayList<>();

        public PickupConfirmation.Checked checkConfirmation(long generatorPartyId, PickupConfirmation.Attempt attempt) {
            checked.add(attempt);
            return "246810".equals(attempt.code()) ? new PickupConfirmation.Checked(PickupConfirmation.Check.CONFIRMED, 77L)
                    : new PickupConfirmation.Checked(PickupConfirmation.Check.WRONG_CODE, null);
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
        return container(state, "900-249-08");
    }

    static ContainerSnapshot container(ContainerState state, String wasteCode) {
        return new ContainerSnapshot(1, "LABEL-1", 100, GENERATOR, wasteCode, new BigDecimal("100.00"), state, 3, COLLECTOR,
                POINT, null, null,
                TRANSFER.id(),
                new BigDecimal("100.00"), null, null, null, null, null, false, Instant.parse("2026-12-01T02:00:00Z"),
                state == ContainerState.ISSUED || state == ContainerState.CANCELLED ? null : PickupConfirmation.Status.UNCONFIRMED);
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
            case CONFIRM_PICKUP -> CustodyRules.decide(container(state), new CustodyCommand.ConfirmPickup(PickupConfirmation.Decision.CONFIRM, null),
                    null, as(GENERATOR, Role.GENERATOR_STAFF));
            case DEPART -> CustodyRules.decide(container(state), new CustodyCommand.Depart(TRANSFER.number()), null, as(COLLECTOR, Role.DRIVER));
            case ARRIVE -> CustodyRules.decide(container(state), new CustodyCommand.Arrive(TRANSFER.number()), null, as(RECEIVER, Role.RECEIVER_OPERATOR));
            case CORRECT -> CustodyRules.decide(container(state), new CustodyCommand.ApplyCorrection(9, 2, cn.hazchain.custody.domain.EventType.CONTAINER_COLLECTED,
                    cn.hazchain.custody.domain.CorrectedField.WEIGHT, "100.00", "98.00", null, "scale", GENERATOR), null, as(GENERATOR, Role.GENERATOR_STAFF));
            case ACKNOWLEDGE_DISCREPANCY -> CustodyRules.decide(container(state), new CustodyCommand.AcknowledgeDiscrepancy(1, TRANSFER.id(), COLLECTOR, "seen"), null,
                    as(COLLECTOR, Role.COLLECTOR_OPERATOR));
        };
    }

    @Test
    void decide_followsTheWholeTransitionTable() {
        int allowed = 0;
        int rejected = 0;
        for (ContainerState state : ContainerState.values()) {
            for (CommandKind command : CommandKind.values()) {
                Decision d = decide(state, command);
                if (FACTS.contains(command)) {
                    continue; // facts, not transitions: tested on their own below
                }
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
        assertEquals(11, allowed);
        assertEquals(ContainerState.values().length * (CommandKind.values().length - FACTS.size()) - 11, rejected);
    }

    @Test
    void decide_fails_forTerminalStates() {
        for (CommandKind command : CommandKind.values()) {
            if (command == CommandKind.CONFIRM_PICKUP || command == CommandKind.ACKNOWLEDGE_DISCREPANCY || command == CommandKind.CORRECT) {
                // a pickup may still be confirmed, a discrepancy acknowledged, after the waste was disposed of: facts about the past
                assertInstanceOf(Decision.Accepted.class, decide(ContainerState.DISPOSED, command));
                assertInstanceOf(Decision.Rejected.class, decide(ContainerState.CANCELLED, command));
                continue;
            }
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
        assertEquals(Map.of("collectorPartyId", "10", "vehicleId", "7", "confirmation", "MISSING"), collected.facts(),
                "the collection names its vehicle, and that the generator did not confirm it at the stop");
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

    /** A world whose round's vehicle and transfer already carry an alkali (issue #17). */
    static World alkaliAboard() {
        return new World() {
            @Override
            public cn.hazchain.catalogue.CoLoading coLoading() {
                return cn.hazchain.catalogue.CoLoadingTest.RULES;
            }

            @Override
            public Set<String> codesOnRound(long roundId) {
                return Set.of("900-352-35");
            }

            @Override
            public Set<String> codesOnTransfer(long transferId) {
                return Set.of("900-352-35");
            }
        };
    }

    @Test
    void collect_failsUnprocessable_namingThePair_whenTheRoundsVehicleCarriesAnIncompatibleWaste() {
        Rejection r = rejection(CustodyRules.decide(container(ContainerState.ISSUED, "900-300-34"),
                new CustodyCommand.Collect("20263202000001", BigDecimal.TEN, null, ROUND.id(), null), null, as(alkaliAboard(), COLLECTOR, Role.DRIVER)));
        assertEquals("coloading-incompatible", r.slug());
        assertEquals(422, r.kind().status());
        assertEquals(List.of("900-300-34", "900-352-35"), r.extensions().get("incompatiblePair"));
        assertTrue(r.detail().contains("round " + ROUND.id()), r.detail());
        assertTrue(CustodyRules.decide(container(ContainerState.ISSUED, "900-249-08"), new CustodyCommand.Collect("20263202000001", BigDecimal.TEN,
                null, ROUND.id(), null), null, as(alkaliAboard(), COLLECTOR, Role.DRIVER)) instanceof Decision.Accepted, "waste oil may join");
        assertTrue(CustodyRules.decide(container(ContainerState.ISSUED, "900-300-34"), new CustodyCommand.Collect("20263202000001", BigDecimal.TEN,
                null), null, as(alkaliAboard(), COLLECTOR, Role.DRIVER)) instanceof Decision.Accepted, "a collection on no round has no load to check");
    }

    @Test
    void load_failsUnprocessable_namingThePair_whenTheTransferCarriesAnIncompatibleWaste_butAResendIsStillAConflict() {
        Rejection r = rejection(CustodyRules.decide(container(ContainerState.IN_STORAGE, "900-052-31"), new CustodyCommand.Load(TRANSFER.number()),
                null, as(alkaliAboard(), COLLECTOR, Role.DRIVER)));
        assertEquals("coloading-incompatible", r.slug());
        assertEquals(List.of("900-052-31", "900-352-35"), r.extensions().get("incompatiblePair"));
        assertEquals("illegal-transition", rejection(CustodyRules.decide(container(ContainerState.IN_TRANSIT, "900-052-31"),
                new CustodyCommand.Load(TRANSFER.number()), null, as(alkaliAboard(), COLLECTOR, Role.DRIVER))).slug(),
                "the state machine answers first: a resent loading is told the container moved on");
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

    // ---- trips and the generator's confirmation (issue #15, points 1 and 2) ----------------------------------------

    private static Decision collect(World w, Long vehicle, Long round, PickupConfirmation.Attempt confirmation) {
        return CustodyRules.decide(container(ContainerState.ISSUED), new CustodyCommand.Collect("20263202000001", new BigDecimal("100"), vehicle,
                round, confirmation), null, as(w, COLLECTOR, Role.DRIVER));
    }

    @Test
    void collect_onARound_recordsTheTripAndItsVehicle_andTheCodeAsChecked() {
        World w = new World();
        CustodyEvent.ContainerCollected e = (CustodyEvent.ContainerCollected) ((Decision.Accepted) collect(w, null, ROUND.id(),
                new PickupConfirmation.Attempt("gen", "246810"))).events().get(0);
        assertEquals(ROUND.id(), e.roundId());
        assertEquals(7L, e.vehicleId(), "the round's vehicle, when the scan names none");
        assertEquals(PickupConfirmation.Check.CONFIRMED, e.confirmation());
        assertEquals(77L, e.confirmedByUserId());
        assertEquals(Map.of("collectorPartyId", "10", "vehicleId", "7", "roundId", "40", "confirmation", "CONFIRMED", "confirmedByUserId", "77",
                "confirmedVia", "HANDHELD_CODE"), e.facts(), "who confirmed, and how, is part of the hashed event");
        assertEquals(PickupConfirmation.Status.CONFIRMED, CustodyRules.evolve(container(ContainerState.ISSUED), e, Instant.now()).pickupConfirmation());

        CustodyEvent.ContainerCollected wrong = (CustodyEvent.ContainerCollected) ((Decision.Accepted) collect(w, null, ROUND.id(),
                new PickupConfirmation.Attempt("gen", "111112"))).events().get(0);
        assertEquals(PickupConfirmation.Check.WRONG_CODE, wrong.confirmation(), "a wrong code never loses the collection");
        assertNull(wrong.confirmedByUserId());
        assertEquals(PickupConfirmation.Status.UNCONFIRMED, CustodyRules.evolve(container(ContainerState.ISSUED), wrong, Instant.now())
                .pickupConfirmation());
    }

    @Test
    void collect_fails_forARoundOfAnotherCollector_aRoundWithoutTheStop_anotherVehicle_orASecondManifestOnOneTrip() {
        assertEquals("round", rejection(collect(new World(), null, 41L, null)).slug());
        assertEquals("round", rejection(collect(new World(), null, 42L, null)).slug(), "no such round");
        assertEquals("vehicle", rejection(collect(new World(), 9L, ROUND.id(), null)).slug());
        World second = new World();
        second.onRound = 555L;
        Rejection one = rejection(collect(second, null, ROUND.id(), null));
        assertEquals("one-manifest-per-trip", one.slug());
        assertEquals(422, one.kind().status());
        World elsewhere = new World() {
            @Override
            public Situation.ManifestRef manifest(long id) {
                return new Situation.ManifestRef(id, "20263202000001", COLLECTOR, GENERATOR, 39L, 7L);
            }
        };
        assertEquals("trip", rejection(collect(elsewhere, null, ROUND.id(), null)).slug(), "a manifest is collected on one trip");
        assertEquals(39L, ((CustodyEvent.ContainerCollected) ((Decision.Accepted) collect(elsewhere, null, null, null)).events().get(0)).roundId(),
                "a later collection without a round keeps the manifest's trip");
    }

    @Test
    void collect_thatCannotApply_neverChecksTheCode() {
        World w = new World();
        CustodyRules.decide(container(ContainerState.COLLECTED), new CustodyCommand.Collect("20263202000001", BigDecimal.TEN, null, null,
                new PickupConfirmation.Attempt("gen", "000001")), null, as(w, COLLECTOR, Role.DRIVER));
        assertTrue(w.checked.isEmpty(), "a resend of an applied collection must not count as a guess");
    }

    @Test
    void confirmPickup_recordsAFactWithoutMovingTheContainer() {
        ContainerSnapshot c = container(ContainerState.IN_STORAGE);
        CustodyEvent e = ((Decision.Accepted) CustodyRules.decide(c, new CustodyCommand.ConfirmPickup(PickupConfirmation.Decision.CONFIRM, null),
                null, as(GENERATOR, Role.GENERATOR_STAFF))).events().get(0);
        assertEquals("PICKUP_CONFIRMED", e.type().name());
        assertNull(e.to());
        ContainerSnapshot after = CustodyRules.evolve(c, e, Instant.parse("2026-12-02T08:00:00Z"));
        assertEquals(ContainerState.IN_STORAGE, after.state());
        assertEquals(PickupConfirmation.Status.CONFIRMED, after.pickupConfirmation());
        assertEquals(c.lastEventAt(), after.lastEventAt(), "the container did not move");
        assertEquals(c.version() + 1, after.version());

        assertEquals(Rejection.Kind.CONFLICT, rejection(CustodyRules.decide(after, new CustodyCommand.ConfirmPickup(
                PickupConfirmation.Decision.CONFIRM, null), null, as(GENERATOR, Role.GENERATOR_STAFF))).kind(), "confirmed once");
        assertEquals("dispute-reason", rejection(CustodyRules.decide(c, new CustodyCommand.ConfirmPickup(PickupConfirmation.Decision.DISPUTE, " "),
                null, as(GENERATOR, Role.GENERATOR_STAFF))).slug());
        CustodyEvent disputed = ((Decision.Accepted) CustodyRules.decide(c, new CustodyCommand.ConfirmPickup(PickupConfirmation.Decision.DISPUTE,
                " two drums, not three "), null, as(GENERATOR, Role.GENERATOR_STAFF))).events().get(0);
        assertEquals(Map.of("disputedByUserId", "1", "reason", "two drums, not three"), disputed.facts());
        assertEquals(PickupConfirmation.Status.DISPUTED, CustodyRules.evolve(c, disputed, Instant.now()).pickupConfirmation());
        assertEquals(Rejection.Kind.FORBIDDEN, rejection(CustodyRules.decide(c, new CustodyCommand.ConfirmPickup(PickupConfirmation.Decision.CONFIRM,
                null), null, as(COLLECTOR, Role.DRIVER))).kind());
        assertEquals(Rejection.Kind.FORBIDDEN, rejection(CustodyRules.decide(c, new CustodyCommand.ConfirmPickup(PickupConfirmation.Decision.CONFIRM,
                null), null, as(99, Role.GENERATOR_STAFF))).kind(), "another generator's staff");
        ContainerSnapshot before = new ContainerSnapshot(c.id(), c.labelId(), c.manifestId(), c.generatorPartyId(), c.wasteCode(), c.estimatedKg(),
                c.state(), c.version(), c.custodianPartyId(), c.storagePointId(), c.lastStoragePointId(), c.lotId(), c.transferId(), c.lastWeightKg(),
                c.collectedKg(), c.receivedKg(), c.refusedKg(), c.acceptance(), c.disposalMethod(), c.weightFlag(), c.lastEventAt(), null);
        assertEquals("nothing-to-confirm", rejection(CustodyRules.decide(before, new CustodyCommand.ConfirmPickup(
                PickupConfirmation.Decision.CONFIRM, null), null, as(GENERATOR, Role.GENERATOR_STAFF))).slug());
        assertEquals(Rejection.Kind.ILLEGAL_TRANSITION, rejection(decide(ContainerState.ISSUED, CommandKind.CONFIRM_PICKUP)).kind(),
                "nothing was picked up yet");
    }

    @Test
    void departAndArrive_recordTheTransfersMovesOnEachContainer_once_inOrder() {
        CustodyEvent.TransferDeparted d = (CustodyEvent.TransferDeparted) ((Decision.Accepted) decide(ContainerState.IN_TRANSIT, CommandKind.DEPART))
                .events().get(0);
        assertNull(d.to());
        assertEquals(TRANSFER.id(), d.transferId());
        assertEquals(Rejection.Kind.ILLEGAL_TRANSITION, rejection(decide(ContainerState.IN_STORAGE, CommandKind.DEPART)).kind());
        assertEquals(Rejection.Kind.FORBIDDEN, rejection(CustodyRules.decide(container(ContainerState.IN_TRANSIT),
                new CustodyCommand.Depart(TRANSFER.number()), null, as(RECEIVER, Role.RECEIVER_OPERATOR))).kind());
        assertEquals("transfer 20263202000500 has not left yet: record its departure first",
                rejection(decide(ContainerState.IN_TRANSIT, CommandKind.ARRIVE)).detail());
        Instant left = Instant.parse("2026-12-02T01:00:00Z");
        Situation.TransferRef gone = new Situation.TransferRef(TRANSFER.id(), TRANSFER.number(), COLLECTOR, POINT, COLLECTOR, RECEIVER, 7L, "苏危1",
                5L, left, null);
        World w = new World() {
            @Override
            public Situation.TransferRef transferByNumber(String number) {
                return gone;
            }
        };
        assertEquals(Rejection.Kind.CONFLICT, rejection(CustodyRules.decide(container(ContainerState.IN_TRANSIT), new CustodyCommand.Depart(TRANSFER.number()),
                null, as(w, COLLECTOR, Role.DRIVER))).kind(), "a transfer leaves once");
        assertEquals("conflict", rejection(CustodyRules.decide(container(ContainerState.IN_STORAGE), new CustodyCommand.Load(TRANSFER.number()),
                null, as(w, COLLECTOR, Role.DRIVER))).slug(), "nothing is loaded after departure");
        CustodyEvent arrived = ((Decision.Accepted) CustodyRules.decide(container(ContainerState.IN_TRANSIT), new CustodyCommand.Arrive(TRANSFER.number()),
                null, new Situation(new Situation.Actor(5, 99, Set.of(Role.DRIVER)), TODAY, ZoneId.of("Asia/Shanghai"), new BigDecimal("0.05"), w)))
                .events().get(0);
        assertEquals("TRANSFER_ARRIVED", arrived.type().name(), "the transfer's own driver, whatever party");
        ContainerSnapshot c = container(ContainerState.IN_TRANSIT);
        assertEquals(ContainerState.IN_TRANSIT, CustodyRules.evolve(c, arrived, Instant.now()).state());
    }

    @Test
    void receive_recordsTypedDiscrepancies_aWeightBeyondToleranceIsOne_andTheyNeedAReason() {
        CustodyEvent.ContainerReceived r = (CustodyEvent.ContainerReceived) ((Decision.Accepted) CustodyRules.decide(container(ContainerState.IN_TRANSIT),
                new CustodyCommand.Receive(TRANSFER.number(), new BigDecimal("120"), Acceptance.ACCEPTED, null, "dented",
                        List.of(cn.hazchain.custody.domain.Discrepancy.PACKAGING)), null, as(RECEIVER, Role.RECEIVER_OPERATOR))).events().get(0);
        assertEquals(List.of(cn.hazchain.custody.domain.Discrepancy.QUANTITY, cn.hazchain.custody.domain.Discrepancy.PACKAGING), r.discrepancies(),
                "120 kg against 100: beyond the 5 % tolerance");
        assertEquals("QUANTITY,PACKAGING", r.facts().get("discrepancies"));
        assertEquals("dented", r.reason());
        assertEquals("discrepancy-reason", rejection(CustodyRules.decide(container(ContainerState.IN_TRANSIT), new CustodyCommand.Receive(
                TRANSFER.number(), new BigDecimal("100"), Acceptance.ACCEPTED, null, null, List.of(cn.hazchain.custody.domain.Discrepancy.HAZARDS)),
                null, as(RECEIVER, Role.RECEIVER_OPERATOR))).slug());
        CustodyEvent plain = ((Decision.Accepted) decide(ContainerState.IN_TRANSIT, CommandKind.RECEIVE)).events().get(0);
        assertTrue(!plain.facts().containsKey("discrepancies"), "no discrepancy, no fact: events written before them hash as they did");
    }

    @Test
    void aRefusedContainerGoesBackIntoStorage_orOnUnderANewTransfer() {
        assertTrue(CustodyRules.allows(ContainerState.REFUSED, CommandKind.LOAD));
        assertTrue(CustodyRules.allows(ContainerState.REFUSED, CommandKind.STORE));
        assertEquals(Rejection.Kind.FORBIDDEN, rejection(CustodyRules.decide(container(ContainerState.IN_TRANSIT),
                new CustodyCommand.AcknowledgeDiscrepancy(1, TRANSFER.id(), COLLECTOR, null), null, as(RECEIVER, Role.RECEIVER_OPERATOR))).kind(),
                "the shipper acknowledges what its receiver found");
    }

    @Test
    void aCorrectionIsAFactOnTop_theContainerTakesTheCorrectedValue() {
        ContainerSnapshot c = container(ContainerState.IN_STORAGE);
        c = CustodyRules.evolve(c, new CustodyEvent.ContainerCollected(COLLECTOR, null, new BigDecimal("100.00"), false), Instant.now());
        CustodyEvent e = ((Decision.Accepted) decide(ContainerState.IN_STORAGE, CommandKind.CORRECT)).events().get(0);
        assertNull(e.to());
        assertEquals("98.00", e.facts().get("to"));
        assertEquals("2", e.facts().get("correctedSeq"));
        ContainerSnapshot after = CustodyRules.evolve(c, e, Instant.now());
        assertEquals(new BigDecimal("98.00"), after.collectedKg());
        assertEquals(c.state(), after.state(), "a correction does not move the container");
        CustodyEvent code = new CustodyEvent.FactCorrected(10, 2, cn.hazchain.custody.domain.EventType.CONTAINER_COLLECTED,
                cn.hazchain.custody.domain.CorrectedField.WASTE_CODE, "900-249-08", "900-214-08", null, "wrong code");
        assertEquals("900-214-08", CustodyRules.evolve(after, code, Instant.now()).wasteCode());
        assertEquals(Rejection.Kind.FORBIDDEN, rejection(CustodyRules.decide(c, new CustodyCommand.ApplyCorrection(9, 2,
                cn.hazchain.custody.domain.EventType.CONTAINER_COLLECTED, cn.hazchain.custody.domain.CorrectedField.WEIGHT, "100.00", "98.00", null,
                "scale", GENERATOR), null, as(COLLECTOR, Role.COLLECTOR_OPERATOR))).kind(), "the approver appends it");
    }

    private static Rejection rejection(Decision d) {
        return assertInstanceOf(Decision.Rejected.class, d, String.valueOf(d)).rejection();
    }
}
