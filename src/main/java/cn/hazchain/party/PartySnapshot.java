package cn.hazchain.party;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * A party as it was when a document was issued: what the document prints about it. A manifest keeps one for its
 * generator and one for its collector, so its PDF, its labels and the public verification page show the parties as
 * issued, whatever the parties later change (issue #19, finding 4; 危险废物转移联单 are legal records).
 */
@Embeddable
public class PartySnapshot {

    public String name;
    public String uscc;

    @Column(name = "contact_name")
    public String contactName;

    @Column(name = "contact_phone")
    public String contactPhone;

    public String address;
    public String town;

    public static PartySnapshot of(Party p) {
        PartySnapshot s = new PartySnapshot();
        s.name = p.name;
        s.uscc = p.uscc == null ? null : p.uscc.strip();
        s.contactName = p.contactName;
        s.contactPhone = p.contactPhone;
        s.address = p.address;
        s.town = p.town;
        return s;
    }
}
