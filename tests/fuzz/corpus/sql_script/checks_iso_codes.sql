-- title: Every member state has valid ISO 3166-1 codes
-- severity: error
--
-- Offending rows: member states whose alpha-2, alpha-3 or numeric code is
-- missing, malformed (two or three upper-case letters, three digits kept as
-- text) or shared with another country. The schema's CHECKs enforce the shape
-- on insert; this catches rows that bypassed them or predate them.
SELECT c.name, c.iso_alpha2, c.iso_alpha3, c.iso_numeric,
       CASE
         WHEN c.iso_alpha2 IS NULL OR typeof(c.iso_alpha2) <> 'text' OR length(c.iso_alpha2) <> 2
              OR c.iso_alpha2 NOT GLOB '[A-Z][A-Z]' THEN 'malformed alpha-2'
         WHEN c.iso_alpha3 IS NULL OR typeof(c.iso_alpha3) <> 'text' OR length(c.iso_alpha3) <> 3
              OR c.iso_alpha3 NOT GLOB '[A-Z][A-Z][A-Z]' THEN 'malformed alpha-3'
         WHEN c.iso_numeric IS NULL OR typeof(c.iso_numeric) <> 'text' OR length(c.iso_numeric) <> 3
              OR c.iso_numeric NOT GLOB '[0-9][0-9][0-9]' THEN 'malformed numeric code'
         ELSE 'code shared with another country'
       END AS problem
  FROM forum_member m
  JOIN country c ON c.country_id = m.country_id
 WHERE c.iso_alpha2 IS NULL OR typeof(c.iso_alpha2) <> 'text' OR length(c.iso_alpha2) <> 2
       OR c.iso_alpha2 NOT GLOB '[A-Z][A-Z]'
    OR c.iso_alpha3 IS NULL OR typeof(c.iso_alpha3) <> 'text' OR length(c.iso_alpha3) <> 3
       OR c.iso_alpha3 NOT GLOB '[A-Z][A-Z][A-Z]'
    OR c.iso_numeric IS NULL OR typeof(c.iso_numeric) <> 'text' OR length(c.iso_numeric) <> 3
       OR c.iso_numeric NOT GLOB '[0-9][0-9][0-9]'
    OR EXISTS (SELECT 1 FROM country o
                WHERE o.country_id <> c.country_id
                  AND (o.iso_alpha2 = c.iso_alpha2 OR o.iso_alpha3 = c.iso_alpha3 OR o.iso_numeric = c.iso_numeric))
 ORDER BY c.name;
