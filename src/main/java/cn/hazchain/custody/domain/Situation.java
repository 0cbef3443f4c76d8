package cn.hazchain.custody.domain;

import cn.hazchain.licence.LicenceRules;
import cn.hazchain.security.Role;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * Everything besides the container that deciding a command needs: who acts, what day it is, the custody settings,
 * and the records the command names, looked up by the caller beforehand (one command, or a whole chunk of a
 * handheld sync at once). Plain data: deciding is a pure function of the container, the command and this.
 */
public record Situation(Actor actor, LocalDate today, ZoneId zone, BigDecimal weightTolerance, Lookup lookup) {

    /** Who acts: the user, the party they act for, and their roles. */
    public record Actor(long userId, long partyId, Set<Role> roles) {
        public boolean has(Role... any) {
            for (Role r : any) {
                if (roles.contains(r)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A manifest, with the round (trip) and vehicle that collected it once a collection named them. */
    public record ManifestRef(long id, String number, long collectorPartyId, Long generatorPartyId, Long roundId, Long vehicleId) {
        public ManifestRef(long id, String number, long collectorPartyId, Long generatorPartyId) {
            this(id, number, collectorPartyId, generatorPartyId, null, null);
        }
    }

    /** A collection round (trip): its collector, vehicle, driver, day and the generators it stops at. */
    public record RoundRef(long id, long collectorPartyId, long vehicleId, long driverUserId, LocalDate date, Set<Long> generators) {
    }

    /** A party as the rules need it: its kind (a {@code PartyKind} name) and, for a storage point, its collector. */
    public record PartyRef(long id, String kind, Long parentId) {
        public boolean isStoragePoint() {
            return "STORAGE_POINT".equals(kind);
        }
    }

    /**
     * A transfer as the rules need it: its parties, vehicle (with its dangerous-goods permit number) and driver, and
     * when it left and arrived (null: not yet).
     */
    public record TransferRef(long id, String number, long shipperPartyId, long originPartyId, long carrierPartyId, long receiverPartyId,
                              Long vehicleId, String vehiclePermitNo, Long driverUserId, java.time.Instant departedAt,
                              java.time.Instant arrivedAt) {
        public TransferRef(long id, String number, long shipperPartyId, long originPartyId, long carrierPartyId, long receiverPartyId) {
            this(id, number, shipperPartyId, originPartyId, carrierPartyId, receiverPartyId, null, null, null, null, null);
        }
    }

    public record LotRef(long id, long storagePointId, String wasteCode) {
    }

    /** The records a command may name; each answers null (or false) for what does not exist. */
    public interface Lookup {
        ManifestRef manifest(long manifestId);

        PartyRef party(long partyId);

        /** The party owning the vehicle, or null when there is no such vehicle. */
        Long vehicleOwner(long vehicleId);

        TransferRef transfer(long transferId);

        /** A transfer by its number, or null when there is none or the actor may not see it. */
        TransferRef transferByNumber(String number);

        /** Whether the transfer declares the container (a label not declared is refused at loading). */
        boolean declared(long transferId, long containerId);

        LotRef lot(long lotId);

        /** A collection round, or null when there is none. */
        RoundRef round(long roundId);

        /** The manifest of a generator already collected on a round (this unit of work's collections included), or null. */
        Long manifestOnRound(long roundId, long generatorPartyId);

        /**
         * Checks a confirmation code entered at a stop for the generator's pickup (recording the attempt, throttled:
         * see PickupConfirmations). Called once per distinct attempt of a unit of work.
         */
        PickupConfirmation.Checked checkConfirmation(long generatorPartyId, PickupConfirmation.Attempt attempt);

        boolean isTreatmentMethod(String code);

        /** The methods the party's licences covering the code permit on the day; empty: not restricted (none on file). */
        java.util.Set<String> licensedMethods(long partyId, String wasteCode, LocalDate day);

        /**
         * The licence decision for a hand-over (LicenceRules over the party's licences), counting what was received
         * earlier in the same unit of work as taken.
         */
        LicenceRules.Decision licence(long partyId, String wasteCode, LocalDate day, BigDecimal tonnes);

        /** Which wastes may not share a vehicle or a lot (issue #17); none by default. */
        default cn.hazchain.catalogue.CoLoading coLoading() {
            return cn.hazchain.catalogue.CoLoading.NONE;
        }

        /** Waste codes now on the vehicle of a round: collected on it and not yet stored (this unit of work's included). */
        default Set<String> codesOnRound(long roundId) {
            return Set.of();
        }

        /** Waste codes loaded on a transfer (this unit of work's included). */
        default Set<String> codesOnTransfer(long transferId) {
            return Set.of();
        }
    }
}
