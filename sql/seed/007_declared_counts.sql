-- The counts the source document declares, the date each is taken to hold on, and
-- the query that counts the same thing in the data. :as_of is bound to a date.
--
-- The source is undated. Its four coordinators match Bulgaria's EU Council
-- Presidency (January-June 2018), and its 28 EU member states held only from
-- 2013-07-01 to 2020-01-31, so its counts are taken to hold on 2018-06-30.

INSERT INTO declared_count (count_key, label, declared_value, statement, holds_on, holds_on_basis, actual_query, source_key) VALUES
    ('member_states', 'Member states', 51,
     'Member States (51 States, ...)', '2018-06-30',
     'Estimated snapshot date of the source (coordinators, EU size).',
     'SELECT count(*) FROM forum_member WHERE country_id IS NOT NULL AND joined_year <= CAST(strftime(''%Y'', :as_of) AS INTEGER)',
     'DOC'),
    ('asean_states', 'ASEAN member states', 10,
     'including 10 ASEAN Member States', '2018-06-30',
     'Estimated snapshot date of the source (coordinators, EU size).',
     'SELECT count(*) FROM forum_member m JOIN bloc_membership b ON b.country_id = m.country_id AND b.bloc_key = ''ASEAN'' WHERE m.joined_year <= CAST(strftime(''%Y'', :as_of) AS INTEGER) AND :as_of BETWEEN b.start_date AND coalesce(b.end_date, ''9999-12-31'')',
     'DOC'),
    ('eu_states', 'EU member states', 28,
     '28 EU Member States', '2018-06-30',
     'Estimated snapshot date of the source (coordinators, EU size).',
     'SELECT count(*) FROM forum_member m JOIN bloc_membership b ON b.country_id = m.country_id AND b.bloc_key = ''EU'' WHERE m.joined_year <= CAST(strftime(''%Y'', :as_of) AS INTEGER) AND :as_of BETWEEN b.start_date AND coalesce(b.end_date, ''9999-12-31'')',
     'DOC'),
    ('other_states', 'Other member states (in neither the EU nor ASEAN)', 13,
     '13 other States in Asia', '2018-06-30',
     'Estimated snapshot date of the source (coordinators, EU size).',
     'SELECT count(*) FROM forum_member m WHERE m.country_id IS NOT NULL AND m.joined_year <= CAST(strftime(''%Y'', :as_of) AS INTEGER) AND NOT EXISTS (SELECT 1 FROM bloc_membership b WHERE b.country_id = m.country_id AND b.bloc_key IN (''EU'', ''ASEAN'') AND :as_of BETWEEN b.start_date AND coalesce(b.end_date, ''9999-12-31''))',
     'DOC'),
    ('member_organisations', 'Member organisations', 2,
     'Member Organizations (2 organizations)', '2018-06-30',
     'Estimated snapshot date of the source (coordinators, EU size).',
     'SELECT count(*) FROM forum_member WHERE organisation_id IS NOT NULL AND joined_year <= CAST(strftime(''%Y'', :as_of) AS INTEGER)',
     'DOC'),
    ('asian_countries', 'Asian-side member states', 19,
     'the European Union Member States and the European Commission with 19 Asian countries and the ASEAN Secretariat', '2018-06-30',
     'The introduction shares the source''s date, but 19 Asian partners held only from October 2010 to November 2012; it contradicts the membership list.',
     'SELECT count(*) FROM forum_member WHERE country_id IS NOT NULL AND asem_side = ''Asia'' AND joined_year <= CAST(strftime(''%Y'', :as_of) AS INTEGER)',
     'DOC');
