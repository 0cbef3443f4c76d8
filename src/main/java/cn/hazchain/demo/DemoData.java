package cn.hazchain.demo;

import cn.hazchain.security.Role;
import cn.hazchain.account.UserService;
import cn.hazchain.common.HazChainConfig;
import cn.hazchain.licence.Licence;
import cn.hazchain.party.Party;
import cn.hazchain.party.PartyKind;
import cn.hazchain.party.Uscc;
import cn.hazchain.party.Vehicle;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A realistic Jiangyin (江阴市) data set, created on the first start of an empty database when
 * {@code hazchain.demo=true} (the default with the embedded database). Demo passwords are {@code demo-<username>}.
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    /** Usernames of the demo accounts; each password is "demo-" + username. */
    public static final List<String> USERNAMES = List.of("admin", "regulator", "collector", "driver", "keeper", "receiver", "generator");

    /** Accounts only the demo's history adds (the recycler's operator): their hashes are kept as the others are. */
    public static final List<String> HISTORY_USERNAMES = List.of("recycler");

    /** Every demo account whose password hash is kept in {@value #PASSWORD_HASHES}. */
    public static final List<String> KEPT_HASH_USERNAMES = java.util.stream.Stream.concat(USERNAMES.stream(), HISTORY_USERNAMES.stream()).toList();

    @Inject
    HazChainConfig config;

    @Inject
    UserService users;

    @Inject
    cn.hazchain.account.PasswordHasher hasher;

    @Inject
    Instance<DemoExtension> extensions;

    @Inject
    jakarta.persistence.EntityManager em;

    record Generator(String name, String town, String industry, double lat, double lon, String annualTonnes, String... codes) {
    }

    /** 30 small and micro generators over Jiangyin's towns and streets, with the codes they typically produce. */
    static final List<Generator> GENERATORS = List.of(
            new Generator("江阴市澄江汽车修理厂", "澄江街道", "汽车修理", 31.905, 120.271, "3.2", "900-214-08", "900-041-49", "900-052-31"),
            new Generator("江阴市南闸顺达汽修服务部", "南闸街道", "汽车修理", 31.852, 120.318, "1.8", "900-214-08", "900-041-49"),
            new Generator("江阴云亭精工机械有限公司", "云亭街道", "机械加工", 31.878, 120.349, "4.5", "900-006-09", "900-249-08", "900-041-49"),
            new Generator("江阴城东彩印包装厂", "城东街道", "印刷", 31.921, 120.325, "2.1", "900-253-12", "900-041-49"),
            new Generator("江阴申港喷涂加工有限公司", "申港街道", "表面喷涂", 31.935, 120.182, "6.0", "900-252-12", "900-039-49", "900-041-49"),
            new Generator("江阴夏港家具漆面加工厂", "夏港街道", "家具制造", 31.930, 120.223, "5.5", "900-252-12", "900-039-49"),
            new Generator("江阴利港船舶配件厂", "利港街道", "金属制品", 31.944, 120.116, "7.2", "900-249-08", "900-006-09", "900-041-49"),
            new Generator("江阴璜土捷达汽车维修中心", "璜土镇", "汽车修理", 31.928, 120.074, "2.6", "900-214-08", "900-052-31", "900-041-49"),
            new Generator("江阴月城精密五金厂", "月城镇", "机械加工", 31.851, 120.247, "3.9", "900-006-09", "900-249-08"),
            new Generator("江阴青阳纺机配件有限公司", "青阳镇", "机械加工", 31.808, 120.305, "4.1", "900-249-08", "900-041-49"),
            new Generator("江阴徐霞客中学化学实验室", "徐霞客镇", "教育", 31.791, 120.344, "0.4", "900-047-49"),
            new Generator("江阴华士印务有限公司", "华士镇", "印刷", 31.818, 120.438, "2.8", "900-253-12", "900-041-49"),
            new Generator("江阴周庄喷漆加工厂", "周庄镇", "表面喷涂", 31.836, 120.410, "5.1", "900-252-12", "900-039-49"),
            new Generator("江阴新桥汽车美容维修店", "新桥镇", "汽车修理", 31.792, 120.403, "1.2", "900-214-08", "900-041-49"),
            new Generator("江阴长泾纺织机械厂", "长泾镇", "机械加工", 31.763, 120.379, "3.3", "900-249-08", "900-006-09"),
            new Generator("江阴顾山精细化工检测中心", "顾山镇", "检测服务", 31.769, 120.461, "0.6", "900-047-49", "900-041-49"),
            new Generator("江阴祝塘金属表面处理厂", "祝塘镇", "金属制品", 31.742, 120.323, "6.8", "900-252-12", "900-039-49", "900-041-49"),
            new Generator("江阴高新区生物医药研发实验室", "高新区", "研发实验", 31.882, 120.302, "0.9", "900-047-49", "900-041-49"),
            new Generator("江阴临港物流车队维修站", "临港开发区", "汽车修理", 31.939, 120.161, "4.0", "900-214-08", "900-249-08", "900-052-31"),
            new Generator("江阴澄江广告印刷社", "澄江街道", "印刷", 31.899, 120.284, "0.8", "900-253-12"),
            new Generator("江阴南闸模具加工厂", "南闸街道", "机械加工", 31.846, 120.309, "2.2", "900-006-09", "900-249-08"),
            new Generator("江阴云亭汽车维修有限公司", "云亭街道", "汽车修理", 31.884, 120.338, "2.9", "900-214-08", "900-041-49", "900-052-31"),
            new Generator("江阴城东家具喷涂厂", "城东街道", "家具制造", 31.915, 120.336, "4.6", "900-252-12", "900-039-49"),
            new Generator("江阴申港电镀配件厂", "申港街道", "金属制品", 31.927, 120.196, "5.9", "900-249-08", "900-041-49"),
            new Generator("江阴华士机械零部件有限公司", "华士镇", "机械加工", 31.826, 120.447, "3.7", "900-006-09", "900-249-08"),
            new Generator("江阴周庄包装印刷厂", "周庄镇", "印刷", 31.842, 120.398, "1.9", "900-253-12", "900-041-49"),
            new Generator("江阴新桥纺织印花厂", "新桥镇", "纺织印染", 31.786, 120.396, "3.0", "900-252-12", "900-041-49"),
            new Generator("江阴青阳社区卫生服务中心检验科", "青阳镇", "卫生", 31.814, 120.297, "0.3", "900-047-49"),
            new Generator("江阴月城汽车维修厂", "月城镇", "汽车修理", 31.858, 120.256, "2.4", "900-214-08", "900-052-31"),
            new Generator("江阴璜土精密铸造厂", "璜土镇", "金属制品", 31.920, 120.062, "6.3", "900-249-08", "900-006-09", "900-041-49"));

    /** Deterministic, valid USCCs of Jiangyin (91 320281 …) for the demo. */
    static String uscc(int n) {
        return Uscc.withCheck("91320281MA1" + String.format("%06d", 100000 + n * 7919 % 900000));
    }

    /**
     * One transaction, history included: a start stopped half-way leaves an empty database, written again next time.
     * Its timeout is 15 minutes, not the default minute: the history takes 8-13 s on two cores here, and a first start
     * on a slower or busier machine must not fail for it.
     */
    @Transactional
    @io.quarkus.narayana.jta.runtime.TransactionConfiguration(timeout = 900)
    void onStart(@Observes @Priority(100) StartupEvent event) {
        if (!config.demo() || Party.count() > 0) {
            return;
        }
        Map<String, Party> p = new LinkedHashMap<>();
        p.put("regulator", party(900, PartyKind.REGULATOR, "江阴市生态环境局", "澄江街道", "江阴市澄江中路128号", 31.910, 120.285, null, null));
        p.put("collector", party(901, PartyKind.COLLECTOR, "江阴锦绣江南环境服务有限公司", "临港开发区", "江阴市临港开发区滨江西路88号", 31.942, 120.170, null, null));
        p.put("storage", party(902, PartyKind.STORAGE_POINT, "锦绣江南小微危废集中收集贮存点（临港）", "临港开发区", "江阴市临港开发区滨江西路90号", 31.941, 120.172, null, p.get("collector").id));
        p.put("incinerator", party(903, PartyKind.RECEIVER, "江阴绿源危险废物焚烧处置有限公司", "利港街道", "江阴市利港街道西利路18号", 31.950, 120.105, null, null));
        p.put("recycler", party(904, PartyKind.RECEIVER, "江阴润泽废矿物油再生利用有限公司", "夏港街道", "江阴市夏港街道长山大道66号", 31.933, 120.231, null, null));
        List<Party> generators = new ArrayList<>();
        for (int i = 0; i < GENERATORS.size(); i++) {
            Generator g = GENERATORS.get(i);
            Party party = party(i + 1, PartyKind.GENERATOR, g.name(), g.town(), "江阴市" + g.town() + (i + 1) + "号", g.lat(), g.lon(), g, null);
            generators.add(party);
        }
        vehicle(p.get("collector"), "苏BD12345", "苏交运管危字320281000123号", 5000);
        vehicle(p.get("collector"), "苏B·6M8Q2", "苏交运管危字320281000124号", 8000);

        LocalDate today = LocalDate.now(config.zone());
        licence("JSHW-3202-2024-017", p.get("collector"), Licence.Kind.COLLECTION, List.of(),
                List.of("HW06", "HW08", "HW09", "HW12", "HW31", "HW49"), "3000", today.minusYears(1), today.plusYears(2));
        licence("JSHW-3202-2023-005", p.get("incinerator"), Licence.Kind.COMPREHENSIVE, List.of(),
                List.of("HW06", "HW08", "HW09", "HW12", "HW13", "HW49"), "20000", today.minusYears(2), today.plusYears(3));
        licence("JSHW-3202-2025-011", p.get("recycler"), Licence.Kind.COMPREHENSIVE,
                List.of("900-214-08", "900-249-08", "900-199-08", "900-200-08"), List.of(), "8000", today.minusMonths(6), today.plusYears(4));

        Map<String, String> hashes = passwords(USERNAMES);
        Map<String, Long> accounts = new LinkedHashMap<>();
        accounts.put("admin", account(hashes, "admin", "平台管理员 Platform administrator", p.get("regulator"), Role.ADMIN));
        accounts.put("regulator", account(hashes, "regulator", "江阴市生态环境局 监管员", p.get("regulator"), Role.REGULATOR));
        accounts.put("collector", account(hashes, "collector", "收运调度员 Collector operator", p.get("collector"), Role.COLLECTOR_OPERATOR));
        accounts.put("driver", account(hashes, "driver", "收运司机 Driver", p.get("collector"), Role.DRIVER));
        accounts.put("keeper", account(hashes, "keeper", "贮存点管理员 Storage keeper", p.get("storage"), Role.STORAGE_KEEPER));
        accounts.put("receiver", account(hashes, "receiver", "处置厂接收员 Receiver operator", p.get("incinerator"), Role.RECEIVER_OPERATOR));
        accounts.put("generator", account(hashes, "generator", "产废单位联系人 Generator staff", generators.get(0), Role.GENERATOR_STAFF));

        // every demo generator has a staff member who confirms pickups on the driver's handheld with code 246810 (issue #15);
        // the first is the "generator" account, the others have no password (an administrator sets one to sign in)
        for (int i = 1; i < generators.size(); i++) {
            String username = String.format("staff-%02d", i + 1);
            accounts.put(username, users.createHashed(username, "产废单位联系人 " + generators.get(i).contactName, "!", generators.get(i).id,
                    Set.of(Role.GENERATOR_STAFF)).id);
        }
        em.createNativeQuery("UPDATE app_user SET confirmation_code_hash = ?1, confirmation_code_set_at = now() WHERE 'GENERATOR_STAFF' = ANY (roles)")
                .setParameter(1, hasher.hashConfirmationCode(CONFIRMATION_CODE)).executeUpdate();

        DemoSet set = new DemoSet(p, generators, accounts);
        extensions.stream().forEach(ext -> ext.extend(set));
        StringBuilder banner = new StringBuilder("HazChain demo data created (江阴 Jiangyin: ")
                .append(generators.size()).append(" generators). Demo accounts (password = demo-<username>):");
        USERNAMES.forEach(u -> banner.append(' ').append(u));
        LOG.info(banner);
    }

    /** The demo generator staff's pickup confirmation code. */
    public static final String CONFIRMATION_CODE = "246810";

    /** What the demo created, for features that add their own demo records. */
    public record DemoSet(Map<String, Party> parties, List<Party> generators, Map<String, Long> userIds) {
    }

    /** Later features add demo records (manifests, custody events) through this hook. */
    public interface DemoExtension {
        void extend(DemoSet demo);
    }

    private Party party(int n, PartyKind kind, String name, String town, String address, double lat, double lon, Generator g, Long parent) {
        Party party = new Party();
        party.uscc = uscc(n);
        party.kind = kind;
        party.name = name;
        party.town = town;
        party.address = address;
        party.contactName = kind == PartyKind.GENERATOR ? "张李刘陈杨黄赵周吴徐".charAt(n % 10) + "工（环保负责人）" : "值班室";
        party.contactPhone = "0510-86" + String.format("%06d", 100000 + n * 3137 % 900000);
        party.latitude = lat;
        party.longitude = lon;
        if (g != null) {
            party.industry = g.industry();
            party.annualGenerationTonnes = new BigDecimal(g.annualTonnes());
        }
        party.parentId = parent;
        party.persistAndFlush();
        return party;
    }

    private static void vehicle(Party owner, String plate, String permit, int capacityKg) {
        Vehicle v = new Vehicle();
        v.ownerPartyId = owner.id;
        v.plate = plate.replace("·", "");
        v.dgPermitNo = permit;
        v.capacityKg = capacityKg;
        // permits run for years; the demo's are valid for a year and a half from its first start
        v.dgPermitValidTo = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusMonths(18);
        v.persist();
    }

    private static void licence(String number, Party holder, Licence.Kind kind, List<String> codes, List<String> categories,
                                String tonnes, LocalDate from, LocalDate to) {
        Licence l = new Licence();
        l.number = number;
        l.holderPartyId = holder.id;
        l.kind = kind;
        l.permittedCodes = codes;
        l.permittedCategories = categories;
        l.approvedAnnualTonnes = new BigDecimal(tonnes);
        l.validFrom = from;
        l.validTo = to;
        // the methods each receiver's licence permits: the incinerator burns (D10), the recycler re-refines oil (R9)
        l.permittedMethods = holder.kind == PartyKind.RECEIVER ? List.of(number.endsWith("-005") ? "D10" : "R9") : List.of();
        l.persist();
    }

    private long account(Map<String, String> hashes, String username, String displayName, Party party, Role role) {
        return users.createHashed(username, displayName, hashes.get(username), party.id, Set.of(role)).id;
    }

    /** Where the demo passwords' hashes are kept (made by {@code DemoPasswordHashesTest -DwriteDemoHashes=true}). */
    public static final String PASSWORD_HASHES = "demo/password-hashes.properties";

    /**
     * The demo passwords' hashes ("demo-" + username). The passwords are printed in the README and in the start-up
     * banner, so their hashes protect nothing and need not be made again on every first start (seven Argon2 runs of
     * 19 MiB on a cold JVM took about a tenth of a first start's main-thread time): they are read from
     * {@value #PASSWORD_HASHES}. A username missing there, or a hash made with other parameters than today's
     * {@link cn.hazchain.account.PasswordHasher}'s, is hashed here instead, on all cores at once.
     */
    public Map<String, String> passwords(List<String> usernames) {
        java.util.Properties kept = storedPasswordHashes();
        return usernames.parallelStream().collect(java.util.stream.Collectors.toMap(u -> u, u -> {
            String phc = kept.getProperty(u);
            return hasher.isCurrent(phc) ? phc : hasher.hash("demo-" + u);
        }));
    }

    /** The kept hashes, by username (empty when the file is missing). */
    public static java.util.Properties storedPasswordHashes() {
        java.util.Properties kept = new java.util.Properties();
        try (java.io.InputStream in = DemoData.class.getClassLoader().getResourceAsStream(PASSWORD_HASHES)) {
            if (in != null) {
                kept.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + PASSWORD_HASHES, e);
        }
        return kept;
    }

    /** Generator i's typical codes (for demo manifests). */
    public static List<String> codesOf(int generatorIndex) {
        return List.of(GENERATORS.get(generatorIndex).codes());
    }

    /** Waste lead-acid batteries (HW31): no receiver of the demo takes them. */
    public static final String LEAD_BATTERIES = "900-052-31";

    /**
     * The codes the demo collector picks up from generator i: all but lead batteries, which it leaves to the batteries'
     * own collection network since the boxes it took in spring got stuck at its storage point (the demo's history).
     */
    public static List<String> collectedCodesOf(int generatorIndex) {
        return codesOf(generatorIndex).stream().filter(c -> !c.equals(LEAD_BATTERIES)).toList();
    }
}
