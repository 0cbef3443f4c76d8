package cn.hazchain.party;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.common.Text;
import cn.hazchain.party.PartyDtos.CreateParty;
import cn.hazchain.party.PartyDtos.PartyView;
import cn.hazchain.party.PartyDtos.UpdateParty;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.EnumSet;
import java.util.Set;

/**
 * Parties and who may see them. Administrators and regulators see every party. Anyone else sees their own
 * party, its storage points or owning collector, and the kinds of party they deal with: collectors and storage
 * points see generators, carriers and receivers; generators see collectors. Anything else answers 404.
 */
@ApplicationScoped
@Transactional
public class PartyService {

    @Inject
    CurrentUser current;

    @Transactional(Transactional.TxType.SUPPORTS)
    public PartyView get(long id) {
        return PartyView.of(visible(id));
    }

    /** The party if the caller may see it, else 404 (whether or not it exists). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Party visible(long id) {
        Party p = Party.findById(id);
        if (p == null || !canSee(p)) {
            throw ProblemException.notFound("party", id);
        }
        return p;
    }

    /** Licensed parties (receivers, collectors) are public; others as {@link #visible}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Party visibleOrLicensee(long id) {
        Party p = Party.findById(id);
        if (p == null || !(p.kind == PartyKind.RECEIVER || p.kind == PartyKind.COLLECTOR || canSee(p))) {
            throw ProblemException.notFound("party", id);
        }
        return p;
    }

    /** The party, whoever is calling (for checks inside other services). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Party require(long id, String role) {
        Party p = Party.findById(id);
        if (p == null) {
            throw ProblemException.unprocessable("unknown-party", role + " party " + id + " does not exist");
        }
        return p;
    }

    public boolean canSee(Party p) {
        if (current.seesAll()) {
            return true;
        }
        Party mine = Party.findById(current.partyId());
        return p.id.equals(mine.id) || mine.id.equals(p.parentId) || p.id.equals(mine.parentId)
                || counterparties(mine.kind).contains(p.kind);
    }

    static Set<PartyKind> counterparties(PartyKind kind) {
        return switch (kind) {
            case COLLECTOR, STORAGE_POINT -> EnumSet.of(PartyKind.GENERATOR, PartyKind.CARRIER, PartyKind.RECEIVER);
            case GENERATOR -> EnumSet.of(PartyKind.COLLECTOR);
            case CARRIER, RECEIVER, REGULATOR -> EnumSet.noneOf(PartyKind.class);
        };
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<PartyView> list(PartyKind kind, String town, String text, Long parentId, Paging paging) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (!current.seesAll()) {
            Party mine = Party.findById(current.partyId());
            Set<PartyKind> kinds = counterparties(mine.kind);
            where.append(" and (id = :me or parentId = :me or id = :myParent").append(kinds.isEmpty() ? ")" : " or kind in :kinds)");
            params.and("me", mine.id).and("myParent", mine.parentId == null ? -1L : mine.parentId);
            if (!kinds.isEmpty()) {
                params.and("kinds", kinds);
            }
        }
        if (kind != null) {
            where.append(" and kind = :kind");
            params.and("kind", kind);
        }
        if (Text.trimToNull(town) != null) {
            where.append(" and town = :town");
            params.and("town", Text.clip(town.strip(), 40));
        }
        if (parentId != null) {
            where.append(" and parentId = :parent");
            params.and("parent", parentId);
        }
        String q = Text.trimToNull(text);
        if (q != null) {
            if (q.length() > 100) {
                throw ProblemException.badRequest("q is limited to 100 characters");
            }
            where.append(" and (lower(name) like :q escape '\\' or lower(uscc) like :q escape '\\' or lower(coalesce(address, '')) like :q escape '\\')");
            params.and("q", Text.likePattern(q));
        }
        return Page.of(Party.find(where.toString(), Sort.by("kind").and("name").and("id"), params), paging, PartyView::of);
    }

    /** 422 for the first field (null: not given) that a label or manifest could not print as it is. */
    private static void checkPrinted(PartyKind kind, String name, String town, String address, String contactName, String contactPhone,
                                     String industry) {
        String[][] fields = {{"name", name}, {"town", town}, {"address", address}, {"contactName", contactName},
                {"contactPhone", contactPhone}, {"industry", industry}};
        for (String[] field : fields) {
            PrintedFields.check(kind, field[0], field[1]).ifPresent(r -> {
                throw ProblemException.unprocessable(r.slug(), r.detail());
            });
        }
    }

