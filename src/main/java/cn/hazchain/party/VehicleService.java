package cn.hazchain.party;

import cn.hazchain.security.CurrentUser;
import cn.hazchain.security.Role;
import cn.hazchain.common.Page;
import cn.hazchain.common.Paging;
import cn.hazchain.common.ProblemException;
import cn.hazchain.party.PartyDtos.CreateVehicle;
import cn.hazchain.party.PartyDtos.VehicleView;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Locale;
import java.util.regex.Pattern;

/** Vehicles belong to carriers or collectors; their owner's users and administrators register them. */
@ApplicationScoped
@Transactional
public class VehicleService {

    /** Chinese plates: province character, letter, 5 (or 6 for new-energy) characters; '·' and spaces ignored. */
    private static final Pattern PLATE = Pattern.compile("[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警]");

    @Inject
    CurrentUser current;

    @Inject
    PartyService parties;

    public static String normalizePlate(String plate) {
        String p = plate.replaceAll("[·•.\\s-]", "").toUpperCase(Locale.ROOT);
        if (!PLATE.matcher(p).matches()) {
            throw ProblemException.unprocessable("invalid-plate", "plate '" + cn.hazchain.common.Text.clip(plate, 20)
                    + "' is not a Chinese vehicle plate such as 苏B·12345 or 苏BD12345");
        }
        return p;
    }

    public VehicleView create(CreateVehicle req) {
        Party owner = parties.visible(req.ownerPartyId());
        if (owner.kind != PartyKind.CARRIER && owner.kind != PartyKind.COLLECTOR) {
            throw ProblemException.unprocessable("vehicle-owner", "vehicles belong to a CARRIER or COLLECTOR; party " + owner.id + " is a " + owner.kind);
        }
        boolean ownOperator = owner.id == current.partyId() && (current.has(Role.COLLECTOR_OPERATOR) || current.has(Role.DRIVER));
        if (!current.isAdmin() && !ownOperator) {
            throw ProblemException.forbidden("only an administrator or the owner's operators register its vehicles");
        }
        String plate = normalizePlate(req.plate());
        if (Vehicle.count("plate", plate) > 0) {
            throw ProblemException.conflict("vehicle " + plate + " is already registered");
        }
        Vehicle v = new Vehicle();
        v.ownerPartyId = owner.id;
        v.plate = plate;
        v.dgPermitNo = req.dgPermitNo().strip();
        v.capacityKg = req.capacityKg();
        v.capacityLitres = req.capacityLitres();
        v.dgPermitValidTo = req.dgPermitValidTo();
        v.persistAndFlush();
        return VehicleView.of(v);
    }

    /** Records a renewed permit (number and validity), by an administrator or the owner's operators. */
    public VehicleView update(long id, PartyDtos.UpdateVehicle req) {
        Vehicle v = Vehicle.findById(id);
        Party owner = v == null ? null : Party.findById(v.ownerPartyId);
        if (v == null || !parties.canSee(owner)) {
            throw ProblemException.notFound("vehicle", id);
        }
        boolean ownOperator = owner.id == current.partyId() && current.has(Role.COLLECTOR_OPERATOR);
        if (!current.isAdmin() && !ownOperator) {
            throw ProblemException.forbidden("only an administrator or the owner's operators record its permit");
        }
        if (req.version() != v.version) {
            throw ProblemException.conflict("vehicle " + id + " is at version " + v.version + ", you sent " + req.version() + "; read it again");
        }
        if (req.dgPermitNo() != null && !req.dgPermitNo().isBlank()) {
            v.dgPermitNo = req.dgPermitNo().strip();
        }
        v.dgPermitValidTo = req.dgPermitValidTo();
        v.persistAndFlush();
        return VehicleView.of(v);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<VehicleView> list(long ownerId, Paging paging) {
        Party owner = parties.visible(ownerId);
        return Page.of(Vehicle.find("ownerPartyId", Sort.by("plate"), owner.id), paging, VehicleView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public VehicleView get(long id) {
        Vehicle v = Vehicle.findById(id);
        if (v == null) {
            throw ProblemException.notFound("vehicle", id);
        }
        Party owner = Party.findById(v.ownerPartyId);
        if (!parties.canSee(owner)) {
            throw ProblemException.notFound("vehicle", id);
        }
        return VehicleView.of(v);
    }
}
