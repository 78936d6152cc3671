-- Every forum member on :as_of: kind, name, ISO codes, ASEM side, the bloc it
-- belonged to that day and since when, the day it became a member, and the
-- coordinating role it held that day, if any. Members that had not yet joined
-- are left out (joined_year, the year of the first summit attended, stays for
-- programs that read it; readers see joined_on). An organisation is named as it was on the day (the EU's seat
-- was the European Commission's until 2009).
--
-- Parameters: :as_of (date), :side ('Asia', 'Europe' or 'all'),
--             :bloc ('EU', 'ASEAN', 'other' or 'all'; organisations only under 'all')
WITH roster AS (
    SELECT m.member_id,
           r.kind,
           coalesce((SELECT n.name FROM organisation_name n
                       WHERE n.organisation_id = m.organisation_id
                         AND :as_of BETWEEN n.start_date AND coalesce(n.end_date, '9999-12-31')), r.name) AS name,
           r.iso_alpha2,
           r.iso_alpha3,
           r.iso_numeric,
           r.asem_side,
           CASE WHEN m.country_id IS NULL THEN NULL
                ELSE coalesce(b.bloc_key, 'other') END                AS bloc,
           b.start_date                                               AS bloc_since,
           r.joined_year,
           m.joined_on,
           (SELECT group_concat(k.role, '; ')
              FROM coordinator k
             WHERE (k.country_id = m.country_id OR k.organisation_id = m.organisation_id)
               AND :as_of BETWEEN k.start_date AND coalesce(k.end_date, '9999-12-31')) AS coordinator_role
      FROM forum_member m
      JOIN member_roster r ON r.member_id = m.member_id
      LEFT JOIN bloc_membership b
             ON b.country_id = m.country_id
            AND :as_of BETWEEN b.start_date AND coalesce(b.end_date, '9999-12-31')
     WHERE m.joined_on <= :as_of
)
SELECT kind, name, iso_alpha2, iso_alpha3, iso_numeric, asem_side, bloc, bloc_since, joined_year, joined_on,
       coordinator_role
  FROM roster
 WHERE (:side = 'all' OR asem_side = :side)
   AND (:bloc = 'all' OR bloc = :bloc)
 ORDER BY kind DESC, name;
