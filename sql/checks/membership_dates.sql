-- title: Every member has a joining day with its basis, on or before its first summit
-- severity: error
--
-- Membership on a date is joined_on <= date. A member without a joining day
-- is never counted; one dated before ASEM's founding summit (1996-03-01) or
-- after the first summit it attended contradicts the summits' record, and
-- joined_year must be the year of that summit.
SELECT m.member_id, coalesce(c.name, o.name) AS member, m.joined_on, m.joined_year, s.name AS first_summit,
       CASE
         WHEN m.joined_on IS NULL THEN 'no joining day'
         WHEN m.joined_on_basis IS NULL THEN 'no basis for the joining day'
         WHEN m.joined_on < '1996-03-01' THEN 'before ASEM''s founding summit (1996-03-01)'
         WHEN s.meeting_id IS NULL THEN 'no first summit'
         WHEN m.joined_on > s.start_date THEN 'after its first summit (' || s.start_date || ')'
         ELSE 'joined_year is not the year of its first summit (' || substr(s.start_date, 1, 4) || ')'
       END AS problem
  FROM forum_member m
  LEFT JOIN country c      ON c.country_id = m.country_id
  LEFT JOIN organisation o ON o.organisation_id = m.organisation_id
  LEFT JOIN meeting s      ON s.meeting_id = m.joined_at_meeting_id
 WHERE m.joined_on IS NULL OR m.joined_on_basis IS NULL OR m.joined_on < '1996-03-01' OR s.meeting_id IS NULL
    OR m.joined_on > s.start_date OR m.joined_year IS NOT CAST(substr(s.start_date, 1, 4) AS INTEGER)
 ORDER BY m.member_id;
