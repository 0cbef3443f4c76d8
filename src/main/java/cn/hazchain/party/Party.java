package cn.hazchain.party;

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

/** An organisation in the chain, identified by its USCC. Never deleted. */
@Entity
@Table(name = "party")
public class Party extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(columnDefinition = "bpchar")
    public String uscc;

    @Enumerated(EnumType.STRING)
    public PartyKind kind;

    public String name;
    public String town;
    public String address;

    @Column(name = "contact_name")
    public String contactName;

    @Column(name = "contact_phone")
    public String contactPhone;

    public Double latitude;
    public Double longitude;
    public String industry;

    @Column(name = "annual_generation_t")
    public BigDecimal annualGenerationTonnes;

    /** For a storage point: the collector it belongs to. */
    @Column(name = "parent_id")
    public Long parentId;

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
}
