package cn.hazchain.catalogue;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One entry of the National Hazardous Waste List, in one edition. Reference data: loaded, never edited. */
@Entity
@Table(name = "waste_code")
@IdClass(WasteCode.Key.class)
public class WasteCode extends PanacheEntityBase {

    @Id
    public String edition;

    @Id
    @Column(columnDefinition = "bpchar")
    public String code;

    @Column(columnDefinition = "bpchar")
    public String category;

    @Column(name = "category_name")
    public String categoryName;

    public String industry;
    public String description;

    /** As printed in the list, e.g. {@code T}, {@code T,I} or {@code T/C/I/R}. */
    public String hazard;

    /** The hazard characteristics as separate codes (T, C, I, R, In). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> hazards;

    public static class Key implements Serializable {
        public String edition;
        public String code;

        public Key() {
        }

        public Key(String edition, String code) {
            this.edition = edition;
            this.code = code;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(edition, k.edition) && Objects.equals(code, k.code);
        }

        @Override
        public int hashCode() {
            return Objects.hash(edition, code);
        }
    }
}
