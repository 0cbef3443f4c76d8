package cn.hazchain.mobile;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;

/** An enrolled handheld. Only an enrolled, unrevoked device can start a shift. Never deleted. */
@Entity
@Table(name = "device")
public class Device extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String serial;

    @Column(name = "owner_party_id")
    public Long ownerPartyId;

    public String model;
    public String note;

    @Column(name = "enrolled_by")
    public Long enrolledBy;

    @Column(name = "enrolled_at", insertable = false, updatable = false)
    public Instant enrolledAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by")
    public Long revokedBy;

    @Column(name = "revoke_reason")
    public String revokeReason;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Version
    public int version;

    public static Optional<Device> bySerial(String serial) {
        return find("serial", normalize(serial)).firstResultOptional();
    }

    /** Serials are compared upper-case without surrounding spaces. */
    public static String normalize(String serial) {
        return serial == null ? "" : serial.strip().toUpperCase(java.util.Locale.ROOT);
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
