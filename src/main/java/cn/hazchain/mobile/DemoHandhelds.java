package cn.hazchain.mobile;

import cn.hazchain.common.HazChainConfig;
import cn.hazchain.demo.DemoData;
import cn.hazchain.party.Party;
import cn.hazchain.party.Vehicle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Demo: two enrolled handhelds of the collector, one of each receiver (so the demo's receivers can try the handheld
 * app), and today's round for the demo driver through eight generators.
 */
@ApplicationScoped
public class DemoHandhelds implements DemoData.DemoExtension {

    /** Serials of the demo handhelds. */
    public static final String DEVICE_1 = "HH-JY-0001";
    public static final String DEVICE_2 = "HH-JY-0002";
    /** The incinerator's and the recycler's handhelds. */
    public static final String INCINERATOR_DEVICE = "HH-JY-0101";
    public static final String RECYCLER_DEVICE = "HH-JY-0201";

    @Inject
    EntityManager em;

    @Inject
    HazChainConfig config;

    private static void enrol(String serial, long owner, long admin) {
        Device d = new Device();
        d.serial = serial;
        d.ownerPartyId = owner;
        d.model = "Urovo DT50 (演示 demo)";
        d.enrolledBy = admin;
        d.persist();
    }

    @Override
    public void extend(DemoData.DemoSet demo) {
        Party collector = demo.parties().get("collector");
        long admin = demo.userIds().get("admin");
        enrol(DEVICE_1, collector.id, admin);
        enrol(DEVICE_2, collector.id, admin);
        enrol(INCINERATOR_DEVICE, demo.parties().get("incinerator").id, admin);
        enrol(RECYCLER_DEVICE, demo.parties().get("recycler").id, admin);
        Vehicle vehicle = Vehicle.<Vehicle>find("ownerPartyId = ?1 order by id", collector.id).firstResult();
        long round = ((Number) em.createNativeQuery("INSERT INTO collection_round (collector_party_id, round_date, vehicle_id, driver_user_id,"
                        + " note, created_by, request_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id")
                .setParameter(1, collector.id).setParameter(2, LocalDate.now(config.zone())).setParameter(3, vehicle.id)
                .setParameter(4, demo.userIds().get("driver")).setParameter(5, "演示收运路线 demo round: 临港 → 澄江 → 南闸 → 云亭")
                .setParameter(6, demo.userIds().get("collector")).setParameter(7, UUID.randomUUID()).getSingleResult()).longValue();
        List<RoundService.NewStop> stops = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Party g = demo.generators().get(i);
            stops.add(new RoundService.NewStop(g.id, g.address, g.latitude, g.longitude, DemoData.collectedCodesOf(i),
                    DemoData.collectedCodesOf(i).size() * (1 + i % 2), null));
        }
        RoundService.insertStops(em, round, stops);
    }
}
