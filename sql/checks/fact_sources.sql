-- title: Every single-fact citation names an existing row and column
-- severity: error
--
-- fact_source cites one column of one row (row_key as row_provenance labels
-- it); a citation of a row or column that does not exist cites nothing.
SELECT f.table_name, f.row_key, f.column_name, f.source_key,
       CASE WHEN NOT EXISTS (SELECT 1 FROM row_provenance p WHERE p.table_name = f.table_name AND CAST(p.row_label AS TEXT) = f.row_key)
            THEN 'no such row' ELSE 'no such column' END AS problem
  FROM fact_source f
 WHERE NOT EXISTS (SELECT 1 FROM row_provenance p WHERE p.table_name = f.table_name AND CAST(p.row_label AS TEXT) = f.row_key)
    OR NOT EXISTS (SELECT 1 FROM pragma_table_info(f.table_name) t WHERE t.name = f.column_name)
 ORDER BY f.table_name, f.row_key, f.column_name;
