#include "asemdb/render/report_file.hpp"

#include "asemdb/store/connection.hpp"
#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"
#include "asemdb/base/time.hpp"

namespace asemdb {

std::string default_file_name(const ReportDefinition& def, Format format, std::time_t now) {
    return def.id + "-" + local_date(now) + "." + extension_of(format);
}

RunSummary run_report_to(const Connection& conn, const ReportDefinition& def, const std::vector<ResolvedParam>& params,
                         Format format, const std::filesystem::path& file, const RenderOptions& options,
                         std::time_t generated, const RunOptions& run) {
    refuse_database_output(file, conn.path());
    Destination output = Destination::to(file);
    try {
        auto renderer = format == Format::Xlsx && output.is_file() ? make_xlsx_renderer(output.temp_path(), options)
                                                                    : make_stream_renderer(format, output.stream(), options);
        const RunSummary summary = run_report(conn, def, params, *renderer, generated, run);
        output.commit();
        return summary;
    } catch (const Error& e) {
        // The renderer only knows the temporary file; the user knows the target.
        if (e.kind() != ErrorKind::Render || !output.is_file()) throw;
        throw Error(ErrorKind::Render, Where{file.string(), 0, def.id, {}}, e.detail());
    }
}

}  // namespace asemdb
