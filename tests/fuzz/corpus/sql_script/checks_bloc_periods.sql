-- title: No state's membership periods in one bloc overlap
-- severity: error
--
-- A state may leave a bloc and join again, but two periods of the same state
-- in the same bloc must not cover the same day.
SELECT c.name AS country, a.bloc_key AS bloc, a.start_date, a.end_date,
       b.start_date AS other_start, b.end_date AS other_end
  FROM bloc_membership a
  JOIN bloc_membership b ON b.country_id = a.country_id AND b.bloc_key = a.bloc_key AND b.start_date > a.start_date
  LEFT JOIN country c ON c.country_id = a.country_id
 WHERE b.start_date <= coalesce(a.end_date, '9999-12-31')
 ORDER BY country, bloc, a.start_date;
