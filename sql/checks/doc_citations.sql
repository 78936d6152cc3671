-- title: No fact the source document does not state is cited to it
-- severity: error
--
-- The source document (DOC) gives no ISO codes, regions, ASEM sides, bloc
-- dates, joining dates, founding dates or coordinators' terms, and of meeting
-- dates only April 2002 and March 2003; its themes are titles without
-- descriptions. A
-- column's source is its fact_source citation where there is one (NULL: the
-- project's own wording), else its row's.
WITH facts (table_name, row_key, column_name, value, row_source) AS (
            SELECT 'country', name, 'iso_alpha2', iso_alpha2, source_key FROM country
  UNION ALL SELECT 'country', name, 'iso_alpha3', iso_alpha3, source_key FROM country
  UNION ALL SELECT 'country', name, 'iso_numeric', iso_numeric, source_key FROM country
  UNION ALL SELECT 'country', name, 'un_region', un_region, source_key FROM country
  UNION ALL SELECT 'country', name, 'un_subregion', un_subregion, source_key FROM country
  UNION ALL SELECT 'organisation', short_name, 'founded', founded, source_key FROM organisation WHERE founded IS NOT NULL
  UNION ALL SELECT 'bloc', bloc_key, 'founded', founded, source_key FROM bloc
  UNION ALL SELECT 'bloc_membership', bloc_key || ':' || country_id || ':' || start_date, 'start_date', start_date, source_key FROM bloc_membership
  UNION ALL SELECT 'forum_member', CAST(member_id AS TEXT), 'asem_side', asem_side, source_key FROM forum_member
  UNION ALL SELECT 'forum_member.joined_on', CAST(member_id AS TEXT), 'joined_on', joined_on, joined_source_key FROM forum_member
  UNION ALL SELECT 'coordinator', CAST(coordinator_id AS TEXT), 'start_date', start_date, source_key FROM coordinator
  UNION ALL SELECT 'coordinator', CAST(coordinator_id AS TEXT), 'end_date', end_date, source_key FROM coordinator WHERE end_date IS NOT NULL
  UNION ALL SELECT 'meeting', CAST(meeting_id AS TEXT), 'start_date', start_date, source_key FROM meeting
             WHERE start_date IS NOT NULL AND start_date NOT IN ('2002-04', '2003-03')
  UNION ALL SELECT 'meeting', CAST(meeting_id AS TEXT), 'end_date', end_date, source_key FROM meeting WHERE end_date IS NOT NULL
  UNION ALL SELECT 'theme', title, 'description', description, source_key FROM theme)
SELECT x.table_name, x.row_key, x.column_name, x.value
  FROM facts x
  LEFT JOIN fact_source f
         ON f.table_name = x.table_name AND f.row_key = x.row_key AND f.column_name = x.column_name
 WHERE CASE WHEN f.table_name IS NOT NULL THEN f.source_key ELSE x.row_source END IS 'DOC'
 ORDER BY x.table_name, x.row_key, x.column_name;
