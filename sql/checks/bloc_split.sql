-- title: The membership split by bloc adds up to the total
-- severity: error
--
-- The source declares member states = EU + ASEAN + others (51 = 28 + 10 + 13).
-- Offending rows: the declared figures if they do not add up, and the data's
-- split on each declaration date and on the audit's date (:as_of) if a state
-- is counted twice or not at all.
WITH declared AS (
  SELECT holds_on,
         max(CASE count_key WHEN 'member_states' THEN declared_value END) AS total,
         max(CASE count_key WHEN 'eu_states' THEN declared_value END) AS eu,
         max(CASE count_key WHEN 'asean_states' THEN declared_value END) AS asean,
         max(CASE count_key WHEN 'other_states' THEN declared_value END) AS other
    FROM declared_count
   WHERE count_key IN ('member_states', 'eu_states', 'asean_states', 'other_states')
   GROUP BY holds_on),
dates AS (SELECT holds_on AS day FROM declared UNION SELECT :as_of),
states AS (
  SELECT d.day, m.country_id,
         (SELECT count(*) FROM bloc_membership b WHERE b.country_id = m.country_id AND b.bloc_key = 'EU'
             AND d.day BETWEEN b.start_date AND coalesce(b.end_date, '9999-12-31')) AS in_eu,
         (SELECT count(*) FROM bloc_membership b WHERE b.country_id = m.country_id AND b.bloc_key = 'ASEAN'
             AND d.day BETWEEN b.start_date AND coalesce(b.end_date, '9999-12-31')) AS in_asean
    FROM dates d
    JOIN forum_member m ON m.country_id IS NOT NULL AND m.joined_on <= d.day),
actual AS (
  SELECT day, count(*) AS total, sum(in_eu > 0) AS eu, sum(in_asean > 0) AS asean,
         sum(in_eu = 0 AND in_asean = 0) AS other
    FROM states GROUP BY day)
SELECT 'declared' AS basis, holds_on AS day, total, eu, asean, other, eu + asean + other AS sum_of_parts
  FROM declared WHERE total IS NOT eu + asean + other
UNION ALL
SELECT 'data', day, total, eu, asean, other, eu + asean + other
  FROM actual WHERE total <> eu + asean + other
 ORDER BY basis, day;
