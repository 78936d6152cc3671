-- What the reader is told: what each source states, the source document's
-- date, names for prose, coordinators with how their terms are known, the EU
-- partner's name on a date, one story of each joining, and the caveats with
-- the data they bear on.

-- The source document is undated; its counts and coordinators fit about the
-- first half of 2018 (see declared_count.holds_on_basis).
UPDATE source SET snapshot_of = 'about the first half of 2018',
       states = 'Coordinators for Asia: Philippines and Pakistan; for Europe: European External Action Service and Bulgaria. Members: 51 states (10 ASEAN, 28 EU, 13 other) and 2 organisations. Themes, undated.'
 WHERE source_key = 'DOC';
UPDATE source SET states = 'Coordinators: the Philippines (ASEAN) and Pakistan (non-ASEAN) for Asia; for Europe the EEAS and the rotating EU Presidency, no country named.'
 WHERE source_key = 'S12';
UPDATE source SET title = 'ASEM InfoBoard, working methods (a later snapshot): no secretariat; the coordinators',
       states = 'Asian Coordinators: Bangladesh and Viet Nam; European Coordinators: European External Action Service (EEAS), the permanent coordinator, and Belgium, for the rotating EU Presidency. ASEM has no Secretariat.'
 WHERE source_key = 'S10';
UPDATE source SET states = 'The ministers met in Lanzarote, Spain, in April 2002; ASEF held a preparatory conference in Paris on 12-13 March 2002.'
 WHERE source_key = 'M2';
UPDATE source SET states = 'The ASEM senior officials met in Lanzarote on 2-3 April 2002.'
 WHERE source_key = 'M3';

INSERT INTO source (source_key, kind, title, reference, note, states) VALUES
    ('S18', 'reference', 'ASEM InfoBoard, working methods (an earlier snapshot): the coordinators',
     'https://www.aseminfoboard.org/about/asem-process/working-methods',
     'The snapshot names Croatia, which held the EU Council Presidency in the first half of 2020.',
     'Asian Coordinators: Singapore and the Russian Federation; European Coordinators: European External Action Service (EEAS) and Croatia.'),
    ('S19', 'reference', 'EEAS: how the European External Action Service was established',
     'https://www.eeas.europa.eu/eeas/establishing-organisation-and-functioning-european-external-action-service_en',
     NULL,
     'The European External Action Service was established by a Council decision of 26 July 2010 and formally launched on 1 January 2011.');

-- Names for sentences. The ISO name stays the name of record (rosters show it);
-- "Korea, Republic of" is the ISO list's inverted form of "Republic of Korea",
-- and "Lao PDR" is how the source document names Laos.
UPDATE country SET short_name = 'Republic of Korea', article = 'the' WHERE iso_alpha2 = 'KR';
UPDATE country SET short_name = 'Lao PDR' WHERE iso_alpha2 = 'LA';
UPDATE country SET article = 'the' WHERE iso_alpha2 IN ('GB', 'NL', 'PH', 'RU');

INSERT INTO fact_source (table_name, row_key, column_name, source_key)
SELECT 'country', name, 'short_name', CASE iso_alpha2 WHEN 'LA' THEN 'DOC' ELSE 'S1' END FROM country WHERE short_name IS NOT NULL
UNION ALL SELECT 'country', name, 'article', NULL FROM country WHERE article IS NOT NULL;

-- The EU's seat: the European Commission at the founding summit (S5), the
-- European Union in current lists (S17); the change is dated from the Lisbon
-- Treaty's entry into force, 1 December 2009 (general knowledge).
INSERT INTO organisation_name (organisation_id, name, start_date, end_date, source_key) VALUES
    ((SELECT organisation_id FROM organisation WHERE short_name = 'EU'), 'European Commission', '1996-03-01', '2009-11-30', 'S5'),
    ((SELECT organisation_id FROM organisation WHERE short_name = 'EU'), 'European Union', '2009-12-01', NULL, 'S17');
