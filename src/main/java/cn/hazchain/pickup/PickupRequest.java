package cn.hazchain.pickup;

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
import java.time.LocalTime;
import java.util.UUID;

/** A generator's request for a pickup (V46); its lines are rows of pickup_request_line. */
@Entity
@Table(name = "pickup_request")
public class PickupRequest extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "generator_party_id")
    public Long generatorPartyId;

    @Column(name = "collector_party_id")
    public Long collectorPartyId;

    @Enumerated(EnumType.STRING)
    public PickupRules.Status status;

    @Column(name = "earliest_date")
    public LocalDate earliestDate;

    @Column(name = "latest_date")
    public LocalDate latestDate;

    @Column(name = "window_start")
    public LocalTime windowStart;

    @Column(name = "window_end")
    public LocalTime windowEnd;

    public String note;

    /** Why it was declined or withdrawn. */
    public String reason;

    @Column(name = "scheduled_date")
    public LocalDate scheduledDate;

    @Column(name = "round_id")
    public Long roundId;

    @Column(name = "manifest_id")
    public Long manifestId;

    @Column(name = "created_by")
    public Long createdBy;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "decided_by")
    public Long decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Version
    public int version;
}
