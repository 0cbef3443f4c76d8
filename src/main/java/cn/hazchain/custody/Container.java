package cn.hazchain.custody;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A labelled container: the unit of custody. Its custody columns are the fold of its events
 * ({@code custody.domain.CustodyRules.evolve}), written by {@link ContainerStore} in the transaction that appends
 * them; this entity is for reading (and for creating a container at issue).
 */
@Entity
@Table(name = "container")
public class Container extends PanacheEntityBase {

    public enum Type { DRUM, IBC, BAG, BOX, BOTTLE, OTHER }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "label_id", columnDefinition = "bpchar")
    public String labelId;

    @Column(name = "manifest_id")
    public Long manifestId;

    @Column(name = "line_id")
    public Long lineId;

    @Column(name = "generator_party_id")
    public Long generatorPartyId;

    @Column(name = "waste_code", columnDefinition = "bpchar")
    public String wasteCode;

    @Enumerated(EnumType.STRING)
    @Column(name = "container_type")
    public Type containerType;

    @Column(name = "volume_litres")
    public int volumeLitres;

    @Column(name = "estimated_weight_kg")
    public BigDecimal estimatedWeightKg;

    @Column(name = "generation_date")
    public LocalDate generationDate;

    /** CONFIRMED, UNCONFIRMED or DISPUTED once collected (null: not collected, or collected before confirmations). */
    @Column(name = "pickup_confirmation", insertable = false, updatable = false)
    public String pickupConfirmation;

    /** The custody state, as a name of {@code ContainerState}. */
    public String state;

    @Column(name = "label_key_id")
    public String labelKeyId;

    @Column(name = "label_token")
    public String labelToken;

    /** Who holds the container now (generator, collector, receiver). */
    @Column(name = "custodian_party_id")
    public Long custodianPartyId;

    /** The storage point holding it now (IN_STORAGE only). */
    @Column(name = "storage_point_id")
    public Long storagePointId;

    /** The storage point it was last stored at, kept after it leaves. */
    @Column(name = "last_storage_point_id")
    public Long lastStoragePointId;

    @Column(name = "lot_id")
    public Long lotId;

    @Column(name = "transfer_id")
    public Long transferId;

    @Column(name = "last_weight_kg")
    public BigDecimal lastWeightKg;

    @Column(name = "collected_weight_kg")
    public BigDecimal collectedWeightKg;

    @Column(name = "received_weight_kg")
    public BigDecimal receivedWeightKg;

    @Column(name = "refused_weight_kg")
    public BigDecimal refusedWeightKg;

    /** ACCEPTED, PARTIALLY_REFUSED or REFUSED once received. */
    public String acceptance;

    @Column(name = "disposal_method")
    public String disposalMethod;

    /** Set when two weighings differed by more than the tolerance; never cleared. */
    @Column(name = "weight_flag")
    public boolean weightFlag;

    @Column(name = "last_event_at")
    public Instant lastEventAt;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", insertable = false)
    public Instant updatedAt;

    @Version
    public int version;

    @PreUpdate
    void touch() {
        updatedAt = Instant.now();
    }

    public static Optional<Container> byLabelId(String labelId) {
        return find("labelId", labelId).firstResultOptional();
    }
}