INSERT INTO fact_source (table_name, row_key, column_name, source_key)
SELECT 'organisation_name', organisation_id || ':' || start_date, 'start_date', 'GK' FROM organisation_name WHERE start_date = '2009-12-01'
UNION ALL
SELECT 'organisation_name', organisation_id || ':' || start_date, 'end_date', 'GK' FROM organisation_name WHERE end_date = '2009-11-30';

-- Coordinators. Each row cites the page that names it; how its dates are known
-- is said in words a reader understands.
UPDATE coordinator SET term_basis = 'estimated',
       period_basis = 'Estimated by this project: the source, a snapshot of about the first half of 2018, names it; the term is taken as that half-year.'
 WHERE coordinator_id IN (1, 2);
UPDATE coordinator SET term_basis = 'estimated',
       period_basis = 'Estimated by this project: the source, a snapshot of about the first half of 2018, names Bulgaria, which held the EU Council Presidency from January to June 2018 (general knowledge).'
 WHERE coordinator_id = 4;
UPDATE coordinator SET source_key = 'S18', term_basis = 'estimated',
       period_basis = 'Estimated by this project: an ASEM InfoBoard snapshot names it with Croatia, which held the EU Council Presidency from January to June 2020 (general knowledge); the term is taken as that half-year.'
 WHERE coordinator_id IN (5, 6);
UPDATE coordinator SET source_key = 'S18', term_basis = 'estimated',
       period_basis = 'Estimated by this project: an ASEM InfoBoard snapshot names Croatia, which held the EU Council Presidency from January to June 2020 (general knowledge).'
 WHERE coordinator_id = 7;
UPDATE coordinator SET source_key = 'S10', term_basis = 'estimated',
       period_basis = 'Estimated by this project: an ASEM InfoBoard snapshot names it with Belgium, which held the EU Council Presidency from January to June 2024 (general knowledge); the term is taken as that half-year.'
 WHERE coordinator_id IN (8, 9);
UPDATE coordinator SET source_key = 'S10', term_basis = 'estimated',
       period_basis = 'Estimated by this project: an ASEM InfoBoard snapshot names Belgium, which held the EU Council Presidency from January to June 2024 (general knowledge).'
 WHERE coordinator_id = 10;
-- The EEAS is the permanent coordinator (S10); its term runs from the day it
-- was formally launched (S19). That it took the role over that day is general
-- knowledge: no stored page dates the hand-over from the European Commission.
UPDATE coordinator SET source_key = 'S10', term_basis = 'sourced', start_date = '2011-01-01',
       period_basis = 'The permanent coordinator (ASEM InfoBoard), from the day the EEAS was formally launched, 1 January 2011 (EEAS); that it took the role over that day is general knowledge.'
 WHERE coordinator_id = 3;
UPDATE organisation SET founded = '2011-01-01' WHERE short_name = 'EEAS';
UPDATE fact_source SET source_key = 'S19' WHERE table_name = 'organisation' AND row_key = 'EEAS' AND column_name = 'founded';

-- A term's dates are the project's estimate (no source states them), except
-- the EEAS's start, which S19 states.
UPDATE fact_source SET source_key = NULL WHERE table_name = 'coordinator' AND column_name IN ('start_date', 'end_date');
UPDATE fact_source SET source_key = 'S19' WHERE table_name = 'coordinator' AND row_key = '3' AND column_name = 'start_date';

-- Lanzarote: the ASEF page (M2) places the ministers there; M3 only the senior officials.
UPDATE fact_source SET source_key = 'M2' WHERE table_name = 'meeting' AND row_key = '1' AND column_name IN ('city', 'country_id');

-- One story of each joining: the day counted, with the words a reader sees.
UPDATE forum_member
   SET joined_on_basis = 'Founding partner at ASEM1 (Bangkok, 1 March 1996)'
 WHERE joined_year = 1996;
