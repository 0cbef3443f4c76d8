package cn.hazchain.manifest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
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

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "cancelled_by")
    public Long cancelledBy;

    @Column(name = "cancel_reason")
    public String cancelReason;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Version
    public int version;

    public static Optional<Manifest> byNumber(String number) {
        return find("number", number).firstResultOptional();
    }
}