    public PartyView create(CreateParty req) {
        current.require(Role.ADMIN);
        checkPrinted(req.kind(), req.name(), req.town(), req.address(), req.contactName(), req.contactPhone(), req.industry());
        String uscc = Uscc.normalize(req.uscc());
        Uscc.problem(uscc).ifPresent(problem -> {
            throw ProblemException.unprocessable("invalid-uscc", "uscc " + uscc + " is not valid: " + problem);
        });
        if (Party.count("uscc", uscc) > 0) {
            throw ProblemException.conflict("a party with uscc " + uscc + " is already registered");
        }
        if (req.kind() == PartyKind.STORAGE_POINT) {
            if (req.parentId() == null) {
                throw ProblemException.unprocessable("storage-point-owner", "a storage point belongs to a collector: set parentId to the collector's id");
            }
            Party parent = require(req.parentId(), "parent");
            if (parent.kind != PartyKind.COLLECTOR) {
                throw ProblemException.unprocessable("storage-point-owner", "parentId " + parent.id + " is a " + parent.kind + "; a storage point belongs to a COLLECTOR");
            }
        } else if (req.parentId() != null) {
            throw ProblemException.unprocessable("parent-not-allowed", "only a STORAGE_POINT has a parentId (its collector)");
        }
        Party p = new Party();
        p.uscc = uscc;
        p.kind = req.kind();
        p.name = req.name().strip();
        p.town = Text.trimToNull(req.town());
        p.address = Text.trimToNull(req.address());
        p.contactName = Text.trimToNull(req.contactName());
        p.contactPhone = Text.trimToNull(req.contactPhone());
        p.latitude = req.latitude();
        p.longitude = req.longitude();
        p.industry = Text.trimToNull(req.industry());
        p.annualGenerationTonnes = req.annualGenerationTonnes();
        p.parentId = req.parentId();
        p.persistAndFlush();
        Party.getEntityManager().refresh(p);
        return PartyView.of(p);
    }

    /**
     * Changes a party: the platform's administrators or the party's own administrators ({@link PartyStewards}) only,
     * with every printed field checked ({@link PrintedFields}). Manifests and labels issued before keep the party as
     * it was then (their snapshot), so a change never alters a document already issued.
     */
    public PartyView update(long id, UpdateParty req) {
        Party p = visible(id);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Role r : Role.values()) {
            if (current.has(r)) {
                roles.add(r);
            }
        }
        if (!PartyStewards.administers(roles, current.partyId(), p.kind, p.id, p.parentId)) {
            throw ProblemException.forbidden("party " + id + " (a " + p.kind + ") is changed by " + PartyStewards.who(p.kind));
        }
        checkPrinted(p.kind, req.name(), req.town(), req.address(), req.contactName(), req.contactPhone(), req.industry());
        if (req.version() != p.version) {
            throw ProblemException.conflict("party " + id + " is at version " + p.version + ", you sent " + req.version() + "; read it again and retry");
        }
        if (req.name() != null) {
            if (req.name().isBlank()) {
                throw ProblemException.badRequest("name must not be blank");
            }
            p.name = req.name().strip();
        }
        if (req.town() != null) {
            p.town = Text.trimToNull(req.town());
        }
        if (req.address() != null) {
            p.address = Text.trimToNull(req.address());
        }
        if (req.contactName() != null) {
            p.contactName = Text.trimToNull(req.contactName());
        }
        if (req.contactPhone() != null) {
            p.contactPhone = Text.trimToNull(req.contactPhone());
        }
        if (req.latitude() != null) {
            p.latitude = req.latitude();
        }
        if (req.longitude() != null) {
            p.longitude = req.longitude();
        }
        if (req.industry() != null) {
            p.industry = Text.trimToNull(req.industry());
        }
        if (req.annualGenerationTonnes() != null) {
            p.annualGenerationTonnes = req.annualGenerationTonnes();
        }
        p.flush();
        return PartyView.of(p);
    }
}
