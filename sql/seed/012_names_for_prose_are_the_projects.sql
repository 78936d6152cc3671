-- A name for sentences cites the source that uses it, or none. "Republic of
-- Korea" is this project's rendering, for prose, of the ISO name "Korea,
-- Republic of"; iso-codes (S1), which 011 cited for it, says only the latter.
-- A NULL source marks the project's own wording, as for the articles. ("Lao
-- PDR" stays cited to the source document, which names Laos so.)
UPDATE fact_source SET source_key = NULL
 WHERE table_name = 'country' AND column_name = 'short_name'
   AND row_key = (SELECT name FROM country WHERE iso_alpha2 = 'KR');
