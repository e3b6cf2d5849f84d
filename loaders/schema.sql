-- The one definition of the programme database. The loaders build from it, and the validator
-- reads its columns, enums, keys and foreign keys, so a rule written here is checked everywhere.
--
-- Conventions the validator relies on:
-- * every DATE column `x` has a sibling `x_precision` ('day', 'month' or 'year'); the CSV holds
--   `x` as a partial ISO date ("2017", "2017-06", "2017-06-14") and never holds `x_precision`.
--   "~2017" is stored as 2017 with year precision; the DATE is the first day of the period and
--   is only used for sorting and filtering, never shown without its precision.
-- * every record row ends with `source_id`, a foreign key to `sources`.
-- * tables are created in dependency order; the loaders insert in this order.

CREATE TYPE date_precision AS ENUM ('day', 'month', 'year');
CREATE TYPE count_qualifier AS ENUM ('=', '>');
CREATE TYPE initiative_kind AS ENUM (
    'UN initiative', 'programme', 'pilot', 'focus group', 'study group',
    'multistakeholder initiative', 'challenge', 'alliance', 'observance'
);
CREATE TYPE organisation_kind AS ENUM (
    'UN entity', 'government', 'city', 'company', 'academia', 'non-profit', 'intergovernmental',
    'other'
);
CREATE TYPE partner_role AS ENUM ('founder', 'coordinator', 'partner', 'host', 'supporter');
CREATE TYPE event_kind AS ENUM (
    'meeting', 'forum', 'session', 'side event', 'assembly', 'summit', 'webinar', 'observance',
    'launch', 'award', 'congress'
);
CREATE TYPE release_kind AS ENUM (
    'report', 'guide', 'guidelines', 'framework', 'case study', 'taxonomy', 'deliverable set',
    'methodology', 'flipbook', 'factsheet', 'concept note', 'verification report', 'manual',
    'briefing', 'outcome', 'digest'
);
-- What happened on an agreement's date, as its source says: a source that only reports an MoU
-- welcomed at a forum does not say when it was signed.
CREATE TYPE agreement_date_meaning AS ENUM ('signed', 'welcomed', 'announced', 'reported');
-- An event's status as a source states it: announced (set for a date) or held (took place).
CREATE TYPE event_status AS ENUM ('announced', 'held');
CREATE TYPE group_status AS ENUM ('active', 'concluded', 'closed', 'planned');
CREATE TYPE count_metric AS ENUM (
    'un_agencies', 'partners', 'kpi_cities', 'kpi_indicators', 'working_groups', 'task_groups',
    'tracks', 'un_co_organisers', 'experts', 'participants', 'deliverables'
);
-- What one of a count is: figures of two units are never drawn on one axis. Each metric has
-- exactly one unit (the CHECK on counts.unit), and several metrics may share one.
CREATE TYPE count_unit AS ENUM (
    'UN agencies', 'partners', 'cities', 'indicators', 'groups', 'people', 'documents'
);
CREATE MACRO unit_of_metric(metric) AS CASE metric
    WHEN 'un_agencies' THEN 'UN agencies' WHEN 'un_co_organisers' THEN 'UN agencies'
    WHEN 'partners' THEN 'partners'
    WHEN 'kpi_cities' THEN 'cities'
    WHEN 'kpi_indicators' THEN 'indicators'
    WHEN 'working_groups' THEN 'groups' WHEN 'task_groups' THEN 'groups' WHEN 'tracks' THEN 'groups'
    WHEN 'experts' THEN 'people' WHEN 'participants' THEN 'people'
    WHEN 'deliverables' THEN 'documents'
END;

CREATE TABLE sources (
    id VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    -- what a caption under a chart calls the source ("Digest 2025"); empty: the title, cut
    short_title VARCHAR CHECK (length(short_title) <= 30),
    publisher VARCHAR NOT NULL,
    url VARCHAR NOT NULL CHECK (regexp_matches(url, '^https?://[^\s]+$')),
    published_on DATE,
    published_on_precision date_precision,
    -- empty where the date a page was read is not recorded: never a made-up day
    accessed_on DATE,
    accessed_on_precision date_precision
);

CREATE TABLE themes (
    id VARCHAR PRIMARY KEY CHECK (regexp_matches(id, '^[a-z0-9-]+$')),
    name VARCHAR NOT NULL UNIQUE,
    description VARCHAR,
    source_id VARCHAR NOT NULL REFERENCES sources (id)
);

