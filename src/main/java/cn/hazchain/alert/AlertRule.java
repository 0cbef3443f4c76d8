package cn.hazchain.alert;

/**
 * The alert rules a regulator receives, each with what its alerts are about, how serious they are and the unit
 * of the figure they report. Thresholds come from {@code hazchain.alerts.*} (see docs/regulator.md, "Alerts").
 */
public enum AlertRule {
    STORAGE_OVERDUE_AT_GENERATOR(SubjectKind.CONTAINER, Severity.MEDIUM, "days",
            "Storage overdue at the generator", "产废单位贮存超期"),
    STORAGE_OVERDUE_AT_STORAGE_POINT(SubjectKind.CONTAINER, Severity.MEDIUM, "days",
            "Storage overdue at a storage point", "贮存点贮存超期"),
    STORAGE_POINT_OVER_CAPACITY(SubjectKind.STORAGE_POINT, Severity.HIGH, "kg",
            "Storage point over capacity", "贮存点超量贮存"),
    TRANSFER_NOT_RECEIVED(SubjectKind.TRANSFER, Severity.HIGH, "working days",
            "Transfer not received in time", "转移未按时接收"),
    WEIGHT_DEVIATION(SubjectKind.CONTAINER, Severity.MEDIUM, "%",
            "Weight deviation between weighings", "称重偏差超限"),
    UNLICENSED_RECEIPT(SubjectKind.CONTAINER, Severity.HIGH, "t",
            "Receipt not covered by a licence", "超许可范围接收"),
    UNCOLLECTED(SubjectKind.CONTAINER, Severity.LOW, "days",
            "Issued but not collected", "已申报未收运"),
    NO_PICKUP(SubjectKind.GENERATOR, Severity.LOW, "days",
            "Generator without pickup", "产废单位长期未收运"),
    PICKUP_UNCONFIRMED(SubjectKind.CONTAINER, Severity.MEDIUM, "working days",
            "Pickup not confirmed by the generator", "产废单位未确认交接"),
    RECEIVED_NOT_DISPOSED(SubjectKind.CONTAINER, Severity.MEDIUM, "days",
            "Received and not utilised or disposed of in time", "接收后超期未利用处置"),
    LICENCE_EXPIRING(SubjectKind.LICENCE, Severity.MEDIUM, "days left",
            "Licence about to expire, no renewal on file", "经营许可证即将到期未换证"),
    OFF_CORRIDOR(SubjectKind.TRANSFER, Severity.HIGH, "m",
            "Transfer off its corridor", "转移车辆偏离路线"),
    STOPPED_TOO_LONG(SubjectKind.TRANSFER, Severity.MEDIUM, "minutes",
            "Vehicle stopped too long in transit", "运输车辆途中异常停留"),
    SILENT_IN_TRANSIT(SubjectKind.TRANSFER, Severity.MEDIUM, "minutes",
            "Vehicle silent in transit", "运输车辆定位中断"),
    SCALE_SCAN_MISMATCH(SubjectKind.CONTAINER, Severity.MEDIUM, "kg",
            "Scale and scan disagree", "地磅称重与扫码重量不符");

    /** What an alert is about. */
    public enum SubjectKind { CONTAINER, STORAGE_POINT, TRANSFER, GENERATOR, LICENCE }

    public enum Severity { LOW, MEDIUM, HIGH }

    public final SubjectKind subjectKind;
    public final Severity severity;
    public final String unit;
    public final String en;
    public final String zh;

    AlertRule(SubjectKind subjectKind, Severity severity, String unit, String en, String zh) {
        this.subjectKind = subjectKind;
        this.severity = severity;
        this.unit = unit;
        this.en = en;
        this.zh = zh;
    }

    public String title() {
        return en + " / " + zh;
    }
}
