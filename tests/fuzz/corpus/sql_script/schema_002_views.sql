-- Views for ad hoc SQL: start here rather than with the tables.
--
--   member_roster     one row per forum member (state or organisation), with its
--                     ISO codes, ASEM side, joining year and bloc today
--   bloc_member       every period a country spent in the EU or ASEAN; filter with
--                     :d BETWEEN start_date AND coalesce(end_date, '9999-12-31')
--   coordinator_term  every coordinator's term, with the party's name
--   meeting_calendar  meetings of the forum and related series, in date order
--   row_provenance    every seeded row with the source it comes from

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
       coalesce(c.un_region || ' / ' || c.un_subregion, '') AS un_region
  FROM forum_member m
  LEFT JOIN country c      ON c.country_id = m.country_id
  LEFT JOIN organisation o ON o.organisation_id = m.organisation_id;

CREATE VIEW bloc_member AS
SELECT b.bloc_key, b.name AS bloc_name, c.name AS country, c.iso_alpha2,
       bm.start_date, bm.end_date
  FROM bloc_membership bm
  JOIN bloc b    ON b.bloc_key = bm.bloc_key
  JOIN country c ON c.country_id = bm.country_id;

CREATE VIEW coordinator_term AS
SELECT k.asem_side, coalesce(c.name, o.name) AS party,
       CASE WHEN k.country_id IS NOT NULL THEN 'state' ELSE 'organisation' END AS kind,
       k.role, k.start_date, k.end_date, k.period_basis
  FROM coordinator k
  LEFT JOIN country c      ON c.country_id = k.country_id
  LEFT JOIN organisation o ON o.organisation_id = k.organisation_id;

CREATE VIEW meeting_calendar AS
SELECT s.name AS series, m.number, m.number_inferred, m.name, m.start_date, m.end_date,
       m.city, c.name AS country, m.note
  FROM meeting m
  JOIN meeting_series s ON s.series_key = m.series_key
  LEFT JOIN country c   ON c.country_id = m.country_id
 ORDER BY m.start_date IS NULL, m.start_date, m.series_key, m.number;

CREATE VIEW row_provenance AS
          SELECT 'country' AS table_name, name AS row_label, source_key FROM country
UNION ALL SELECT 'organisation', short_name, source_key FROM organisation
UNION ALL SELECT 'process', process_key, source_key FROM process
UNION ALL SELECT 'forum', short_name, source_key FROM forum
UNION ALL SELECT 'forum_contact', street, source_key FROM forum_contact
UNION ALL SELECT 'forum_member', member_id, source_key FROM forum_member
UNION ALL SELECT 'forum_member.joined_year', member_id, joined_source_key FROM forum_member
UNION ALL SELECT 'bloc', bloc_key, source_key FROM bloc
UNION ALL SELECT 'bloc_membership', bloc_key || ':' || country_id || ':' || start_date, source_key FROM bloc_membership
UNION ALL SELECT 'coordinator', coordinator_id, source_key FROM coordinator
UNION ALL SELECT 'theme', title, source_key FROM theme
UNION ALL SELECT 'meeting_series', series_key, source_key FROM meeting_series
UNION ALL SELECT 'meeting', meeting_id, source_key FROM meeting
UNION ALL SELECT 'meeting_party', meeting_id || ':' || role, source_key FROM meeting_party
UNION ALL SELECT 'meeting_outcome', meeting_id || ':' || position, source_key FROM meeting_outcome
UNION ALL SELECT 'declared_count', count_key, source_key FROM declared_count
UNION ALL SELECT 'source_caveat', topic, source_key FROM source_caveat;
