#include "asemdb/report_file.hpp"

#include "asemdb/error.hpp"
#include "asemdb/output.hpp"

#include <fstream>

namespace asemdb {
namespace {

RunSummary render_stream(const Connection& conn, const ReportDefinition& def, const std::vector<ResolvedParam>& params,
                         Format format, const AtomicOutput& output, const RenderOptions& options, std::time_t generated,
                         const RunOptions& run) {
    std::ofstream file(output.temp_path(), std::ios::binary | std::ios::trunc);
    if (!file) throw Error::io(output.target(), "cannot create the output file");
    auto renderer = make_stream_renderer(format, file, options);
    auto summary = run_report(conn, def, params, *renderer, generated, run);
    file.close();
    if (!file) throw Error(ErrorKind::Render, Where{output.target().string(), 0, def.id, {}}, "cannot write the file");
    return summary;
}

}  // namespace

RunSummary run_report_to_file(const Connection& conn, const ReportDefinition& def,
                              const std::vector<ResolvedParam>& params, Format format, const std::filesystem::path& file,
                              const RenderOptions& options, std::time_t generated, const RunOptions& run) {
    AtomicOutput output(file);
    try {
        RunSummary summary;
        if (format == Format::Xlsx) {
            auto renderer = make_xlsx_renderer(output.temp_path(), options);
            summary = run_report(conn, def, params, *renderer, generated, run);
        } else {
            summary = render_stream(conn, def, params, format, output, options, generated, run);
        }
        output.commit();
        return summary;
    } catch (const Error& e) {
        // The renderer only knows the temporary file; the user knows the target.
        if (e.kind() != ErrorKind::Render) throw;
        throw Error(ErrorKind::Render, Where{file.string(), 0, def.id, {}}, e.detail());
    }
}

}  // namespace asemdb
