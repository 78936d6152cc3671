#pragma once
// What `schedule history` shows: the runs of the run history (history.hpp) as
// text, csv or json. The csv is a table and goes through the csv renderer, so
// it is quoted by the same rules as a report's csv; text and json are nested
// (a run's output files, its delivery) and have writers of their own.

#include "asemdb/render/render.hpp"
#include "asemdb/schedule/history.hpp"

#include <iosfwd>
#include <vector>

namespace asemdb {

/// Writes `runs` as text (a block per run), a JSON array, or CSV (a line per
/// run; its output files, sizes and hashes as ';'-separated lists).
/// Throws Error{Usage} for another format, Error{Render} when `out` fails.
void render_history(const std::vector<RunRecord>& runs, Format format, std::ostream& out);

}  // namespace asemdb
