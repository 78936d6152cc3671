-- Every fact cited to a source that states it.
--
-- The source document (DOC) states the forum's identity, the 2002 ministerial,
-- the series since March 2003, the themes' titles, the four coordinators, the
-- member list and its counts, and the contact. It gives no founding dates, no
-- meeting dates after March 2003, no ISO codes, regions or coordinators' terms.
-- Rows that cited it for such facts now cite the reference that states them,
-- or general knowledge (GK) where no reference was found; fact_source cites a
-- single column where it differs from the row's source, and marks with a NULL
-- source the project's own wording (descriptions, a short name) that no source
-- gives.

-- Organisations: founding dates and seats are general knowledge unless a
-- reference states them.
UPDATE organisation SET source_key = 'S5',
       description = 'Institutional ASEM partner on the European side. It took part in the founding summit in 1996 as the European Commission; current lists of partners name it the European Union.'
 WHERE short_name = 'EU';
UPDATE organisation SET source_key = 'S8',
       description = 'Institutional ASEM partner on the Asian side since the second enlargement: decided at ASEM6 in 2006, welcomed at FMM8 in 2007, first summit ASEM7 in 2008.'
 WHERE short_name = 'ASEC';
UPDATE organisation SET source_key = 'S10',
       description = 'The EU''s diplomatic service and the permanent coordinator for ASEM''s European side; not itself an ASEM partner.'
 WHERE short_name = 'EEAS';
UPDATE organisation SET description = 'Supports and augments the formal ASEM migration discussions through other conferencing, exchange and web-based activities; the forum''s contact is care of ASEF.'
 WHERE short_name = 'ASEF';
UPDATE organisation SET description = 'The secretariat the source document names for the forum, care of the Asia-Europe Foundation (ASEF); ASEM has no secretariat of its own (see the caveat on the secretariat).'
 WHERE short_name = 'ASEM-SEC';

INSERT INTO fact_source (table_name, row_key, column_name, source_key) VALUES
    ('organisation', 'EU', 'name', 'S17'),
    ('organisation', 'EU', 'name_in_source', 'DOC'),
    ('organisation', 'EU', 'founded', 'GK'),
    ('organisation', 'EU', 'seat_city', 'GK'),
    ('organisation', 'ASEC', 'name_in_source', 'DOC'),
    ('organisation', 'ASEC', 'founded', 'GK'),
    ('organisation', 'ASEC', 'seat_city', 'GK'),
    ('organisation', 'EEAS', 'name_in_source', 'DOC'),
    ('organisation', 'EEAS', 'founded', 'GK'),
    ('organisation', 'EEAS', 'seat_city', 'GK'),
    ('organisation', 'ASEF', 'founded', 'S15'),
    ('organisation', 'ASEF', 'seat_city', 'S16'),
    ('bloc', 'EU', 'founded', 'GK'),
    ('bloc', 'ASEAN', 'description', 'S13'),
    ('forum', 'ASEM DG Immigration Conference', 'short_name', NULL),
    ('meeting', '1', 'city', 'M3'),
    ('meeting', '1', 'country_id', 'M3'),
    ('meeting', '1', 'note', 'M2'),
    ('meeting', '9', 'start_date', 'M9'),
    ('meeting', '9', 'end_date', 'M9'),
    ('meeting', '14', 'start_date', 'M11'),
    ('meeting', '14', 'end_date', 'M11'),
    ('meeting', '17', 'end_date', 'GK');

-- The forum in the document's own terms; its short name is the project's.
UPDATE forum
   SET description = 'The directors-general of immigration of the ASEM partners, meeting on a regular basis since March 2003. Migration entered the ASEM agenda with a single ministerial conference in April 2002, at the initiative of China, Germany and Spain, which agreed on a follow-up including meetings at expert and director-general level. Human resource mobility between Asia and Europe may also enter the agenda of the ASEM Ministers of Employment and Labour Meetings.'
 WHERE forum_id = 1;

UPDATE meeting_series SET name = 'ASEM Ministers of Employment and Labour Meetings'
 WHERE series_key = 'labour_ministers';

UPDATE meeting SET note = 'ASEF held a preparatory conference in Paris on 12-13 March 2002; the ASEM senior officials met in Lanzarote on 2-3 April 2002.'
 WHERE meeting_id = 1;
UPDATE meeting SET note = 'Australia, New Zealand and Russia joined (48 partners).'
 WHERE meeting_id = 17;

-- Codes come from S1; UN M49 regions from S2, whose sub-region names are
-- general knowledge; the document spells the names it lists.
INSERT INTO fact_source (table_name, row_key, column_name, source_key)
SELECT 'country', name, 'un_region', 'S2' FROM country
UNION ALL SELECT 'country', name, 'un_subregion', 'GK' FROM country
UNION ALL SELECT 'country', name, 'name_in_source', 'DOC' FROM country WHERE name_in_source IS NOT NULL;

-- The document lists the members but not their ASEM side; Japan's MOFA (S9)
-- lists both sides, Russia on the Asian and the United Kingdom on the European.
INSERT INTO fact_source (table_name, row_key, column_name, source_key)
SELECT 'forum_member', member_id, 'asem_side', 'S9' FROM forum_member;

-- Coordinators' terms are dated from the EU Council Presidencies they match,
-- which is general knowledge; the document gives no dates.
INSERT INTO fact_source (table_name, row_key, column_name, source_key)
SELECT 'coordinator', coordinator_id, 'start_date', 'GK' FROM coordinator
UNION ALL SELECT 'coordinator', coordinator_id, 'end_date', 'GK' FROM coordinator WHERE end_date IS NOT NULL;

-- The themes' descriptions are the project's glosses of the document's titles.
INSERT INTO fact_source (table_name, row_key, column_name, source_key)
SELECT 'theme', title, 'description', NULL FROM theme;

-- The document never writes "European Union/European Commission": the caveat
-- quoted words it does not contain. Who the two organisations are is in the
-- organisation rows, each with its source.
DELETE FROM source_caveat WHERE topic = 'Organisations';
-- A caveat quotes the document word for word.
UPDATE source_caveat SET source_says = 'Current Coordinators for Asia: Philippines and Pakistan'
 WHERE topic = 'Coordinators';
UPDATE source_caveat SET source_key = 'S15',
       finding = 'ASEM has no secretariat; the Asia-Europe Foundation (ASEF), its only permanently established institution, is the contact.'
 WHERE topic = 'Secretariat';
