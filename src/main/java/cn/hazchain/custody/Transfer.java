package cn.hazchain.custody;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** A transfer manifest: one vehicle trip to one receiver, numbered like pickup manifests. */
@Entity
@Table(name = "transfer")
public class Transfer extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(columnDefinition = "bpchar")
    public String number;

    @Column(name = "shipper_party_id")
    public Long shipperPartyId;

    @Column(name = "origin_party_id")
    public Long originPartyId;

    @Column(name = "carrier_party_id")
    public Long carrierPartyId;

    @Column(name = "receiver_party_id")
    public Long receiverPartyId;

    @Column(name = "vehicle_id")
    public Long vehicleId;

    @Column(name = "driver_user_id")
    public Long driverUserId;

    @Column(name = "planned_date")
    public LocalDate plannedDate;

    @Column(name = "created_by")
    public Long createdBy;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    /** When it left and arrived, and who recorded it (written with the events, by TransferService). */
    @Column(name = "departed_at", insertable = false, updatable = false)
    public Instant departedAt;

    @Column(name = "arrived_at", insertable = false, updatable = false)
    public Instant arrivedAt;

    @Version
    public int version;

    public static Optional<Transfer> byNumber(String number) {
        return find("number", number == null ? "" : number.strip()).firstResultOptional();
    }
}
