package cn.hazchain.pickup;

import cn.hazchain.demo.DemoData;
import cn.hazchain.manifest.DemoManifests;
import cn.hazchain.party.Party;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.UUID;

/**
 * Demo: pickup requests of twelve generators for the days 10 to 17 ahead, as the collector would find them — six
 * waiting for an answer, five accepted, one declined with its reason — and one of the signed-in demo generator's.
 */
@ApplicationScoped
public class DemoPickupRequests implements DemoData.DemoExtension {

    @Inject
    EntityManager em;

    @Override
    public void extend(DemoData.DemoSet demo) {
        Party collector = demo.parties().get("collector");
        LocalDate first = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(10);
        long operator = demo.userIds().get("collector");
        for (int i = 0; i < 13; i++) {
            int g = i == 12 ? 0 : 8 + i;
            Party generator = demo.generators().get(g);
            long asker = i == 12 ? demo.userIds().get("generator") : demo.userIds().getOrDefault(String.format("staff-%02d", g + 1), operator);
            PickupRules.Status status = i == 12 || i < 6 ? PickupRules.Status.REQUESTED : i < 11 ? PickupRules.Status.ACCEPTED : PickupRules.Status.DECLINED;
            PickupRequest p = new PickupRequest();
            p.requestId = UUID.nameUUIDFromBytes(("demo-pickup-request-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            p.generatorPartyId = generator.id;
            p.collectorPartyId = collector.id;
            p.status = status;
            p.earliestDate = first.plusDays(i % 3);
            p.latestDate = first.plusDays(7);
            p.windowStart = i % 4 == 1 ? LocalTime.of(8, 0) : LocalTime.of(8, 30);
            p.windowEnd = i % 4 == 1 ? LocalTime.of(12, 0) : LocalTime.of(17, 0);
            p.note = i % 5 == 0 ? "请提前电话联系 call before coming" : null;
            p.reason = status == PickupRules.Status.DECLINED ? "本周车辆已满，请改选下周日期 our vehicles are full this week: choose a day next week" : null;
            p.createdBy = asker;
            if (status != PickupRules.Status.REQUESTED) {
                p.decidedBy = operator;
                p.decidedAt = Instant.now();
            }
            p.persist();
            int line = 0;
            for (String code : DemoData.collectedCodesOf(g)) { // lead batteries go to their own network, as in the history
                DemoManifests.Typical t = DemoManifests.TYPICAL.get(code);
                int containers = 1 + (i + line) % 3;
                em.createNativeQuery("INSERT INTO pickup_request_line (pickup_request_id, line_no, waste_code, physical_form, main_components,"
                                + " container_type, containers, volume_litres, estimated_kg) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                        .setParameter(1, p.id).setParameter(2, ++line).setParameter(3, code).setParameter(4, t.form().name())
                        .setParameter(5, t.components()).setParameter(6, t.type().name()).setParameter(7, containers).setParameter(8, t.litres())
                        .setParameter(9, new BigDecimal(t.kg()).multiply(BigDecimal.valueOf(containers))).executeUpdate();
            }
        }
    }
}
