package cn.hazchain.manifest;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One waste code on a manifest, with what the label says about it. */
@Entity
@Table(name = "manifest_line")
public class ManifestLine extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "manifest_id")
    public Long manifestId;

    @Column(name = "line_no")
    public int lineNo;

    @Column(name = "waste_code", columnDefinition = "bpchar")
    public String wasteCode;

    @Column(name = "waste_name")
    public String wasteName;

    @Column(columnDefinition = "bpchar")
    public String category;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> hazards;

    @Column(name = "physical_form")
    public String physicalForm;

    @Column(name = "main_components")
    public String mainComponents;
}
