-- Coordinators and the forum's current thematic focus.
--
-- Each side has two coordinators. Asia: one for the ASEAN partners and one for
-- the others (both rotate). Europe: the EEAS (permanent) and the rotating EU
-- Council Presidency. The source's four date from about the first half of 2018;
-- later pairs come from snapshots of the ASEM InfoBoard contact page. Where a
-- term's true bounds are unknown the row covers the half-year the snapshot shows,
-- and period_basis says so.

INSERT INTO coordinator (coordinator_id, country_id, organisation_id, asem_side, role, start_date, end_date, period_basis, source_key) VALUES
    (1, (SELECT country_id FROM country WHERE iso_alpha2 = 'PH'), NULL, 'Asia', 'ASEAN coordinator',
     '2018-01-01', '2018-06-30', 'Snapshot: the source reflects about January-June 2018; the real term is not known.', 'DOC'),
    (2, (SELECT country_id FROM country WHERE iso_alpha2 = 'PK'), NULL, 'Asia', 'non-ASEAN coordinator',
     '2018-01-01', '2018-06-30', 'Snapshot: the source reflects about January-June 2018; the real term is not known.', 'DOC'),
    (3, NULL, (SELECT organisation_id FROM organisation WHERE short_name = 'EEAS'), 'Europe', 'permanent coordinator',
     '2018-01-01', NULL, 'Permanent role; recorded from the source''s 2018 snapshot onward.', 'DOC'),
    (4, (SELECT country_id FROM country WHERE iso_alpha2 = 'BG'), NULL, 'Europe', 'EU Council Presidency',
     '2018-01-01', '2018-06-30', 'Bulgaria''s EU Council Presidency, January-June 2018 (general knowledge).', 'DOC'),
    (5, (SELECT country_id FROM country WHERE iso_alpha2 = 'SG'), NULL, 'Asia', 'ASEAN coordinator',
     '2020-01-01', '2020-06-30', 'Snapshot alongside Croatia''s Presidency; the real term is not known.', 'S12'),
    (6, (SELECT country_id FROM country WHERE iso_alpha2 = 'RU'), NULL, 'Asia', 'non-ASEAN coordinator',
     '2020-01-01', '2020-06-30', 'Snapshot alongside Croatia''s Presidency; the real term is not known.', 'S12'),
    (7, (SELECT country_id FROM country WHERE iso_alpha2 = 'HR'), NULL, 'Europe', 'EU Council Presidency',
     '2020-01-01', '2020-06-30', 'Croatia''s EU Council Presidency, January-June 2020 (general knowledge).', 'S12'),
    (8, (SELECT country_id FROM country WHERE iso_alpha2 = 'VN'), NULL, 'Asia', 'ASEAN coordinator',
     '2024-01-01', '2024-06-30', 'Snapshot alongside Belgium''s Presidency; the real term is not known.', 'S12'),
    (9, (SELECT country_id FROM country WHERE iso_alpha2 = 'BD'), NULL, 'Asia', 'non-ASEAN coordinator',
     '2024-01-01', '2024-06-30', 'Snapshot alongside Belgium''s Presidency; the real term is not known.', 'S12'),
    (10, (SELECT country_id FROM country WHERE iso_alpha2 = 'BE'), NULL, 'Europe', 'EU Council Presidency',
     '2024-01-01', '2024-06-30', 'Belgium''s EU Council Presidency, January-June 2024 (general knowledge).', 'S12');

INSERT INTO theme (theme_id, position, title, scope, description, source_key) VALUES
    (1, 1, 'Border management', NULL,
     'Control and management of the borders partners share or guard.', 'DOC'),
    (2, 2, 'Combatting human trafficking and protecting victims of human trafficking', NULL,
     'Stopping the trade in people and looking after those it harms.', 'DOC'),
    (3, 3, 'Irregular migration', NULL,
     'Movement outside the legal channels, and how to prevent and manage it.', 'DOC'),
    (4, 4, 'Labour migration', 'highly-skilled migration; preventing irregular employment',
     'Migration for work: attracting highly skilled people and keeping employment within the law.', 'DOC'),
    (5, 5, 'Migration and education', NULL,
     'Students and learning as a reason to move between the regions.', 'DOC'),
    (6, 6, 'Unaccompanied migrant children', NULL,
     'Children who migrate without a parent or guardian.', 'DOC');
