-- The day each partner became a member: the first day of the summit (or dated
-- decision) at which it joined.
--
-- The second enlargement (Bulgaria, India, Mongolia, Pakistan, Romania and the
-- ASEAN Secretariat) was decided at ASEM6 (Helsinki, 2006-09-10) and the new
-- partners were formally welcomed at FMM8 (Hamburg, 2007-05-28); their first
-- summit was ASEM7 (Beijing, 2008-10-24). Membership counts from FMM8, so that
-- the forum's own record agrees with the data: the 6th DG conference (Seoul,
-- 2007-11-19) counted 43 countries, 27 European and 16 Asian, which holds only
-- if the six were partners by then. joined_year keeps the first summit (2008).

UPDATE forum_member
   SET joined_on = (SELECT s.start_date FROM meeting s WHERE s.meeting_id = forum_member.joined_at_meeting_id),
       joined_on_basis = (SELECT 'First day of ' || s.name || ' (' || s.city || ', ' || s.start_date || '), the summit at which it joined'
                            FROM meeting s WHERE s.meeting_id = forum_member.joined_at_meeting_id)
 WHERE joined_year <> 2008;

UPDATE forum_member
   SET joined_on = (SELECT start_date FROM meeting WHERE series_key = 'foreign_ministers' AND number = 8),
       joined_on_basis = 'Formally welcomed at FMM8 (Hamburg, 2007-05-28) after the decision of ASEM6 (Helsinki, 2006-09-10); first summit ASEM7 (Beijing, 2008-10-24). The 6th DG conference (2007-11-19) already counted them.'
 WHERE joined_year = 2008;

-- Every declared count asks for members on the day, not in the year.
UPDATE declared_count
   SET actual_query = replace(actual_query, 'joined_year <= CAST(strftime(''%Y'', :as_of) AS INTEGER)', 'joined_on <= :as_of');

UPDATE declared_count
   SET holds_on_basis = 'The introduction shares the source''s date, but 19 Asian-side partners held only from 2010-10-04 to 2012-11-04 (from ASEM8 to the day before ASEM9); it contradicts the membership list.'
 WHERE count_key = 'asian_countries';

UPDATE source_caveat
   SET finding = 'Held from 2010-10-04 (ASEM8: Australia, New Zealand and Russia joined) to 2012-11-04, the day before ASEM9 (Bangladesh joined). With Kazakhstan (ASEM10, 2014-10-16) there are 21 Asian-side states; the same sentence also leaves out Norway and Switzerland on the European side.'
 WHERE topic = 'Asian partners';

UPDATE source_caveat
   SET source_says = 'not stated',
       finding = 'Decided at ASEM6 (2006-09-10), formally welcomed at FMM8 (2007-05-28), first summit ASEM7 (2008-10-24). Membership counts from 2007-05-28, so that the 6th DG conference''s 43 countries (27 European, 16 Asian) on 2007-11-19 agree with the data; sources that date joining by summit (EEAS) give 2008, which joined_year keeps.'
 WHERE topic = 'Second enlargement year';
