#pragma once
// A run sent as a file: the same engine and renderer as `report run` and
// `query`, streamed to the client as the rows are read (xlsx: written to a
// private temporary file first, then sent with its length).
//
// Once a textual download has begun (its 200 sent), an error or a timeout
// cannot change the status: the stream is then cut without its closing chunk,
// so that every client reports a failed download, never a short file that
// looks complete; the error goes to the server's log. A client that stops
// reading or disconnects cancels the run.

#include "asemdb/engine/params.hpp"
#include "asemdb/render/render.hpp"
#include "web/site.hpp"

#include <ctime>
#include <string>
#include <vector>

namespace asemdb::web {

struct Download {
    ReportDefinition definition;
    std::vector<ResolvedParam> params;
    Format format = Format::Csv;
    RenderOptions render;
    std::string file_name;  ///< as the command line names its output: NAME-YYYY-MM-DD.EXT
    std::time_t generated = 0;
};

/// The media type a download of `format` is sent as.
std::string media_type(Format format);

/// Answers `response` to `request` with `download`. Throws Error (the response untouched)
/// for what fails before anything is sent: the database cannot be opened, or
/// an xlsx run fails.
void send_download(Site& site, const httplib::Request& request, httplib::Response& response, Download download,
                   const std::string& what);

/// Throws HttpError 400 when `definition`'s sheets do not fit one `format`
/// file, saying how to choose one (`sheet=NAME`) or take them all.
void refuse_several_sheets(const ReportDefinition& definition, Format format, const RenderOptions& render);

}  // namespace asemdb::web
