-- What a reader is told beside the numbers: what each source states, the
-- source's own date, names for prose, how a coordinator's term is known, a
-- partner's name on a date, and which caveats bear on which data and when.
--
-- source.states says what the stored page states, in a line, so that a row
-- citing it can be checked against it (checks/fact_sources.sql).
-- coordinator.term_basis tells three things apart: a term a source dates
-- ('stated'), one dated by general knowledge that a cited source confirms
-- ('sourced'), and the project's own estimate from a dated snapshot
-- ('estimated'). source_caveat.bears_on and its dates say which reports'
-- About sheets list a caveat: one bears on the data of that kind, on the dates
-- it applies to.

ALTER TABLE source ADD COLUMN snapshot_of TEXT CHECK (snapshot_of IS NULL OR snapshot_of <> '');
ALTER TABLE source ADD COLUMN states TEXT CHECK (states IS NULL OR states <> '');

ALTER TABLE country ADD COLUMN short_name TEXT CHECK (short_name IS NULL OR short_name <> '');
ALTER TABLE country ADD COLUMN article TEXT CHECK (article IS NULL OR article = 'the');

ALTER TABLE coordinator ADD COLUMN term_basis TEXT NOT NULL DEFAULT 'estimated'
    CHECK (term_basis IN ('stated', 'sourced', 'estimated'));

ALTER TABLE source_caveat ADD COLUMN bears_on TEXT NOT NULL DEFAULT 'source'
    CHECK (bears_on IN ('source', 'membership', 'coordinators', 'themes', 'contact', 'process', 'meetings'));
ALTER TABLE source_caveat ADD COLUMN applies_from TEXT CHECK (applies_from IS NULL OR applies_from IS date(applies_from, '+0 days'));
ALTER TABLE source_caveat ADD COLUMN applies_until TEXT CHECK (applies_until IS NULL OR applies_until IS date(applies_until, '+0 days'));

-- An organisation's name over time: the EU's partner seat was the European
-- Commission's before current lists named the European Union.
CREATE TABLE organisation_name (
    organisation_id INTEGER NOT NULL REFERENCES organisation (organisation_id),
    name            TEXT NOT NULL CHECK (name <> ''),
    start_date      TEXT NOT NULL CHECK (start_date IS date(start_date, '+0 days')),
    end_date        TEXT CHECK (end_date IS NULL OR (end_date IS date(end_date, '+0 days') AND end_date >= start_date)),
    source_key      TEXT NOT NULL REFERENCES source (source_key),
    PRIMARY KEY (organisation_id, start_date)
) STRICT;

-- A country as a sentence names it: "the United Kingdom", "the Republic of Korea".
CREATE VIEW country_in_prose AS
SELECT country_id, coalesce(article || ' ', '') || coalesce(short_name, name) AS name_in_prose
  FROM country;

-- Month names, for dates written for people ("31 January 2020").
CREATE TABLE month_name (
    month INTEGER PRIMARY KEY CHECK (month BETWEEN 1 AND 12),
    name  TEXT NOT NULL UNIQUE
) STRICT;
INSERT INTO month_name (month, name) VALUES
    (1, 'January'), (2, 'February'), (3, 'March'), (4, 'April'), (5, 'May'), (6, 'June'),
    (7, 'July'), (8, 'August'), (9, 'September'), (10, 'October'), (11, 'November'), (12, 'December');

DROP VIEW coordinator_term;
CREATE VIEW coordinator_term AS
SELECT k.asem_side, coalesce(c.name, o.name) AS party,
       CASE WHEN k.country_id IS NOT NULL THEN 'state' ELSE 'organisation' END AS kind,
       k.role, k.start_date, k.end_date, k.period_basis, k.term_basis, k.source_key
  FROM coordinator k
  LEFT JOIN country c      ON c.country_id = k.country_id
  LEFT JOIN organisation o ON o.organisation_id = k.organisation_id;

DROP VIEW row_provenance;
CREATE VIEW row_provenance AS
          SELECT 'country' AS table_name, name AS row_label, source_key FROM country
UNION ALL SELECT 'organisation', short_name, source_key FROM organisation
UNION ALL SELECT 'organisation_name', organisation_id || ':' || start_date, source_key FROM organisation_name
UNION ALL SELECT 'process', process_key, source_key FROM process
UNION ALL SELECT 'forum', short_name, source_key FROM forum
UNION ALL SELECT 'forum_contact', street, source_key FROM forum_contact
UNION ALL SELECT 'forum_member', member_id, source_key FROM forum_member
UNION ALL SELECT 'forum_member.joined_on', member_id, joined_source_key FROM forum_member
UNION ALL SELECT 'bloc', bloc_key, source_key FROM bloc
UNION ALL SELECT 'bloc_membership', bloc_key || ':' || country_id || ':' || start_date, source_key FROM bloc_membership
UNION ALL SELECT 'coordinator', coordinator_id, source_key FROM coordinator
UNION ALL SELECT 'theme', title, source_key FROM theme
UNION ALL SELECT 'meeting_series', series_key, source_key FROM meeting_series
UNION ALL SELECT 'meeting', meeting_id, source_key FROM meeting
UNION ALL SELECT 'meeting_party', meeting_id || ':' || role, source_key FROM meeting_party
UNION ALL SELECT 'meeting_outcome', meeting_id || ':' || position, source_key FROM meeting_outcome
UNION ALL SELECT 'declared_count', count_key, source_key FROM declared_count
UNION ALL SELECT 'source_caveat', topic, source_key FROM source_caveat
UNION ALL SELECT 'fact_source', table_name || ':' || row_key || '.' || column_name, source_key FROM fact_source
     WHERE source_key IS NOT NULL;

INSERT INTO schema_doc (object_name, column_name, description) VALUES
    ('source', 'snapshot_of', 'For an undated source, the time it is taken to describe, in words ("about the first half of 2018")'),
    ('source', 'states', 'What the stored page states that the data takes from it, in a line'),
    ('country', 'short_name', 'The name a sentence uses where the ISO name reads badly ("Republic of Korea"); NULL: the ISO name'),
    ('country', 'article', '''the'' where a sentence puts it before the name ("the Philippines")'),
    ('country_in_prose', '', 'Each country as a sentence names it: article and short name'),
    ('coordinator', 'term_basis', 'stated (a source dates the term), sourced (general knowledge a cited source confirms) or estimated (this project''s estimate from a dated snapshot)'),
    ('coordinator_term', 'term_basis', 'How the term''s dates are known: stated, sourced or estimated'),
    ('source_caveat', 'bears_on', 'The data a caveat bears on: source, membership, coordinators, themes, contact, process or meetings'),
    ('source_caveat', 'applies_from', 'First day on which the caveat bears on the data; NULL: always'),
    ('source_caveat', 'applies_until', 'Last day on which the caveat bears on the data; NULL: from then on'),
    ('organisation_name', '', 'An organisation''s name over a period: the EU''s seat was the European Commission''s before it was named the European Union'),
    ('month_name', '', 'English month names, for dates written for people');
UPDATE schema_doc SET description = 'The forum''s thematic focus as the source gives it: undated, as of its snapshot, in its order'
 WHERE object_name = 'theme' AND column_name = '';