CREATE TABLE initiatives (
    id VARCHAR PRIMARY KEY CHECK (regexp_matches(id, '^[a-z0-9-]+$')),
    name VARCHAR NOT NULL,
    short_name VARCHAR NOT NULL,
    kind initiative_kind NOT NULL,
    started_on DATE NOT NULL,
    started_on_precision date_precision NOT NULL,
    ended_on DATE,
    ended_on_precision date_precision,
    founders VARCHAR,
    parent_id VARCHAR REFERENCES initiatives (id),
    note VARCHAR,
    quote VARCHAR,
    source_id VARCHAR NOT NULL REFERENCES sources (id),
    CHECK (ended_on IS NULL OR ended_on >= started_on),
    CHECK (parent_id IS NULL OR parent_id <> id)
);

-- A name an initiative carried from `named_on`; the newest row is its current name.
CREATE TABLE initiative_names (
    id VARCHAR PRIMARY KEY,
    initiative_id VARCHAR NOT NULL REFERENCES initiatives (id),
    name VARCHAR NOT NULL,
    short_name VARCHAR,
    named_on DATE NOT NULL,
    named_on_precision date_precision NOT NULL,
    quote VARCHAR,
    source_id VARCHAR NOT NULL REFERENCES sources (id)
);

CREATE TABLE thematic_groups (
    id VARCHAR PRIMARY KEY,
    initiative_id VARCHAR NOT NULL REFERENCES initiatives (id),
    name VARCHAR NOT NULL,
    short_name VARCHAR NOT NULL,
    started_on DATE,
    started_on_precision date_precision,
    ended_on DATE,
    ended_on_precision date_precision,
    status group_status,
    note VARCHAR,
    quote VARCHAR,
    source_id VARCHAR NOT NULL REFERENCES sources (id),
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);

-- A working group belongs to an initiative and, optionally, to one of its thematic groups.
CREATE TABLE working_groups (
    id VARCHAR PRIMARY KEY,
    initiative_id VARCHAR NOT NULL REFERENCES initiatives (id),
    thematic_group_id VARCHAR REFERENCES thematic_groups (id),
    code VARCHAR,
    name VARCHAR NOT NULL,
    lead VARCHAR,
    started_on DATE,
    started_on_precision date_precision,
    ended_on DATE,
    ended_on_precision date_precision,
    status group_status,
    note VARCHAR,
    quote VARCHAR,
    source_id VARCHAR NOT NULL REFERENCES sources (id),
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);

CREATE TABLE organisations (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    short_name VARCHAR,
    kind organisation_kind NOT NULL,
    country VARCHAR,
    source_id VARCHAR NOT NULL REFERENCES sources (id)
);

-- An organisation's membership of an initiative.
CREATE TABLE partners (
    id VARCHAR PRIMARY KEY,
    organisation_id VARCHAR NOT NULL REFERENCES organisations (id),
    initiative_id VARCHAR NOT NULL REFERENCES initiatives (id),
    role partner_role NOT NULL,
    joined_on DATE,
    joined_on_precision date_precision,
    left_on DATE,
    left_on_precision date_precision,
    quote VARCHAR,
    source_id VARCHAR NOT NULL REFERENCES sources (id),
    CHECK (left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on)
);

-- Agreements between organisations (MoUs); each is its own record, even between the same parties.
CREATE TABLE agreements (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    parties VARCHAR NOT NULL,
    dated_on DATE NOT NULL,
    dated_on_precision date_precision NOT NULL,
    date_meaning agreement_date_meaning NOT NULL,
    initiative_id VARCHAR REFERENCES initiatives (id),
    note VARCHAR,
    quote VARCHAR,
    source_id VARCHAR NOT NULL REFERENCES sources (id)
);

-- A reported figure. `qualifier` '>' means the source said "more than": a lower bound.
CREATE TABLE counts (
    id VARCHAR PRIMARY KEY,
    initiative_id VARCHAR NOT NULL REFERENCES initiatives (id),
    thematic_group_id VARCHAR REFERENCES thematic_groups (id),
    metric count_metric NOT NULL,
    value BIGINT NOT NULL CHECK (value >= 0),
    unit count_unit NOT NULL CHECK (unit::VARCHAR = unit_of_metric(metric::VARCHAR)),
    qualifier count_qualifier NOT NULL,
    as_of DATE NOT NULL,
    as_of_precision date_precision NOT NULL,
    label VARCHAR,
    quote VARCHAR,
    source_id VARCHAR NOT NULL REFERENCES sources (id)
);

