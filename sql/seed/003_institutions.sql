-- The process the forum belongs to, the organisations around it, the forum itself
-- and its contact point.

INSERT INTO process (process_key, name, name_in_source, description, source_key) VALUES
    ('ASEM', 'Asia-Europe Meeting', 'Asia - European Union Meeting (ASEM)',
     'An informal process of dialogue and co-operation between Asia and Europe. It covers political, economic and cultural questions and aims to strengthen the ties between the two regions as equal partners, in mutual respect. The source calls it the "Asia - European Union Meeting"; its proper name is the Asia-Europe Meeting.',
     'DOC');

INSERT INTO organisation (organisation_id, short_name, name, name_in_source, kind, founded, seat_city, seat_country_id, description, source_key) VALUES
    (1, 'EU', 'European Union', 'European Commission',
     'supranational union', '1993-11-01', 'Brussels', (SELECT country_id FROM country WHERE iso_alpha2 = 'BE'),
     'Institutional ASEM partner on the European side. It joined at the founding summit in 1996 as the European Commission and has been listed as the European Union since the Lisbon Treaty; the source''s "European Union/European Commission" is this one partner.',
     'DOC'),
    (2, 'ASEC', 'ASEAN Secretariat', 'ASEAN Secretariat',
     'intergovernmental secretariat', '1976', 'Jakarta', (SELECT country_id FROM country WHERE iso_alpha2 = 'ID'),
     'Institutional ASEM partner on the Asian side since the second enlargement (decided 2006, first summit 2008). Founding year from general knowledge.',
     'DOC'),
    (3, 'EEAS', 'European External Action Service', 'European External Action Service',
     'diplomatic service', '2011-01-01', 'Brussels', (SELECT country_id FROM country WHERE iso_alpha2 = 'BE'),
     'The EU''s diplomatic service and the permanent coordinator for ASEM''s European side. Not itself an ASEM partner. Founding date from general knowledge.',
     'DOC'),
    (4, 'ASEF', 'Asia-Europe Foundation', 'Asia-Europe Foundation (ASEF)',
     'foundation', '1997-02-15', 'Singapore', (SELECT country_id FROM country WHERE iso_alpha2 = 'SG'),
     'The only permanent institution of ASEM, set up under the Dublin Principles of 1996. It backs the formal ASEM talks on migration with conferences, exchanges and online work of its own, and hosts the forum''s contact point.',
     'DOC'),
    (5, 'ASEM-SEC', 'ASEM Secretariat', 'ASEM Secretariat',
     'contact point', NULL, 'Singapore', (SELECT country_id FROM country WHERE iso_alpha2 = 'SG'),
     'The contact the source names as the forum''s secretariat, care of ASEF. ASEM has no standing secretariat of its own (S10, S15): the name stands for the contact point ASEF hosts.',
     'DOC');

INSERT INTO forum (forum_id, name, short_name, forum_type, regions_covered, process_key, established_year,
                   series_since, description, secretariat_name, secretariat_organisation_id, source_key) VALUES
    (1, 'ASEM Conference of the Directors General of Immigration and Management of Migratory Flows',
     'ASEM DG Immigration Conference', 'Inter-regional forum on migration', 'Asia-Europe', 'ASEM', 2002, '2003-03',
     'Heads of immigration services from ASEM partners meet regularly to exchange information on migrant flows and their management. Migration entered the ASEM agenda with a single ministerial conference in April 2002, called at the initiative of China, Germany and Spain; the directors-general have met on a regular basis since March 2003. Human resource mobility between Asia and Europe may also come up at the ASEM Labour and Employment Ministers'' meetings.',
     'ASEM Secretariat', 5, 'DOC');

INSERT INTO forum_contact (forum_id, care_of_organisation_id, street, city, postcode, country_id, telephone, fax, source_key) VALUES
    (1, 4, '31 Heng Mui Keng Terrace', 'Singapore', '119595',
     (SELECT country_id FROM country WHERE iso_alpha2 = 'SG'), '+65 6874 9718', '+65 6872 1206', 'DOC');
