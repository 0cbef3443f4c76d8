package cn.hazchain.party;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A vehicle of a carrier or collector, with its dangerous-goods road transport permit. */
@Entity
@Table(name = "vehicle")
public class Vehicle extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "owner_party_id")
    public Long ownerPartyId;

    public String plate;

    @Column(name = "dg_permit_no")
    public String dgPermitNo;

    /** The last day the dangerous-goods road transport permit is valid (null: not on file, so not usable on a transfer). */
    @Column(name = "dg_permit_valid_to")
    public java.time.LocalDate dgPermitValidTo;

    @Column(name = "capacity_kg")
    public int capacityKg;

    /** Litres it carries (V47); null: not on file, the planner does not limit it. */
    @Column(name = "capacity_litres")
    public Integer capacityLitres;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Version
    public int version;
}
