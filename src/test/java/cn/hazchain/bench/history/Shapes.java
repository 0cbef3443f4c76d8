package cn.hazchain.bench.history;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The realistic shapes of the synthetic history, as data: Jiangyin's towns, the industries of small generators and
 * the waste codes each produces, the containers each code comes in (log-normal weights), the kinds of receiver and
 * what each takes with which treatment method.
 */
final class Shapes {

    private Shapes() {
    }

    /** A town or street (镇街) of Jiangyin, its centre and its share of generators. */
    record Town(String name, double lat, double lon, int weight) {
    }

    /** The 17 towns and streets plus the high-tech zone and Lingang, centres as in the demo data. */
    static final List<Town> TOWNS = List.of(
            new Town("澄江街道", 31.905, 120.275, 10), new Town("南闸街道", 31.850, 120.313, 5),
            new Town("云亭街道", 31.880, 120.343, 6), new Town("城东街道", 31.918, 120.330, 6),
            new Town("申港街道", 31.931, 120.189, 5), new Town("夏港街道", 31.930, 120.223, 5),
            new Town("利港街道", 31.944, 120.116, 5), new Town("璜土镇", 31.924, 120.068, 5),
            new Town("月城镇", 31.854, 120.251, 5), new Town("青阳镇", 31.810, 120.300, 6),
            new Town("徐霞客镇", 31.791, 120.344, 5), new Town("华士镇", 31.822, 120.442, 8),
            new Town("周庄镇", 31.839, 120.404, 8), new Town("新桥镇", 31.789, 120.399, 6),
            new Town("长泾镇", 31.763, 120.379, 5), new Town("顾山镇", 31.769, 120.461, 5),
            new Town("祝塘镇", 31.742, 120.323, 5), new Town("高新区", 31.882, 120.302, 7),
            new Town("临港开发区", 31.940, 120.165, 7));

    /** A code an industry produces and how often a pickup includes it (the first is always included). */
    record Produces(String code, double share) {
    }

    /** A kind of small generator: its name, its share of generators, the name suffix, the codes it produces. */
    record Industry(String name, int weight, String suffix, List<Produces> codes) {
    }

    static final List<Industry> INDUSTRIES = List.of(
            new Industry("汽车修理", 26, "汽车修理厂", List.of(p("900-214-08", 1), p("900-041-49", .9), p("900-249-08", .3), p("900-052-31", .15), p("900-252-12", .1))),
            new Industry("机械加工", 22, "机械有限公司", List.of(p("900-249-08", 1), p("900-041-49", .8), p("900-006-09", .7))),
            new Industry("表面喷涂", 10, "喷涂加工厂", List.of(p("900-252-12", 1), p("900-039-49", .8), p("900-041-49", .7), p("900-402-06", .3))),
            new Industry("印刷", 7, "印务有限公司", List.of(p("900-253-12", 1), p("900-041-49", .6), p("900-402-06", .4), p("900-039-49", .3))),
            new Industry("家具制造", 5, "家具厂", List.of(p("900-252-12", 1), p("900-039-49", .7), p("900-014-13", .3))),
            new Industry("金属表面处理", 6, "金属表面处理厂", List.of(p("336-064-17", 1), p("900-041-49", .6), p("900-249-08", .4))),
            new Industry("检测实验", 8, "检测技术有限公司", List.of(p("900-047-49", 1), p("900-041-49", .5), p("900-404-06", .3))),
            new Industry("电子制造", 5, "电子科技有限公司", List.of(p("900-404-06", 1), p("900-041-49", .7), p("900-014-13", .2))),
            new Industry("纺织印染", 4, "纺织印染厂", List.of(p("900-041-49", 1), p("900-039-49", .5), p("900-252-12", .2))),
            new Industry("物流车队", 4, "物流车队维修站", List.of(p("900-214-08", 1), p("900-041-49", .6), p("900-249-08", .5), p("900-052-31", .3))),
            new Industry("塑料制品", 3, "塑料制品厂", List.of(p("900-014-13", 1), p("900-041-49", .8), p("900-039-49", .4))));

    private static Produces p(String code, double share) {
        return new Produces(code, share);
    }

    /** One kind of container a code comes in: type, litres, median kg and log-normal sigma, share among the code's containers. */
    record Pack(String type, int litres, double medianKg, double sigma, double share) {
    }

    /** How a code is packed and described on its manifest line. */
    record CodeShape(String form, String components, int volumeWeight, List<Pack> packs) {
    }

