-- The forum's data model: provenance, parties (countries and organisations),
-- the forum and its contact, membership, regional blocs, coordinators, themes,
-- meetings and the counts the source document declares.
--
-- Conventions:
--   * every table is STRICT; every seeded row names its source (source_key);
--   * full dates are ISO-8601 text (YYYY-MM-DD), checked with x IS date(x, '+0 days'):
--     date() gives NULL for a malformed date (and a CHECK that yields NULL passes),
--     and '+0 days' normalises an impossible day such as 2024-02-30 to another date;
--   * dated periods run from start_date to end_date, both days inclusive;
--     an open period has end_date NULL;
--   * a party is either a country or an organisation: tables that can point at
--     either carry two foreign keys, exactly one of them set.

CREATE TABLE source (
    source_key  TEXT PRIMARY KEY CHECK (source_key GLOB '[A-Za-z0-9]*' AND length(source_key) <= 16),
    kind        TEXT NOT NULL CHECK (kind IN ('source_document', 'reference', 'general_knowledge')),
    title       TEXT NOT NULL CHECK (title <> ''),
    reference   TEXT,          -- file name of a document, or the address(es) of a public reference
    note        TEXT
) STRICT;

CREATE TABLE country (
    country_id    INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (name <> ''),   -- ISO 3166-1 English short name
    name_in_source TEXT UNIQUE,                              -- spelling of the source document, where it differs or lists the country
    iso_alpha2    TEXT NOT NULL UNIQUE CHECK (length(iso_alpha2) = 2 AND iso_alpha2 GLOB '[A-Z][A-Z]'),
    iso_alpha3    TEXT NOT NULL UNIQUE CHECK (length(iso_alpha3) = 3 AND iso_alpha3 GLOB '[A-Z][A-Z][A-Z]'),
    iso_numeric   TEXT NOT NULL UNIQUE CHECK (length(iso_numeric) = 3 AND iso_numeric GLOB '[0-9][0-9][0-9]'),
    un_region     TEXT NOT NULL CHECK (un_region <> ''),     -- UN M49 region
    un_subregion  TEXT NOT NULL CHECK (un_subregion <> ''),  -- UN M49 sub-region
    source_key    TEXT NOT NULL REFERENCES source (source_key)
) STRICT;

CREATE TABLE organisation (
    organisation_id INTEGER PRIMARY KEY,
    short_name      TEXT NOT NULL UNIQUE CHECK (short_name <> ''),
    name            TEXT NOT NULL UNIQUE CHECK (name <> ''),
    name_in_source  TEXT,
    kind            TEXT NOT NULL CHECK (kind IN ('supranational union', 'intergovernmental secretariat',
                                                 'diplomatic service', 'foundation', 'contact point')),
    founded         TEXT CHECK (founded IS NULL OR founded IS date(founded, '+0 days') OR founded GLOB '[12][0-9][0-9][0-9]'),
    seat_city       TEXT,
    seat_country_id INTEGER REFERENCES country (country_id),
    description     TEXT NOT NULL,
    source_key      TEXT NOT NULL REFERENCES source (source_key)
) STRICT;

-- The wider process the forum belongs to (ASEM).
CREATE TABLE process (
    process_key    TEXT PRIMARY KEY CHECK (process_key GLOB '[A-Z]*'),
    name           TEXT NOT NULL UNIQUE,
    name_in_source TEXT,
    description    TEXT NOT NULL,
    source_key     TEXT NOT NULL REFERENCES source (source_key)
) STRICT;

CREATE TABLE forum (
    forum_id          INTEGER PRIMARY KEY CHECK (forum_id = 1),     -- one forum per database
    name              TEXT NOT NULL,
    short_name        TEXT NOT NULL,
    forum_type        TEXT NOT NULL,
    regions_covered   TEXT NOT NULL,
    process_key       TEXT NOT NULL REFERENCES process (process_key),
    established_year  INTEGER NOT NULL CHECK (established_year BETWEEN 1990 AND 2100),
    series_since      TEXT CHECK (series_since IS NULL OR date(series_since || '-01', '+0 days') IS series_since || '-01'),
    description       TEXT NOT NULL,
    secretariat_name  TEXT NOT NULL,
    secretariat_organisation_id INTEGER REFERENCES organisation (organisation_id),
    source_key        TEXT NOT NULL REFERENCES source (source_key)
) STRICT;

