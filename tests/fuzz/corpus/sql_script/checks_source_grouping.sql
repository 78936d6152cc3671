-- title: Each member's grouping in the source matches its bloc on the source's date
-- severity: error
--
-- forum_member.source_group is how the source groups a state (EU, ASEAN,
-- Other); on the date the source's counts hold, the bloc periods must agree.
WITH snapshot AS (
  SELECT max(d.holds_on) AS day
    FROM declared_count d JOIN source s ON s.source_key = d.source_key
   WHERE s.kind = 'source_document'),
grouped AS (
  SELECT c.name AS country, m.source_group,
         coalesce((SELECT group_concat(b.bloc_key, ', ') FROM bloc_membership b, snapshot
                    WHERE b.country_id = m.country_id
                      AND snapshot.day BETWEEN b.start_date AND coalesce(b.end_date, '9999-12-31')), 'Other')
           AS bloc_on_that_date,
         (SELECT day FROM snapshot) AS day
    FROM forum_member m
    JOIN country c ON c.country_id = m.country_id
   WHERE m.source_group IS NOT NULL)
SELECT country, source_group, bloc_on_that_date, day
  FROM grouped
 WHERE day IS NOT NULL AND source_group <> bloc_on_that_date
 ORDER BY country;
