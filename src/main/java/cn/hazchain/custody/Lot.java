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

/** Whole containers of one waste code consolidated at a storage point. */
@Entity
@Table(name = "lot")
public class Lot extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "storage_point_id")
    public Long storagePointId;

    @Column(name = "waste_code", columnDefinition = "bpchar")
    public String wasteCode;

    @Column(name = "created_by")
    public Long createdBy;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Version
    public int version;
}