CREATE TABLE forum_contact (
    forum_id        INTEGER PRIMARY KEY REFERENCES forum (forum_id),
    care_of_organisation_id INTEGER NOT NULL REFERENCES organisation (organisation_id),
    street          TEXT NOT NULL,
    city            TEXT NOT NULL,
    postcode        TEXT NOT NULL CHECK (postcode GLOB '[0-9]*'),
    country_id      INTEGER NOT NULL REFERENCES country (country_id),
    telephone       TEXT NOT NULL CHECK (telephone GLOB '+[0-9]*'),
    fax             TEXT CHECK (fax IS NULL OR fax GLOB '+[0-9]*'),
    source_key      TEXT NOT NULL REFERENCES source (source_key)
) STRICT;

-- ASEM partners, and so participants of the forum: 51 states and 2 organisations.
CREATE TABLE forum_member (
    member_id        INTEGER PRIMARY KEY,
    country_id       INTEGER UNIQUE REFERENCES country (country_id),
    organisation_id  INTEGER UNIQUE REFERENCES organisation (organisation_id),
    asem_side        TEXT NOT NULL CHECK (asem_side IN ('Asia', 'Europe')),
    joined_year      INTEGER NOT NULL CHECK (joined_year BETWEEN 1996 AND 2100),
    joined_at_meeting_id INTEGER REFERENCES meeting (meeting_id),
    source_group     TEXT CHECK (source_group IN ('ASEAN', 'EU', 'Other')),  -- the grouping the source document uses
    source_key       TEXT NOT NULL REFERENCES source (source_key),          -- where the membership is stated
    joined_source_key TEXT NOT NULL REFERENCES source (source_key),         -- where the joining year is stated
    CHECK ((country_id IS NULL) <> (organisation_id IS NULL))
) STRICT;

CREATE TABLE bloc (
    bloc_key     TEXT PRIMARY KEY CHECK (bloc_key GLOB '[A-Z]*'),
    name         TEXT NOT NULL UNIQUE,
    founded      TEXT NOT NULL CHECK (founded IS date(founded, '+0 days')),
    description  TEXT NOT NULL,
    source_key   TEXT NOT NULL REFERENCES source (source_key)
) STRICT;

-- A country's membership of a bloc over a period; a country may join again, so
-- the period, not the pair, is the key.
CREATE TABLE bloc_membership (
    bloc_key    TEXT NOT NULL REFERENCES bloc (bloc_key),
    country_id  INTEGER NOT NULL REFERENCES country (country_id),
    start_date  TEXT NOT NULL CHECK (start_date IS date(start_date, '+0 days')),
    end_date    TEXT CHECK (end_date IS NULL OR (end_date IS date(end_date, '+0 days') AND end_date >= start_date)),
    source_key  TEXT NOT NULL REFERENCES source (source_key),
    PRIMARY KEY (bloc_key, country_id, start_date)
) STRICT;

-- Coordinators rotate; each row is one party's term in one role.
CREATE TABLE coordinator (
    coordinator_id  INTEGER PRIMARY KEY,
    country_id      INTEGER REFERENCES country (country_id),
    organisation_id INTEGER REFERENCES organisation (organisation_id),
    asem_side       TEXT NOT NULL CHECK (asem_side IN ('Asia', 'Europe')),
    role            TEXT NOT NULL CHECK (role <> ''),
    start_date      TEXT NOT NULL CHECK (start_date IS date(start_date, '+0 days')),
    end_date        TEXT CHECK (end_date IS NULL OR (end_date IS date(end_date, '+0 days') AND end_date >= start_date)),
    period_basis    TEXT NOT NULL,        -- how the period was established
    source_key      TEXT NOT NULL REFERENCES source (source_key),
    CHECK ((country_id IS NULL) <> (organisation_id IS NULL))
) STRICT;

CREATE TABLE theme (
    theme_id    INTEGER PRIMARY KEY,
    position    INTEGER NOT NULL UNIQUE CHECK (position > 0),
    title       TEXT NOT NULL UNIQUE CHECK (title <> ''),
    scope       TEXT,                     -- the sub-topics the source lists, if any
    description TEXT NOT NULL,
    source_key  TEXT NOT NULL REFERENCES source (source_key)
) STRICT;

