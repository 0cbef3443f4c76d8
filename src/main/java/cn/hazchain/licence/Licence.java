package cn.hazchain.licence;

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
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A hazardous-waste operating licence (危险废物经营许可证). */
@Entity
@Table(name = "licence")
public class Licence extends PanacheEntityBase {

    public enum Kind {
        /** 综合经营: collection, storage, utilisation and disposal; valid 5 years. */
        COMPREHENSIVE,
        /** 收集经营: collection and storage only; valid 3 years. */
        COLLECTION
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String number;

    @Column(name = "holder_party_id")
    public Long holderPartyId;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "permitted_codes")
    public List<String> permittedCodes;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "permitted_categories")
    public List<String> permittedCategories;

    /** Utilisation/disposal methods permitted (treatment codes); empty: not on file, so not restricted. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "permitted_methods")
    public List<String> permittedMethods = new java.util.ArrayList<>();

    @Column(name = "approved_annual_t")
    public BigDecimal approvedAnnualTonnes;

    @Column(name = "valid_from")
    public LocalDate validFrom;

    @Column(name = "valid_to")
    public LocalDate validTo;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Version
    public int version;

    public boolean covers(String code, String category) {
        return permittedCodes.contains(code) || permittedCategories.contains(category);
    }
}
