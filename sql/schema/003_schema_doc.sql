-- One-line descriptions of the tables, views and columns, for `asemdb schema`
-- and for anyone writing ad hoc SQL. column_name '' describes the object itself.

CREATE TABLE schema_doc (
    object_name TEXT NOT NULL CHECK (object_name <> ''),
    column_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL CHECK (description <> ''),
    PRIMARY KEY (object_name, column_name)
) STRICT;

INSERT INTO schema_doc (object_name, column_name, description) VALUES
    ('applied_script', '', 'Every schema and seed script applied to this database, with its SHA-256'),
    ('schema_doc', '', 'These descriptions'),
    ('source', '', 'Where the data comes from: the source document (DOC) and public references'),
    ('source', 'source_key', 'DOC for the source document, S*/M* for references, GK for general knowledge'),
    ('source', 'reference', 'The file name of a document, or the addresses of a reference'),
    ('country', '', 'The member states, with their ISO 3166-1 codes and UN M49 region'),
    ('country', 'name', 'ISO 3166-1 English short name'),
    ('country', 'name_in_source', 'How the source document spells the name'),
    ('country', 'iso_numeric', 'ISO 3166-1 numeric code, as text to keep its leading zeros'),
    ('organisation', '', 'Organisations around the forum: the EU, the ASEAN Secretariat, the EEAS, ASEF, the ASEM Secretariat'),
    ('process', '', 'The wider process the forum belongs to: the Asia-Europe Meeting (ASEM)'),
    ('forum', '', 'The forum itself: one row'),
    ('forum', 'series_since', 'Month (YYYY-MM) since which the directors-general conferences have met'),
    ('forum_contact', '', 'The forum''s postal address, telephone and fax'),
    ('forum_member', '', 'The 51 member states and 2 member organisations: ASEM side and joining year'),
    ('forum_member', 'joined_year', 'Year the member became an ASEM partner (its first summit)'),
    ('forum_member', 'source_group', 'The grouping the source document lists it under: ASEAN, EU or Other'),
    ('bloc', '', 'Regional blocs: the EU and ASEAN'),
    ('bloc_membership', '', 'A country''s membership of a bloc over a period, both days inclusive'),
    ('bloc_membership', 'end_date', 'Last day of membership; NULL while it lasts'),
    ('coordinator', '', 'Coordinator terms, by ASEM side and role'),
    ('coordinator', 'period_basis', 'How the term''s dates were established'),
    ('theme', '', 'The forum''s current thematic focus, in the source''s order'),
    ('meeting_series', '', 'Series of meetings: the forum''s conferences and related ASEM meetings'),
    ('meeting', '', 'Meetings, with partial dates (YYYY-MM) where the day is not known'),
    ('meeting', 'number_inferred', '1 when the meeting''s number is inferred rather than stated'),
    ('meeting_party', '', 'Who took the initiative for, hosted, chaired or co-sponsored a meeting'),
    ('meeting_outcome', '', 'What a meeting agreed, item by item'),
    ('declared_count', '', 'Counts the source declares, the date each holds on, and the query that counts the same'),
    ('declared_count', 'actual_query', 'SQL counting the same thing in the data; :as_of is a date'),
    ('source_caveat', '', 'Where the source is outdated or inconsistent, and what the data does about it'),
    ('member_roster', '', 'One row per member with ISO codes, side, joining year and bloc today'),
    ('member_roster', 'kind', 'state or organisation'),
    ('member_roster', 'bloc_today', 'EU or ASEAN on today''s date; NULL for neither'),
    ('bloc_member', '', 'Every period a country spent in the EU or ASEAN'),
    ('coordinator_term', '', 'Every coordinator term with the party''s name'),
    ('meeting_calendar', '', 'Meetings of the forum and related series, in date order'),
    ('row_provenance', '', 'Every seeded row and the source it comes from');
