-- HazChain foundation: reference data (catalogue, treatment methods), parties, vehicles, licences, accounts.
-- Nothing in HazChain is deleted: rows are closed or disabled, never removed (keep records >= 10 years).

-- Waste catalogue. Each edition of the National Hazardous Waste List is data; editions sit side by side.
CREATE TABLE catalogue_edition (
    edition     text PRIMARY KEY,
    title       text NOT NULL,
    code_count  integer NOT NULL,
    loaded_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE waste_code (
    edition        text NOT NULL REFERENCES catalogue_edition(edition),
    code           char(10) NOT NULL CHECK (code ~ '^[0-9]{3}-[0-9]{3}-[0-9]{2}$'),
    category       char(4) NOT NULL CHECK (category ~ '^HW[0-9]{2}$'),
    category_name  text NOT NULL,
    industry       text NOT NULL,
    description    text NOT NULL,
    hazard         text NOT NULL,
    hazards        varchar[] NOT NULL,
    PRIMARY KEY (edition, code),
    CHECK (substr(code, 9, 2) = substr(category, 3, 2))
);
CREATE INDEX waste_code_category_idx ON waste_code (edition, category);

-- Utilisation / disposal method codes recorded by receivers.
CREATE TABLE treatment_method (
    code     text PRIMARY KEY,
    kind     text NOT NULL CHECK (kind IN ('UTILISATION', 'DISPOSAL', 'CO_PROCESSING', 'MEDICAL')),
    name_zh  text NOT NULL,
    name_en  text NOT NULL
);

INSERT INTO treatment_method (code, kind, name_zh, name_en) VALUES
 ('R1',  'UTILISATION', '作为燃料或以其他方式产生能量', 'Use as fuel or other means to generate energy'),
 ('R2',  'UTILISATION', '溶剂回收/再生', 'Solvent reclamation/regeneration'),
 ('R3',  'UTILISATION', '再循环/再利用不是用作溶剂的有机物', 'Recycling/reclamation of organic substances not used as solvents'),
 ('R4',  'UTILISATION', '再循环/再利用金属和金属化合物', 'Recycling/reclamation of metals and metal compounds'),
 ('R5',  'UTILISATION', '再循环/再利用其他无机物', 'Recycling/reclamation of other inorganic materials'),
 ('R6',  'UTILISATION', '再生酸或碱', 'Regeneration of acids or bases'),
 ('R7',  'UTILISATION', '回收污染减除剂的组分', 'Recovery of components used for pollution abatement'),
 ('R8',  'UTILISATION', '回收催化剂组分', 'Recovery of components from catalysts'),
 ('R9',  'UTILISATION', '废油再提炼或其他废油的再利用', 'Used oil re-refining or other reuses of used oil'),
 ('R15', 'UTILISATION', '其他', 'Other utilisation'),
 ('D1',  'DISPOSAL', '填埋', 'Landfill'),
 ('D9',  'DISPOSAL', '物理化学处理', 'Physico-chemical treatment'),
 ('D10', 'DISPOSAL', '焚烧', 'Incineration'),
 ('D16', 'DISPOSAL', '其他', 'Other disposal'),
 ('C1',  'CO_PROCESSING', '水泥窑协同处置', 'Co-processing in cement kilns'),
 ('C2',  'CO_PROCESSING', '生产建筑材料', 'Production of building materials'),
 ('C3',  'CO_PROCESSING', '清洗包装容器', 'Cleaning of packaging containers'),
 ('Y10', 'MEDICAL', '医疗废物焚烧', 'Medical waste incineration'),
 ('Y11', 'MEDICAL', '医疗废物高温蒸汽处理', 'Medical waste autoclaving'),
 ('Y12', 'MEDICAL', '医疗废物化学消毒处理', 'Medical waste chemical disinfection'),
 ('Y13', 'MEDICAL', '医疗废物微波消毒处理', 'Medical waste microwave disinfection'),
 ('Y16', 'MEDICAL', '医疗废物其他处置', 'Other medical waste treatment');

-- Parties: organisations identified by their unified social credit code (GB 32100-2015).
CREATE TABLE party (
    id                   bigserial PRIMARY KEY,
    uscc                 char(18) NOT NULL UNIQUE,
    kind                 text NOT NULL CHECK (kind IN ('GENERATOR', 'COLLECTOR', 'STORAGE_POINT', 'CARRIER', 'RECEIVER', 'REGULATOR')),
    name                 text NOT NULL,
    town                 text,
    address              text,
    contact_name         text,
    contact_phone        text,
    latitude             double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude            double precision CHECK (longitude BETWEEN -180 AND 180),
    industry             text,
    annual_generation_t  numeric(12, 3) CHECK (annual_generation_t >= 0),
    parent_id            bigint REFERENCES party(id),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    version              integer NOT NULL DEFAULT 0,
    CHECK ((kind = 'STORAGE_POINT') = (parent_id IS NOT NULL))
);
CREATE INDEX party_kind_idx ON party (kind, name);
CREATE INDEX party_town_idx ON party (town);
CREATE INDEX party_parent_idx ON party (parent_id);

CREATE TABLE vehicle (
    id              bigserial PRIMARY KEY,
    owner_party_id  bigint NOT NULL REFERENCES party(id),
    plate           text NOT NULL UNIQUE,
    dg_permit_no    text NOT NULL,
    capacity_kg     integer NOT NULL CHECK (capacity_kg > 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 0
);
CREATE INDEX vehicle_owner_idx ON vehicle (owner_party_id);

-- Hazardous-waste operating licences (危险废物经营许可证).
CREATE TABLE licence (
    id                    bigserial PRIMARY KEY,
    number                text NOT NULL UNIQUE,
    holder_party_id       bigint NOT NULL REFERENCES party(id),
    kind                  text NOT NULL CHECK (kind IN ('COMPREHENSIVE', 'COLLECTION')),
    permitted_codes       varchar[] NOT NULL DEFAULT '{}',
    permitted_categories  varchar[] NOT NULL DEFAULT '{}',
    approved_annual_t     numeric(12, 3) NOT NULL CHECK (approved_annual_t > 0),
    valid_from            date NOT NULL,
    valid_to              date NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    version               integer NOT NULL DEFAULT 0,
    CHECK (valid_to >= valid_from),
    CHECK (cardinality(permitted_codes) + cardinality(permitted_categories) > 0)
);
CREATE INDEX licence_holder_idx ON licence (holder_party_id, valid_from);

-- Quantities received under a licence; the annual-capacity check sums them per calendar year.
CREATE TABLE licence_intake (
    id           bigserial PRIMARY KEY,
    licence_id   bigint NOT NULL REFERENCES licence(id),
    received_on  date NOT NULL,
    waste_code   char(10) NOT NULL,
    tonnes       numeric(12, 3) NOT NULL CHECK (tonnes > 0),
    reference    text NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX licence_intake_year_idx ON licence_intake (licence_id, received_on);

-- Accounts. Passwords are Argon2id hashes; failed logins lock an account for a while.
CREATE TABLE app_user (
    id               bigserial PRIMARY KEY,
    username         text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    display_name     text NOT NULL,
    password_hash    text NOT NULL,
    party_id         bigint NOT NULL REFERENCES party(id),
    roles            varchar[] NOT NULL CHECK (cardinality(roles) > 0),
    enabled          boolean NOT NULL DEFAULT true,
    failed_logins    integer NOT NULL DEFAULT 0,
    locked_until     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    version          integer NOT NULL DEFAULT 0
);
CREATE INDEX app_user_party_idx ON app_user (party_id);
