package cn.hazchain.custody;

import cn.hazchain.party.Party;
import cn.hazchain.party.PartySnapshot;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
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

    /** The shipper (移出人) as the transfer was created (V40): what its PDF and road-check page print. */
    @Embedded
    @AttributeOverride(name = "name", column = @Column(name = "shipper_name"))
    @AttributeOverride(name = "uscc", column = @Column(name = "shipper_uscc"))
    @AttributeOverride(name = "contactName", column = @Column(name = "shipper_contact_name"))
    @AttributeOverride(name = "contactPhone", column = @Column(name = "shipper_contact_phone"))
    @AttributeOverride(name = "address", column = @Column(name = "shipper_address"))
    @AttributeOverride(name = "town", column = @Column(name = "shipper_town"))
    public PartySnapshot shipper;

    /** The carrier (承运人) as created (V40). */
    @Embedded
    @AttributeOverride(name = "name", column = @Column(name = "carrier_name"))
    @AttributeOverride(name = "uscc", column = @Column(name = "carrier_uscc"))
    @AttributeOverride(name = "contactName", column = @Column(name = "carrier_contact_name"))
    @AttributeOverride(name = "contactPhone", column = @Column(name = "carrier_contact_phone"))
    @AttributeOverride(name = "address", column = @Column(name = "carrier_address"))
    @AttributeOverride(name = "town", column = @Column(name = "carrier_town"))
    public PartySnapshot carrier;

    /** The receiver (接受人) as created (V40). */
    @Embedded
    @AttributeOverride(name = "name", column = @Column(name = "receiver_name"))
    @AttributeOverride(name = "uscc", column = @Column(name = "receiver_uscc"))
    @AttributeOverride(name = "contactName", column = @Column(name = "receiver_contact_name"))
    @AttributeOverride(name = "contactPhone", column = @Column(name = "receiver_contact_phone"))
    @AttributeOverride(name = "address", column = @Column(name = "receiver_address"))
    @AttributeOverride(name = "town", column = @Column(name = "receiver_town"))
    public PartySnapshot receiver;

    @Version
    public int version;

    /** The shipper as created; a row written without its snapshot (a bulk load) falls back to the party as it is now. */
    public PartySnapshot shipperAtCreation() {
        return shipper != null ? shipper : PartySnapshot.of(Party.findById(shipperPartyId));
    }

    /** The carrier as created (same fallback). */
    public PartySnapshot carrierAtCreation() {
        return carrier != null ? carrier : PartySnapshot.of(Party.findById(carrierPartyId));
    }

    /** The receiver as created (same fallback). */
    public PartySnapshot receiverAtCreation() {
        return receiver != null ? receiver : PartySnapshot.of(Party.findById(receiverPartyId));
    }

    public static Optional<Transfer> byNumber(String number) {
        return find("number", number == null ? "" : number.strip()).firstResultOptional();
    }
}