    static final Map<String, CodeShape> CODES = Map.ofEntries(
            Map.entry("900-214-08", new CodeShape("LIQUID", "废机油、废齿轮油", 2, List.of(
                    pk("DRUM", 25, 18, .30, .70), pk("DRUM", 60, 45, .20, .18), pk("DRUM", 200, 165, .10, .12)))),
            Map.entry("900-249-08", new CodeShape("LIQUID", "废矿物油、油泥", 2, List.of(
                    pk("DRUM", 25, 19, .30, .65), pk("DRUM", 60, 48, .20, .25), pk("DRUM", 200, 170, .10, .10)))),
            Map.entry("900-041-49", new CodeShape("SOLID", "沾染矿物油的抹布、手套、滤芯", 3, List.of(
                    pk("BAG", 100, 9, .50, .85), pk("BOX", 60, 14, .40, .15)))),
            Map.entry("900-039-49", new CodeShape("SOLID", "废活性炭（吸附有机废气）", 1, List.of(
                    pk("BAG", 100, 22, .35, .90), pk("BAG", 200, 45, .25, .10)))),
            Map.entry("900-252-12", new CodeShape("SEMI_SOLID", "漆渣、废漆桶残液", 2, List.of(
                    pk("DRUM", 25, 15, .40, .60), pk("DRUM", 60, 40, .25, .30), pk("BOX", 60, 12, .40, .10)))),
            Map.entry("900-253-12", new CodeShape("SEMI_SOLID", "废油墨、清洗废液", 1, List.of(
                    pk("DRUM", 25, 14, .35, .80), pk("DRUM", 60, 40, .25, .20)))),
            Map.entry("900-402-06", new CodeShape("LIQUID", "废清洗溶剂（二甲苯、丙酮）", 1, List.of(
                    pk("DRUM", 25, 17, .30, .80), pk("DRUM", 60, 42, .20, .20)))),
            Map.entry("900-404-06", new CodeShape("LIQUID", "废有机溶剂（乙醇、异丙醇）", 1, List.of(
                    pk("BOTTLE", 10, 7, .40, .60), pk("DRUM", 25, 18, .30, .40)))),
            Map.entry("900-047-49", new CodeShape("LIQUID", "实验室废液（有机溶剂、酸碱）", 1, List.of(
                    pk("BOTTLE", 5, 4, .40, .60), pk("BOTTLE", 25, 18, .30, .30), pk("BOX", 30, 8, .40, .10)))),
            Map.entry("900-006-09", new CodeShape("LIQUID", "废切削液（乳化液）", 2, List.of(
                    pk("DRUM", 25, 22, .25, .60), pk("DRUM", 60, 50, .20, .29), pk("DRUM", 200, 180, .10, .10), pk("IBC", 1000, 850, .12, .01)))),
            Map.entry("336-064-17", new CodeShape("LIQUID", "废酸洗液、磷化废液", 2, List.of(
                    pk("DRUM", 25, 26, .25, .80), pk("DRUM", 60, 55, .20, .15), pk("DRUM", 200, 210, .10, .05)))),
            Map.entry("900-052-31", new CodeShape("SOLID", "废铅蓄电池", 1, List.of(pk("BOX", 120, 60, .40, 1)))),
            Map.entry("900-014-13", new CodeShape("SEMI_SOLID", "废胶粘剂、密封胶", 1, List.of(
                    pk("DRUM", 25, 15, .35, .80), pk("BOX", 30, 10, .40, .20)))));

    private static Pack pk(String type, int litres, double kg, double sigma, double share) {
        return new Pack(type, litres, kg, sigma, share);
    }

    /** A kind of receiver (接受人): what its licence permits and how it treats each code. */
    record ReceiverKind(String key, String nameSuffix, List<String> categories, List<String> codes, Map<String, String> methods,
                        String defaultMethod, int approvedTonnes) {
        String method(String code) {
            return methods.getOrDefault(code, defaultMethod);
        }
    }

    static final ReceiverKind INCINERATOR = new ReceiverKind("INC", "危险废物焚烧处置有限公司",
            List.of("HW06", "HW08", "HW09", "HW12", "HW13", "HW49"), List.of(), Map.of("900-006-09", "D9"), "D10", 30000);
    static final ReceiverKind OIL = new ReceiverKind("OIL", "废矿物油再生利用有限公司",
            List.of(), List.of("900-214-08", "900-249-08", "900-199-08", "900-200-08"), Map.of(), "R9", 20000);
    static final ReceiverKind PHYS_CHEM = new ReceiverKind("PHC", "工业废液物化处理有限公司",
            List.of("HW09", "HW17"), List.of("900-047-49"), Map.of(), "D9", 15000);
    static final ReceiverKind BATTERY = new ReceiverKind("BAT", "废铅蓄电池回收利用有限公司",
            List.of("HW31"), List.of(), Map.of(), "R4", 10000);
    static final ReceiverKind SOLVENT = new ReceiverKind("SOL", "废溶剂再生有限公司",
            List.of("HW06"), List.of(), Map.of(), "R2", 10000);
    static final ReceiverKind KILN = new ReceiverKind("KLN", "水泥窑协同处置有限公司",
            List.of("HW08", "HW12", "HW13"), List.of("900-039-49", "900-041-49"), Map.of(), "C1", 50000);

