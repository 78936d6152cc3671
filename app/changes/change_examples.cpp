// The commented examples a new change starts with: the usual edits, each an
// exact statement against the schema, ready to uncomment and correct.
// tests/test_changes.cpp applies each one uncommented and audits the result.

#include "asemdb/changes/change.hpp"

#include "changes/change_text.hpp"

#include <fmt/format.h>

namespace asemdb {

std::string change_examples(const std::string& source_key) {
    return fmt::format(R"(-- Write the change below: statements that run after the built-in scripts and
-- the changes numbered before this one, all or nothing, when 'asemdb init'
-- next runs. Every row cites the change's source ({0}), as the values below
-- do. Once applied, this file must not change: correct it with a new change.
-- 'asemdb change list' shows what is applied and what is pending.
--
-- The usual edits, each ready to uncomment; replace the example values with
-- what the source says.
--
-- A coordinator's term (country by ISO code; an organisation by short_name in
-- organisation_id, with country_id NULL). What its source states (source.states)
-- must name the coordinator: the audit checks it.
-- INSERT INTO coordinator (country_id, organisation_id, asem_side, role, start_date, end_date, period_basis, source_key)
-- VALUES ((SELECT country_id FROM country WHERE iso_alpha2 = 'CY'), NULL, 'Europe', 'EU Council Presidency',
--         '2026-01-01', '2026-06-30', 'The term as the source gives it.', {0});
--
-- A meeting of the forum (a partial date YYYY-MM where the day is not known):
-- INSERT INTO meeting (series_key, number, number_inferred, name, start_date, end_date, city, country_id, note, source_key)
-- VALUES ('dg_conference', 12, 0, '12th ASEM Conference of the Directors General of Immigration and Management of Migratory Flows',
--         '2026-06-01', '2026-06-02', 'Nicosia', (SELECT country_id FROM country WHERE iso_alpha2 = 'CY'),
--         'What the source says of it.', {0});
--
-- The end of a member state's membership of a bloc (the last day, inclusive),
-- and the citation of that date, which comes from this change's source:
-- UPDATE bloc_membership SET end_date = '2026-06-30'
--  WHERE bloc_key = 'EU' AND end_date IS NULL AND country_id = (SELECT country_id FROM country WHERE iso_alpha2 = 'CY');
-- INSERT INTO fact_source (table_name, row_key, column_name, source_key)
-- SELECT 'bloc_membership', bloc_key || ':' || country_id || ':' || start_date, 'end_date', {0}
--   FROM bloc_membership
--  WHERE bloc_key = 'EU' AND end_date = '2026-06-30' AND country_id = (SELECT country_id FROM country WHERE iso_alpha2 = 'CY');
--
-- A theme of the forum, after the others:
-- INSERT INTO theme (position, title, scope, description, source_key)
-- VALUES ((SELECT max(position) + 1 FROM theme), 'Return and readmission', NULL,
--         'What the source says the theme covers.', {0});
)",
                       detail::sql_literal(source_key));
}

}  // namespace asemdb
