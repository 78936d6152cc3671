-- Membership by the day, and sources for single facts.
--
-- A partner is a member from the first day of the summit (or other dated
-- decision) at which it joined: joined_on holds that day and joined_on_basis
-- says which meeting or decision it is. No one is a member before ASEM's
-- founding summit (1996-03-01). joined_year stays as the year of the first
-- summit the member attended (joined_at_meeting_id), for the timeline by summit;
-- every "member on a date" question uses joined_on.
--
-- fact_source cites one column of one row where that fact comes from another
-- source than the rest of the row (a founding date from general knowledge in a
-- row the source document otherwise gives). row_key is the row's key as
-- row_provenance shows it. A NULL source_key marks the project's own wording
-- (a description, a short name) that no source states, so that it is never
-- taken for the source's.

ALTER TABLE forum_member ADD COLUMN joined_on TEXT
    CHECK (joined_on IS NULL OR (joined_on IS date(joined_on, '+0 days') AND joined_on >= '1996-03-01'));
ALTER TABLE forum_member ADD COLUMN joined_on_basis TEXT CHECK (joined_on_basis IS NULL OR joined_on_basis <> '');

CREATE TABLE fact_source (
    table_name  TEXT NOT NULL CHECK (table_name <> ''),
    row_key     TEXT NOT NULL CHECK (row_key <> ''),
    column_name TEXT NOT NULL CHECK (column_name <> ''),
    source_key  TEXT REFERENCES source (source_key),   -- NULL: the project's own wording
    PRIMARY KEY (table_name, row_key, column_name)
) STRICT;

DROP VIEW member_roster;
CREATE VIEW member_roster AS
SELECT m.member_id,
       coalesce(c.name, o.name)                         AS name,
       CASE WHEN c.country_id IS NOT NULL THEN 'state' ELSE 'organisation' END AS kind,
       c.iso_alpha2,
       c.iso_alpha3,
       c.iso_numeric,
       o.short_name                                     AS organisation_code,
       m.asem_side,
       m.joined_year,
       (SELECT group_concat(b.bloc_key, ', ')
          FROM bloc_membership b
         WHERE b.country_id = c.country_id
           AND date('now') BETWEEN b.start_date AND coalesce(b.end_date, '9999-12-31')) AS bloc_today,
       m.source_group,
       coalesce(c.un_region || ' / ' || c.un_subregion, '') AS un_region,
       m.joined_on
  FROM forum_member m
  LEFT JOIN country c      ON c.country_id = m.country_id
  LEFT JOIN organisation o ON o.organisation_id = m.organisation_id;

-- The members on a date: SELECT ... FROM forum_member WHERE joined_on <= :d.
DROP VIEW row_provenance;
CREATE VIEW row_provenance AS
          SELECT 'country' AS table_name, name AS row_label, source_key FROM country
UNION ALL SELECT 'organisation', short_name, source_key FROM organisation
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
    ('forum_member', 'joined_on', 'First day of membership: the first day of the summit or dated decision at which it joined'),
    ('member_roster', 'joined_on', 'First day of membership; members on a date: joined_on <= date'),
    ('forum_member', 'joined_on_basis', 'Which meeting or decision joined_on is the first day of, and why'),
    ('fact_source', '', 'The source of one column of one row, where it differs from the row''s own source'),
    ('fact_source', 'row_key', 'The row as row_provenance labels it (a name, key or id)'),
    ('fact_source', 'source_key', 'The source that states the fact; NULL for the project''s own wording, which no source states');
UPDATE schema_doc SET description = 'Year of the first summit the member attended as a partner (joined_at_meeting_id); membership on a date uses joined_on'
 WHERE object_name = 'forum_member' AND column_name = 'joined_year';
