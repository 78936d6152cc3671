-- title: Every seeded row names a source that exists
-- severity: error
--
-- row_provenance lists every seeded row with its source_key; a row without one,
-- or naming a source the source table lacks, cannot be traced to a document.
SELECT p.table_name, p.row_label, p.source_key
  FROM row_provenance p
 WHERE p.source_key IS NULL
    OR NOT EXISTS (SELECT 1 FROM source s WHERE s.source_key = p.source_key)
 ORDER BY p.table_name, p.row_label;
