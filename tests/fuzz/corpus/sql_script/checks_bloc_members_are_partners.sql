-- title: Every EU and ASEAN state on the source's date is a forum member
-- severity: error
--
-- The source counts all 28 EU and all 10 ASEAN states of its date among the
-- members; a bloc member on that date with no forum_member row has been lost.
-- The source's date is the one its declared counts hold on.
WITH snapshot AS (
  SELECT max(d.holds_on) AS day
    FROM declared_count d JOIN source s ON s.source_key = d.source_key
   WHERE s.kind = 'source_document')
SELECT c.name AS country, b.bloc_key AS bloc, b.start_date, b.end_date
  FROM bloc_membership b
  JOIN snapshot ON snapshot.day BETWEEN b.start_date AND coalesce(b.end_date, '9999-12-31')
  LEFT JOIN country c ON c.country_id = b.country_id
 WHERE NOT EXISTS (SELECT 1 FROM forum_member m WHERE m.country_id = b.country_id)
 ORDER BY bloc, country;
