package cn.hazchain.manifest;

import cn.hazchain.custody.Container;
import cn.hazchain.demo.DemoData;
import cn.hazchain.manifest.ManifestDtos.Line;
import cn.hazchain.manifest.ManifestDtos.NewContainer;
import cn.hazchain.manifest.ManifestDtos.OpenPickup;
import cn.hazchain.manifest.ManifestDtos.PhysicalForm;
import cn.hazchain.party.Party;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Demo: open pickup manifests with ISSUED containers for the first eight generators, as a collector would. */
@ApplicationScoped
public class DemoManifests implements DemoData.DemoExtension {

    public record Typical(PhysicalForm form, String components, Container.Type type, int litres, String kg) {
    }

    public static final Map<String, Typical> TYPICAL = Map.of(
            "900-214-08", new Typical(PhysicalForm.LIQUID, "废机油、废齿轮油", Container.Type.DRUM, 200, "165.0"),
            "900-249-08", new Typical(PhysicalForm.LIQUID, "废矿物油、油泥", Container.Type.DRUM, 200, "170.0"),
            "900-041-49", new Typical(PhysicalForm.SOLID, "沾染矿物油的抹布、手套、滤芯", Container.Type.BAG, 100, "18.5"),
            "900-052-31", new Typical(PhysicalForm.SOLID, "废铅蓄电池", Container.Type.BOX, 120, "85.0"),
            "900-006-09", new Typical(PhysicalForm.LIQUID, "废切削液（乳化液）", Container.Type.DRUM, 200, "180.0"),
            "900-253-12", new Typical(PhysicalForm.SEMI_SOLID, "废油墨、清洗废液", Container.Type.DRUM, 60, "45.0"),
            "900-252-12", new Typical(PhysicalForm.SEMI_SOLID, "漆渣、废漆桶残液", Container.Type.DRUM, 200, "120.0"),
            "900-039-49", new Typical(PhysicalForm.SOLID, "废活性炭（吸附有机废气）", Container.Type.BAG, 200, "60.0"),
            "900-047-49", new Typical(PhysicalForm.LIQUID, "实验室废液（有机溶剂、酸碱）", Container.Type.BOTTLE, 25, "20.0"));

    @Inject
    ManifestService manifests;

    @Override
    public void extend(DemoData.DemoSet demo) {
        Party collector = demo.parties().get("collector");
        long operator = demo.userIds().get("collector");
        for (int i = 0; i < 8; i++) {
            Party generator = demo.generators().get(i);
            List<Line> lines = new ArrayList<>();
            for (String code : DemoData.collectedCodesOf(i)) { // lead batteries go to their own network (the demo's history)
                Typical t = TYPICAL.get(code);
                List<NewContainer> containers = new ArrayList<>();
                for (int n = 0; n <= i % 2; n++) {
                    containers.add(new NewContainer(t.type(), t.litres(), new BigDecimal(t.kg()), null));
                }
                lines.add(new Line(code, null, t.form(), t.components(), null, containers));
            }
            manifests.issue(new OpenPickup(null, generator.id, collector.id, null, "泄漏时用沙土吸附收集，远离火源；皮肤接触用清水冲洗",
                    "演示数据 demo", lines), generator, collector, operator);
        }
    }
}
