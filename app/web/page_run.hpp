#pragma once
// A report or a query run for a page: one page of each sheet as a table, the
// text summary and what the About sheet says, within the page's time limit.

#include "asemdb/base/error.hpp"
#include "asemdb/engine/params.hpp"
#include "web/html.hpp"

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

namespace asemdb::web {

/// The links a page of results carries: the address of the page without its
/// `page` parameter, and its parameters.
struct PageAddress {
    std::string path;  ///< "/reports/member_roster"
    std::vector<std::pair<std::string, std::string>> params;
    std::uint64_t page = 1;  ///< 1-based
};

/// Runs `definition` and returns the data the report and query pages show:
/// `sheets` (title, columns, rows, what is shown of how many, links to the
/// pages before and after), `summary`, `about` (parameters, sources, caveats,
/// fingerprint, when). Throws Error as run_report does (a timeout included).
Data run_for_page(Site& site, const httplib::Request& request, const ReportDefinition& definition,
                  const std::vector<ResolvedParam>& params, const PageAddress& address, std::time_t generated);

/// The page number `text` gives (1 when empty). Throws HttpError 400.
std::uint64_t page_number(const std::string& text);

/// The status an Error is answered with: 500 for what the server could not
/// read or write, else 400.
int status_of(const Error& error);
/// An Error as the page shows it: its one line, and the lines under it.
HttpError http_error(const Error& error);

}  // namespace asemdb::web