CREATE TABLE meeting_series (
    series_key   TEXT PRIMARY KEY CHECK (series_key GLOB '[a-z]*'),
    name         TEXT NOT NULL UNIQUE,
    level        TEXT NOT NULL CHECK (level IN ('heads of state or government', 'ministerial',
                                                'directors general', 'senior officials', 'other')),
    recurring    INTEGER NOT NULL CHECK (recurring IN (0, 1)),
    since        TEXT,                    -- YYYY, YYYY-MM or YYYY-MM-DD
    relation     TEXT NOT NULL CHECK (relation IN ('the forum', 'origin', 'related', 'asem framework')),
    description  TEXT NOT NULL,
    source_key   TEXT NOT NULL REFERENCES source (source_key),
    CHECK (since IS NULL OR since GLOB '[12][0-9][0-9][0-9]'
           OR date(since || '-01', '+0 days') IS since || '-01' OR date(since, '+0 days') IS since)
) STRICT;

-- Dates may be partial (YYYY-MM) where the day is not known.
CREATE TABLE meeting (
    meeting_id  INTEGER PRIMARY KEY,
    series_key  TEXT NOT NULL REFERENCES meeting_series (series_key),
    number      INTEGER CHECK (number IS NULL OR number > 0),
    number_inferred INTEGER NOT NULL DEFAULT 0 CHECK (number_inferred IN (0, 1)),
    name        TEXT NOT NULL,
    start_date  TEXT CHECK (start_date IS NULL OR date(start_date, '+0 days') IS start_date
                            OR date(start_date || '-01', '+0 days') IS start_date || '-01'),
    end_date    TEXT CHECK (end_date IS NULL OR (date(end_date, '+0 days') IS end_date AND end_date >= start_date)),
    city        TEXT,
    country_id  INTEGER REFERENCES country (country_id),
    note        TEXT,
    source_key  TEXT NOT NULL REFERENCES source (source_key),
    UNIQUE (series_key, number)
) STRICT;

-- Who took the initiative for, hosted or co-sponsored a meeting.
CREATE TABLE meeting_party (
    meeting_id      INTEGER NOT NULL REFERENCES meeting (meeting_id),
    country_id      INTEGER REFERENCES country (country_id),
    organisation_id INTEGER REFERENCES organisation (organisation_id),
    role            TEXT NOT NULL CHECK (role IN ('initiator', 'host', 'co-sponsor', 'chair')),
    source_key      TEXT NOT NULL REFERENCES source (source_key),
    CHECK ((country_id IS NULL) <> (organisation_id IS NULL)),
    UNIQUE (meeting_id, country_id, organisation_id, role)
) STRICT;

-- What a meeting agreed, one item per row, in the order the source gives.
CREATE TABLE meeting_outcome (
    meeting_id  INTEGER NOT NULL REFERENCES meeting (meeting_id),
    position    INTEGER NOT NULL CHECK (position > 0),
    description TEXT NOT NULL CHECK (description <> ''),
    source_key  TEXT NOT NULL REFERENCES source (source_key),
    PRIMARY KEY (meeting_id, position)
) STRICT;

-- A count a source declares, the date it is taken to hold on, and the query
-- that counts the same thing in the data (`:as_of` is bound to a date).
CREATE TABLE declared_count (
    count_key       TEXT PRIMARY KEY CHECK (count_key GLOB '[a-z]*'),
    label           TEXT NOT NULL,
    declared_value  INTEGER NOT NULL CHECK (declared_value >= 0),
    statement       TEXT NOT NULL,        -- the words of the source
    holds_on        TEXT NOT NULL CHECK (holds_on IS date(holds_on, '+0 days')),
    holds_on_basis  TEXT NOT NULL,        -- why that date
    actual_query    TEXT NOT NULL,
    source_key      TEXT NOT NULL REFERENCES source (source_key)
) STRICT;

-- Where the source document is outdated or inconsistent, and what the data does about it.
CREATE TABLE source_caveat (
    caveat_id   INTEGER PRIMARY KEY,
    topic       TEXT NOT NULL UNIQUE,
    source_says TEXT NOT NULL,
    finding     TEXT NOT NULL,
    source_key  TEXT NOT NULL REFERENCES source (source_key)
) STRICT;

CREATE INDEX bloc_membership_country ON bloc_membership (country_id);
CREATE INDEX coordinator_period ON coordinator (start_date, end_date);
CREATE INDEX meeting_series_date ON meeting (series_key, start_date);
