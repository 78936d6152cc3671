-- title: Every listed source is cited by some row
-- severity: error
--
-- A source no row cites is either a fact the data uses without saying where it
-- comes from, or a reference the data does not need: both break the promise
-- that every fact can be traced.
SELECT s.source_key, s.kind, s.title
  FROM source s
 WHERE NOT EXISTS (SELECT 1 FROM row_provenance p WHERE p.source_key = s.source_key)
 ORDER BY s.source_key;
