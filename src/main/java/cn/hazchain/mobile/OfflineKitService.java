package cn.hazchain.mobile;

import cn.hazchain.account.AppUser;
import cn.hazchain.security.CurrentUser;
import cn.hazchain.catalogue.CatalogueService;
import cn.hazchain.catalogue.WasteCode;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.label.KeyResource;
import cn.hazchain.label.LabelKeyRing;
import cn.hazchain.label.LabelSigner;
import cn.hazchain.licence.Licence;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import cn.hazchain.security.Role;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a handheld needs for a shift without network: the keys that verify labels, its rounds (with the labels
 * expected at each stop), the catalogue entries those involve, the receivers and what their licences cover, and
 * the storage points of its organisation. Deterministic, so its hash is a stable ETag: an unchanged kit is not
 * downloaded again.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class OfflineKitService {

    @Inject
    CurrentUser current;

    @Inject
    RoundService rounds;

    @Inject
    CatalogueService catalogue;

    @Inject
    LabelKeyRing ring;

    @Inject
    HazChainConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    KitCustody custody;

    public record DeviceRef(long id, String serial, long ownerPartyId) {
    }

    public record UserRef(long id, String username, String displayName, long partyId, List<String> roles) {
    }

    public record CatalogueEntry(String code, String category, String categoryName, String description, List<String> hazards) {
    }

    public record LicenceRef(String number, String kind, LocalDate validFrom, LocalDate validTo, List<String> permittedCategories,
                             List<String> permittedCodes,
                             @Schema(description = "Treatment methods (R/D/C/Y codes) the licence permits; empty: not restricted") List<String> permittedMethods) {
    }

    public record ReceiverRef(long partyId, String name, String uscc, String address, List<LicenceRef> licences) {
    }

    public record PlaceRef(long partyId, String name, String address, Double latitude, Double longitude) {
    }

    public record Limits(int maxEventsPerSync, int photoMaxBytes, List<String> photoTypes, long clockSkewSeconds) {
    }

    public record Kit(LocalDate date, DeviceRef device, UserRef user, KeyResource.Keys labelKeys,
                      List<RoundService.RoundView> rounds, List<CatalogueEntry> wasteCodes, List<ReceiverRef> receivers,
                      List<PlaceRef> storagePoints,
                      @Schema(description = "Transfers this person may act on: as SHIPPER (load, depart) those not departed, as CARRIER "
                              + "(depart, arrive) those not arrived, as RECEIVER (arrive, receive) those with containers on the road; "
                              + "each with its declared containers (at most 50 transfers, newest first)")
                      List<KitCustody.TransferRef> transfers,
                      @Schema(description = "Receivers: containers held received and not disposed of yet (at most 500, newest first)")
                      List<KitCustody.HeldContainer> held,
                      @Schema(description = "Receivers: the treatment methods their licences permit, with their names")
                      List<KitCustody.MethodRef> treatmentMethods,
                      Limits limits) {
    }

    /** The kit and its ETag (a quoted SHA-256 of its JSON). */
    public record Tagged(Kit kit, String etag) {
    }

    public Tagged kit(MobileSession.Shift shift, LocalDate date) {
        Device device = Device.findById(shift.deviceId());
        AppUser user = AppUser.findById(current.userId());
        List<RoundService.RoundView> myRounds = rounds.forDriver(user.id, date);

        TreeSet<String> codes = new TreeSet<>();
        for (RoundService.RoundView r : myRounds) {
            for (RoundService.Stop s : r.stops()) {
                codes.addAll(s.expectedCodes());
                s.openManifests().forEach(m -> m.containers().forEach(c -> codes.add(c.wasteCode())));
            }
        }
        List<CatalogueEntry> entries = new ArrayList<>();
        for (String code : codes) {
            catalogue.find(code).ifPresent((WasteCode w) -> entries.add(new CatalogueEntry(w.code, w.category, w.categoryName,
                    w.description, w.hazards)));
        }

        List<ReceiverRef> receivers = new ArrayList<>();
        for (Party p : Party.<Party>list("kind = ?1 order by id", PartyKind.RECEIVER)) {
            List<LicenceRef> licences = Licence.<Licence>list("holderPartyId = ?1 and validFrom <= ?2 and validTo >= ?2 order by number", p.id, date)
                    .stream().map(l -> new LicenceRef(l.number, l.kind.name(), l.validFrom, l.validTo, sorted(l.permittedCategories),
                            sorted(l.permittedCodes), sorted(l.permittedMethods))).toList();
            if (!licences.isEmpty()) {
                receivers.add(new ReceiverRef(p.id, p.name, p.uscc, p.address, licences));
            }
        }

        Party mine = Party.findById(user.partyId);
        long collector = mine.kind == PartyKind.STORAGE_POINT && mine.parentId != null ? mine.parentId : mine.id;
        List<PlaceRef> points = Party.<Party>list("kind = ?1 and parentId = ?2 order by id", PartyKind.STORAGE_POINT, collector).stream()
                .map(p -> new PlaceRef(p.id, p.name, p.address, p.latitude, p.longitude)).toList();

        java.util.Set<String> roles = java.util.Set.copyOf(user.roles);
        List<KitCustody.TransferRef> transfers = custody.transfers(user.id, mine.id, collector, roles);
        boolean receiver = roles.contains(Role.RECEIVER_OPERATOR.name());
        List<KitCustody.HeldContainer> held = receiver ? custody.held(mine.id) : List.of();
        List<KitCustody.MethodRef> methods = receiver ? custody.methods(Licence.<Licence>list(
                "holderPartyId = ?1 and validFrom <= ?2 and validTo >= ?2", mine.id, date).stream().map(l -> l.permittedMethods).toList())
                : List.of();

        KeyResource.Keys keys = new KeyResource.Keys("<labelId>.<kid>.<base64url(Ed25519 signature)>", LabelSigner.DOMAIN + "|<labelId>|<kid>",
                ring.publicKeys());
        Kit kit = new Kit(date, new DeviceRef(device.id, device.serial, device.ownerPartyId),
                new UserRef(user.id, user.username, user.displayName, user.partyId, user.roles.stream().sorted().toList()), keys, myRounds,
                entries, receivers, points, transfers, held, methods, new Limits(config.mobile().maxSyncEvents(), config.mobile().photoMaxBytes(),
                PhotoService.TYPES, config.mobile().clockSkewSeconds()));
        return new Tagged(kit, etag(kit));
    }

    private String etag(Kit kit) {
        try {
            byte[] bytes = json.writeValueAsString(kit).getBytes(StandardCharsets.UTF_8);
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)) + "\"";
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the offline kit", e);
        }
    }

    private static List<String> sorted(List<String> values) {
        return values == null ? List.of() : values.stream().sorted().toList();
    }
}
