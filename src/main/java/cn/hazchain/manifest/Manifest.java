package cn.hazchain.manifest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartySnapshot;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/** A hazardous-waste transfer manifest (危险废物转移联单). A pickup manifest covers one generator's pickup. */
@Entity
@Table(name = "manifest")
public class Manifest extends PanacheEntityBase {

    public enum Kind { PICKUP, TRANSFER }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(columnDefinition = "bpchar")
    public String number;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    @Column(name = "generator_party_id")
    public Long generatorPartyId;

    @Column(name = "collector_party_id")
    public Long collectorPartyId;

    @Column(name = "catalogue_edition")
    public String catalogueEdition;

    @Column(name = "pickup_date")
    public LocalDate pickupDate;

    @Column(name = "emergency_measures")
    public String emergencyMeasures;

    public String note;

    @Column(name = "created_by")
    public Long createdBy;

    @Column(name = "request_id")
    public UUID requestId;

    /** The round (trip) and vehicle that collected it, set by its first collection that named them (custody writes them). */
    @Column(name = "round_id", insertable = false, updatable = false)
    public Long roundId;

    @Column(name = "vehicle_id", insertable = false, updatable = false)
    public Long vehicleId;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "cancelled_by")
    public Long cancelledBy;

    @Column(name = "cancel_reason")
    public String cancelReason;

    /** When it was issued (set by the issue: the demo's history issues in the past). */
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    /** The generator as issued (V31): what the manifest, its labels and the verification page print. */
    @Embedded
    @AttributeOverride(name = "name", column = @Column(name = "generator_name"))
    @AttributeOverride(name = "uscc", column = @Column(name = "generator_uscc"))
    @AttributeOverride(name = "contactName", column = @Column(name = "generator_contact_name"))
    @AttributeOverride(name = "contactPhone", column = @Column(name = "generator_contact_phone"))
    @AttributeOverride(name = "address", column = @Column(name = "generator_address"))
    @AttributeOverride(name = "town", column = @Column(name = "generator_town"))
    public PartySnapshot generator;

    /** The collector as issued (V31). */
    @Embedded
    @AttributeOverride(name = "name", column = @Column(name = "collector_name"))
    @AttributeOverride(name = "uscc", column = @Column(name = "collector_uscc"))
    @AttributeOverride(name = "contactName", column = @Column(name = "collector_contact_name"))
    @AttributeOverride(name = "contactPhone", column = @Column(name = "collector_contact_phone"))
    @AttributeOverride(name = "address", column = @Column(name = "collector_address"))
    @AttributeOverride(name = "town", column = @Column(name = "collector_town"))
    public PartySnapshot collector;

    @Version
    public int version;

    /** The generator as issued; a row written without its snapshot (a bulk load) falls back to the party as it is now. */
    public PartySnapshot generatorAtIssue() {
        return generator != null ? generator : PartySnapshot.of(Party.findById(generatorPartyId));
    }

    /** The collector as issued (same fallback). */
    public PartySnapshot collectorAtIssue() {
        return collector != null ? collector : PartySnapshot.of(Party.findById(collectorPartyId));
    }

    public static Optional<Manifest> byNumber(String number) {
        return find("number", number).firstResultOptional();
    }
}
