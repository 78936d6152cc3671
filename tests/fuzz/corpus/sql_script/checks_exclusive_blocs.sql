-- title: No state is in two blocs that exclude each other at the same date
-- severity: error
--
-- The EU and ASEAN share no member: a state in both on any day means a
-- membership period is wrong. Periods are inclusive; an open period runs on.
SELECT c.name AS country, a.bloc_key AS bloc, a.start_date, a.end_date,
       b.bloc_key AS other_bloc, b.start_date AS other_start, b.end_date AS other_end
  FROM bloc_membership a
  JOIN bloc_membership b ON b.country_id = a.country_id AND b.bloc_key > a.bloc_key
  LEFT JOIN country c ON c.country_id = a.country_id
 WHERE a.start_date <= coalesce(b.end_date, '9999-12-31')
   AND b.start_date <= coalesce(a.end_date, '9999-12-31')
 ORDER BY country, bloc;
