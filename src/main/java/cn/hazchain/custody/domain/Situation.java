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

    public record ManifestRef(long id, String number, long collectorPartyId, Long generatorPartyId) {
    }

    /** A party as the rules need it: its kind (a {@code PartyKind} name) and, for a storage point, its collector. */
    public record PartyRef(long id, String kind, Long parentId) {
        public boolean isStoragePoint() {
            return "STORAGE_POINT".equals(kind);
        }
    }

    public record TransferRef(long id, String number, long shipperPartyId, long originPartyId, long carrierPartyId, long receiverPartyId) {
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

        boolean isTreatmentMethod(String code);

        /**
         * The licence decision for a hand-over (LicenceRules over the party's licences), counting what was received
         * earlier in the same unit of work as taken.
         */
        LicenceRules.Decision licence(long partyId, String wasteCode, LocalDate day, BigDecimal tonnes);
    }
}
