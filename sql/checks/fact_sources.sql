-- title: Every single-fact citation names an existing row and column, and every coordinator's source names it
-- severity: error
--
-- fact_source cites one column of one row (row_key as row_provenance labels
-- it); a citation of a row or column that does not exist cites nothing. A
-- coordinator row cites the page that names the coordinator: the page's
-- statement (source.states) must name the party.
SELECT f.table_name, f.row_key, f.column_name, f.source_key,
       CASE WHEN NOT EXISTS (SELECT 1 FROM row_provenance p WHERE p.table_name = f.table_name AND CAST(p.row_label AS TEXT) = f.row_key)
            THEN 'no such row' ELSE 'no such column' END AS problem
  FROM fact_source f
 WHERE NOT EXISTS (SELECT 1 FROM row_provenance p WHERE p.table_name = f.table_name AND CAST(p.row_label AS TEXT) = f.row_key)
    OR NOT EXISTS (SELECT 1 FROM pragma_table_info(f.table_name) t WHERE t.name = f.column_name)
UNION ALL
SELECT 'coordinator', CAST(k.coordinator_id AS TEXT), 'source_key', k.source_key,
       'its source does not name ' || coalesce(c.name, o.name, 'the party')
  FROM coordinator k
  LEFT JOIN country c      ON c.country_id = k.country_id
  LEFT JOIN organisation o ON o.organisation_id = k.organisation_id
  LEFT JOIN source s       ON s.source_key = k.source_key
 WHERE s.states IS NULL
    OR (instr(s.states, coalesce(c.name, o.name, char(0))) = 0 AND instr(s.states, coalesce(c.short_name, char(0))) = 0)
 ORDER BY 1, 2, 3;