    static final List<ReceiverKind> RECEIVER_KINDS = List.of(INCINERATOR, OIL, PHYS_CHEM, BATTERY, SOLVENT, KILN);

    /** Where each code goes: kinds of receiver with their shares. */
    static final Map<String, List<Route>> ROUTES = Map.ofEntries(
            Map.entry("900-214-08", List.of(r(OIL, .9), r(INCINERATOR, .1))),
            Map.entry("900-249-08", List.of(r(OIL, .7), r(KILN, .2), r(INCINERATOR, .1))),
            Map.entry("900-041-49", List.of(r(INCINERATOR, .6), r(KILN, .4))),
            Map.entry("900-039-49", List.of(r(INCINERATOR, .4), r(KILN, .6))),
            Map.entry("900-252-12", List.of(r(INCINERATOR, .5), r(KILN, .5))),
            Map.entry("900-253-12", List.of(r(INCINERATOR, .7), r(KILN, .3))),
            Map.entry("900-402-06", List.of(r(SOLVENT, .7), r(INCINERATOR, .3))),
            Map.entry("900-404-06", List.of(r(SOLVENT, .6), r(INCINERATOR, .4))),
            Map.entry("900-047-49", List.of(r(PHYS_CHEM, .6), r(INCINERATOR, .4))),
            Map.entry("900-006-09", List.of(r(PHYS_CHEM, .8), r(INCINERATOR, .2))),
            Map.entry("336-064-17", List.of(r(PHYS_CHEM, 1))),
            Map.entry("900-052-31", List.of(r(BATTERY, 1))),
            Map.entry("900-014-13", List.of(r(INCINERATOR, .6), r(KILN, .4))));

    record Route(ReceiverKind kind, double share) {
    }

    private static Route r(ReceiverKind kind, double share) {
        return new Route(kind, share);
    }

    /** Every category the history's codes fall in (a history collector's licence covers them all). */
    static final List<String> CATEGORIES = List.of("HW06", "HW08", "HW09", "HW12", "HW13", "HW17", "HW31", "HW49");

    static final List<String> BRANDS = List.of("宏达", "永盛", "鑫源", "华瑞", "恒通", "金利", "德胜", "联丰", "新宇", "瑞丰",
            "天成", "海诚", "博远", "顺发", "嘉禾", "兴隆", "万通", "广源", "东升", "振华", "富强", "利民", "安达", "宝丰", "卓越",
            "正泰", "信诚", "明辉", "长兴", "通达", "协和", "立新", "远航", "锦程", "盛世", "隆鑫", "晨光", "恒昌", "久安", "福瑞");

    static final List<String> ROADS = List.of("人民路", "工业园路", "创业路", "澄山路", "长江路", "滨江路", "环城路", "兴业路",
            "科技大道", "希望路", "朝阳路", "新华路", "建设路", "金山路", "振兴路");

    static final String SURNAMES = "张李王刘陈杨黄赵周吴徐孙朱马胡郭林何高梁";

    static final List<String> REFUSAL_REASONS = List.of("包装破损渗漏，需重新包装", "标签与实物不符（废物名称）",
            "含水率超出接收标准", "桶内混入其他类别废物", "重量与联单差异过大，退回复核");

    static final List<String> CANCEL_REASONS = List.of("产废单位停产检修，本次不收运", "产废单位要求改期收运",
            "收运车辆故障，本次取消", "联单信息填写错误，重新开具");

    /** Weighted pick: index into a list of weights. */
    static int pick(SplittableRandom rng, double[] weights, double total) {
        double x = rng.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Log-normal with the given median and sigma. */
    static double logNormal(SplittableRandom rng, double median, double sigma) {
        return median * Math.exp(sigma * gaussian(rng));
    }

    static double gaussian(SplittableRandom rng) {
        double u = Math.max(rng.nextDouble(), 1e-12);
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static int poisson(SplittableRandom rng, double mean) {
        if (mean > 30) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
