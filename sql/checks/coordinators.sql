-- title: Every coordinator is a party the forum knows
-- severity: error
--
-- A coordinating state must be a forum member on the day its term begins, on
-- the side it coordinates for; a coordinating organisation must exist (the
-- EEAS coordinates without being a member itself).
SELECT coordinator_id, asem_side, role, start_date, party, problem FROM (
  SELECT k.coordinator_id, k.asem_side, k.role, k.start_date,
         coalesce(c.name, o.short_name,
                  CASE WHEN k.country_id IS NOT NULL THEN 'country ' || k.country_id
                       ELSE 'organisation ' || k.organisation_id END) AS party,
         CASE
           WHEN c.country_id IS NULL AND o.organisation_id IS NULL THEN 'no such party'
           WHEN k.country_id IS NOT NULL AND m.member_id IS NULL THEN 'not a forum member'
           WHEN m.joined_on > k.start_date THEN 'not yet a member when the term began'
           WHEN m.asem_side <> k.asem_side THEN 'a member of the other side'
         END AS problem
    FROM coordinator k
    LEFT JOIN country c      ON c.country_id = k.country_id
    LEFT JOIN organisation o ON o.organisation_id = k.organisation_id
    LEFT JOIN forum_member m ON m.country_id = k.country_id OR m.organisation_id = k.organisation_id)
 WHERE problem IS NOT NULL
 ORDER BY coordinator_id;
