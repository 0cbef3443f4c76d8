-- Co-loading compatibility (issue #17, point 3): which wastes may not share a vehicle or a lot, kept as data with its
-- source. A waste code belongs to segregation groups by its category (or by the code itself); a rule names two groups
-- that may not meet ('*': a group that may meet no other waste at all). Read by catalogue/CoLoadingService, decided by
-- the pure catalogue/CoLoading, enforced by the planner, at round and transfer creation, at collection onto a round's
-- vehicle and at loading onto a transfer (a lot holds one waste code). Rows are never changed in place: a new edition
-- of a rule is a new migration.

CREATE TABLE coloading_source (
    id        text PRIMARY KEY CHECK (id ~ '^[A-Z0-9-]+$'),
    title     text NOT NULL,
    clause    text NOT NULL,
    note      text
);

INSERT INTO coloading_source (id, title, clause, note) VALUES
 ('GB18597-2023', 'GB 18597-2023 危险废物贮存污染控制标准 / Standard for pollution control on hazardous waste storage',
  '贮存设施与容器: 不相容的危险废物应分开存放、分区贮存，并设置隔离 / incompatible hazardous wastes are stored apart, in separate areas',
  'the principle; its list of incompatible pairs is the one below'),
 ('GB18597-2001-A', 'GB 18597-2001 附录A 部分不相容的危险废物 / Appendix A, incompatible hazardous wastes',
  '附录A 表A.1 (the pairs: cyanides and acids, strong acids and strong bases, heavy metals and oxidising acids, oxidisers and reducers)',
  'superseded as a whole by GB 18597-2023, which keeps the separation duty; the pairs are kept here as the published list (verify against the current text)'),
 ('JTT617-2018', 'JT/T 617-2018 危险货物道路运输规则 (ADR 7.5.2) / road transport of dangerous goods',
  'JT/T 617.6 混合装载: class 1 (explosives) is not loaded with goods of other classes',
  'dangerous-goods classes follow GB 6944-2012; the catalogue''s hazard characteristics map to them: T 6.1, C 8, I 3/4.1, R 4.2/4.3/5.1, In 6.2'),
 ('MWM-REG-2003', '医疗废物管理条例 (国务院令第380号, 2011 修订) / Regulations on medical waste management',
  '运送医疗废物应当使用专用车辆，专用车辆不得运送其他物品 / medical waste travels in dedicated vehicles that carry nothing else',
  'HW01 is collected by the medical-waste system; a collector that meets it keeps it apart');

CREATE TABLE coloading_group (
    code       text PRIMARY KEY CHECK (code ~ '^[A-Z_]+$'),
    name_zh    text NOT NULL,
    name_en    text NOT NULL,
    dg_class   text NOT NULL,
    source_id  text NOT NULL REFERENCES coloading_source(id)
);

INSERT INTO coloading_group (code, name_zh, name_en, dg_class, source_id) VALUES
 ('ACID', '酸性废物', 'acid wastes', '8', 'GB18597-2001-A'),
 ('ALKALI', '碱性废物', 'alkaline wastes', '8', 'GB18597-2001-A'),
 ('CYANIDE', '含氰废物', 'cyanide wastes', '6.1', 'GB18597-2001-A'),
 ('HEAVY_METAL', '含铬、铜重金属废物', 'chromium and copper wastes', '6.1', 'GB18597-2001-A'),
 ('EXPLOSIVE', '爆炸性废物', 'explosive wastes', '1', 'JTT617-2018'),
 ('INFECTIOUS', '医疗（感染性）废物', 'medical (infectious) wastes', '6.2', 'MWM-REG-2003');

-- Membership: by category (HW34), or by one code where a code's contents differ from its category's.
CREATE TABLE coloading_member (
    group_code  text NOT NULL REFERENCES coloading_group(code),
    category    char(4) CHECK (category ~ '^HW[0-9]{2}$'),
    waste_code  char(10) CHECK (waste_code ~ '^[0-9]{3}-[0-9]{3}-[0-9]{2}$'),
    why         text NOT NULL,
    CHECK ((category IS NULL) <> (waste_code IS NULL)),
    UNIQUE (group_code, category, waste_code)
);

INSERT INTO coloading_member (group_code, category, waste_code, why) VALUES
 ('ACID', 'HW34', NULL, '废酸 (C)'),
 ('ACID', NULL, '900-052-31', '废铅蓄电池: its electrolyte is sulphuric acid (C) / 电解液为硫酸'),
 ('ALKALI', 'HW35', NULL, '废碱 (C)'),
 ('CYANIDE', 'HW33', NULL, '无机氰化物废物 (T, R)'),
 ('CYANIDE', 'HW07', NULL, '热处理含氰废物 (T, R)'),
 ('CYANIDE', 'HW38', NULL, '有机氰化物废物 (T)'),
 ('HEAVY_METAL', 'HW21', NULL, '含铬废物 (T)'),
 ('HEAVY_METAL', 'HW22', NULL, '含铜废物 (T)'),
 ('EXPLOSIVE', 'HW15', NULL, '爆炸性废物 (R): class 1'),
 ('INFECTIOUS', 'HW01', NULL, '医疗废物 (In): class 6.2');

CREATE TABLE coloading_rule (
    group_a     text NOT NULL REFERENCES coloading_group(code),
    group_b     text NOT NULL CHECK (group_b = '*' OR group_b ~ '^[A-Z_]+$'),
    hazard_zh   text NOT NULL,
    hazard_en   text NOT NULL,
    source_id   text NOT NULL REFERENCES coloading_source(id),
    PRIMARY KEY (group_a, group_b),
    CHECK (group_b = '*' OR group_a < group_b)
);

INSERT INTO coloading_rule (group_a, group_b, hazard_zh, hazard_en, source_id) VALUES
 ('ACID', 'CYANIDE', '混合产生氰化氢，吸入少量可能致命', 'mixed they give off hydrogen cyanide, which can kill in small amounts', 'GB18597-2001-A'),
 ('ACID', 'ALKALI', '强酸与强碱混合可能引起爆炸性反应并放热', 'strong acids and strong bases can react explosively and give off heat', 'GB18597-2001-A'),
 ('ACID', 'HEAVY_METAL', '与氧化性酸混合产生二氧化氮、亚硝酸烟，刺激眼睛、灼伤皮肤', 'with oxidising acids they give off nitrogen dioxide fumes that burn eyes and skin', 'GB18597-2001-A'),
 ('EXPLOSIVE', '*', '爆炸性废物不与其他危险货物混装', 'explosives are loaded with no other dangerous goods', 'JTT617-2018'),
 ('INFECTIOUS', '*', '医疗废物专车运送，不与其他物品混装', 'medical waste travels in a dedicated vehicle with nothing else', 'MWM-REG-2003');

-- rules name groups that exist (a '*' rule has one group)
CREATE FUNCTION coloading_rule_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.group_b <> '*' AND NOT EXISTS (SELECT 1 FROM coloading_group WHERE code = NEW.group_b) THEN
        RAISE EXCEPTION 'coloading_rule names unknown group %', NEW.group_b USING ERRCODE = '23503';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER coloading_rule_groups BEFORE INSERT OR UPDATE ON coloading_rule FOR EACH ROW EXECUTE FUNCTION coloading_rule_groups();