UPDATE forum_member
   SET joined_on_basis = (SELECT 'Admitted at ' || s.name || ' (' || s.city || ', ' || CAST(strftime('%d', s.start_date) AS INTEGER) || ' '
                                 || (SELECT name FROM month_name WHERE month = CAST(strftime('%m', s.start_date) AS INTEGER)) || ' '
                                 || strftime('%Y', s.start_date) || ')'
                            FROM meeting s WHERE s.meeting_id = forum_member.joined_at_meeting_id)
 WHERE joined_year NOT IN (1996, 2008);
UPDATE forum_member
   SET joined_on_basis = 'Admission decided at ASEM6 (Helsinki, September 2006); welcomed at FMM8 (Hamburg, 28 May 2007), the day counted; first summit ASEM7 (Beijing, October 2008)'
 WHERE joined_year = 2008;

-- Caveats, each with the data it bears on and when.
INSERT INTO source_caveat (caveat_id, topic, source_says, finding, source_key, bears_on) VALUES
    (10, 'Snapshot', 'not stated',
     'The source is undated; its counts and its four coordinators fit about the first half of 2018, so it is read as a snapshot of that time.', 'DOC', 'source'),
    (11, 'EU founding date', 'not stated',
     'EU membership is counted from entry into the European Communities: the six founders from 1 January 1958, the EEC''s start; the EU itself dates from 1993.', 'S3', 'membership'),
    (12, 'Themes', 'Current Thematic Focus',
     'The themes are the source''s, undated, as of its snapshot (about the first half of 2018); no source dates when each was taken up.', 'DOC', 'themes');
UPDATE source_caveat SET bears_on = 'membership', applies_from = '2020-02-01' WHERE topic = 'EU size';
UPDATE source_caveat SET bears_on = 'membership' WHERE topic IN ('Asian partners', 'Other states');
UPDATE source_caveat SET bears_on = 'membership', applies_from = '2007-05-28' WHERE topic = 'Second enlargement year';
UPDATE source_caveat SET bears_on = 'contact' WHERE topic = 'Secretariat';
UPDATE source_caveat SET bears_on = 'process' WHERE topic = 'Process name';
UPDATE source_caveat SET bears_on = 'meetings' WHERE topic = 'Established';
UPDATE source_caveat SET bears_on = 'coordinators',
       finding = 'Coordinators are known only from dated snapshots: the source''s (about the first half of 2018) and two of the ASEM InfoBoard''s (2020, 2024). Each term is this project''s estimate of the EU Council Presidency''s half-year; the EEAS has been the permanent coordinator since it was launched in 2011.'
 WHERE topic = 'Coordinators';
UPDATE source_caveat
   SET finding = 'Decided at ASEM6 (Helsinki, September 2006), welcomed at FMM8 (Hamburg, 28 May 2007), first summit ASEM7 (Beijing, October 2008). Membership counts from 28 May 2007, as the 6th DG conference''s 43 countries on 19 November 2007 require; sources that date joining by summit give 2008.'
 WHERE topic = 'Second enlargement year';

-- The 2002 follow-up in words that continue the profile's sentence ("agreed on
-- a follow-up that included: ..."), the source's items rephrased.
UPDATE meeting_outcome SET description = CASE position
        WHEN 1 THEN 'an exchange of information on migrant flows and on how they are managed'
        WHEN 2 THEN 'work to make travel documents better and more secure'
        WHEN 3 THEN 'the fight against forged documents'
        WHEN 4 THEN 'networks of immigration and consular liaison officers'
        WHEN 5 THEN 'meetings of experts and of directors-general' END
 WHERE meeting_id = 1;

-- The ministerial's note says what M3 states (the senior officials' meeting);
-- the city is cited to M2 above.
UPDATE meeting SET note = 'The ASEM senior officials met in Lanzarote on 2-3 April 2002; the days of the ministerial itself are not confirmed.'
 WHERE meeting_id = 1;
UPDATE fact_source SET source_key = 'M3' WHERE table_name = 'meeting' AND row_key = '1' AND column_name = 'note';