-- Where a city is, for the offline events map.
CREATE TABLE places (
    id VARCHAR PRIMARY KEY,
    city VARCHAR NOT NULL,
    country VARCHAR NOT NULL,
    latitude DOUBLE NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude DOUBLE NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    source_id VARCHAR NOT NULL REFERENCES sources (id)
);

CREATE TABLE events (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind event_kind NOT NULL,
    started_on DATE NOT NULL,
    started_on_precision date_precision NOT NULL,
    ended_on DATE,
    ended_on_precision date_precision,
    place_id VARCHAR REFERENCES places (id),
    online BOOLEAN NOT NULL,
    initiative_id VARCHAR NOT NULL REFERENCES initiatives (id),
    host VARCHAR,
    note VARCHAR,
    quote VARCHAR,
    source_id VARCHAR NOT NULL REFERENCES sources (id),
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);

CREATE TABLE releases (
    id VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    kind release_kind NOT NULL,
    released_on DATE NOT NULL,
    released_on_precision date_precision NOT NULL,
    initiative_id VARCHAR NOT NULL REFERENCES initiatives (id),
    thematic_group_id VARCHAR REFERENCES thematic_groups (id),
    working_group_id VARCHAR REFERENCES working_groups (id),
    event_id VARCHAR REFERENCES events (id),
    item_count INTEGER CHECK (item_count > 0),
    note VARCHAR,
    quote VARCHAR,
    source_id VARCHAR NOT NULL REFERENCES sources (id)
);

-- An event held as part of a larger one: a session at a congress or a summit. A link table
-- rather than a column, so events.csv keeps its columns; an event is part of at most one event.
CREATE TABLE event_parts (
    event_id VARCHAR PRIMARY KEY REFERENCES events (id),
    part_of_event_id VARCHAR NOT NULL REFERENCES events (id),
    source_id VARCHAR NOT NULL REFERENCES sources (id),
    CHECK (part_of_event_id <> event_id)
);

-- What a source said of an event's status, and when it said it. An event announced in one
-- source and reported held in a later one keeps both rows, each citing its own source, so the
-- screens can say when it was announced and when it was held. An event with no row here is one
-- its own source reports as held. One row per status: an event is announced once, held once.
CREATE TABLE event_statuses (
    event_id VARCHAR NOT NULL REFERENCES events (id),
    status event_status NOT NULL,
    -- the announcement's or the report's own date, at its precision; empty if the page is undated
    stated_on DATE,
    stated_on_precision date_precision,
    quote VARCHAR NOT NULL,
    note VARCHAR,
    source_id VARCHAR NOT NULL REFERENCES sources (id),
    PRIMARY KEY (event_id, status)
);

CREATE TABLE event_themes (
    event_id VARCHAR NOT NULL REFERENCES events (id),
    theme_id VARCHAR NOT NULL REFERENCES themes (id),
    source_id VARCHAR NOT NULL REFERENCES sources (id),
    PRIMARY KEY (event_id, theme_id)
);

CREATE TABLE release_themes (
    release_id VARCHAR NOT NULL REFERENCES releases (id),
    theme_id VARCHAR NOT NULL REFERENCES themes (id),
    source_id VARCHAR NOT NULL REFERENCES sources (id),
    PRIMARY KEY (release_id, theme_id)
);

CREATE TABLE working_group_themes (
    working_group_id VARCHAR NOT NULL REFERENCES working_groups (id),
    theme_id VARCHAR NOT NULL REFERENCES themes (id),
    source_id VARCHAR NOT NULL REFERENCES sources (id),
    PRIMARY KEY (working_group_id, theme_id)
);

-- Written by `python -m loaders build`, not from a CSV: when and from what this file was built.
CREATE TABLE build_info (
    build_id VARCHAR NOT NULL,
    built_at TIMESTAMP WITH TIME ZONE NOT NULL,
    data_sha256 VARCHAR NOT NULL,
    latest_source_date DATE
);
