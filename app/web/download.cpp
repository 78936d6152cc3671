#include "web/download.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/engine/engine.hpp"
#include "asemdb/store/connection.hpp"

#include <fmt/core.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <streambuf>

namespace asemdb::web {
namespace fs = std::filesystem;
namespace {

// Buffers what a renderer writes and hands it to the client in chunks; when
// the client is gone, cancels the run and drops the rest.
class ChunkBuffer final : public std::streambuf {
 public:
    ChunkBuffer(httplib::DataSink& sink, std::atomic<bool>& cancel) : sink_(sink), cancel_(cancel) {
        setp(buffer_, buffer_ + sizeof(buffer_));
    }
    bool client_gone() const { return client_gone_; }
    std::uint64_t sent() const { return sent_; }

 protected:
    int_type overflow(int_type c) override {
        if (!send()) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override { return send() ? 0 : -1; }

 private:
    bool send() {
        const auto size = static_cast<std::size_t>(pptr() - pbase());
        setp(buffer_, buffer_ + sizeof(buffer_));
        if (client_gone_) return false;
        if (size > 0 && !sink_.write(buffer_, size)) {
            client_gone_ = true;
            cancel_ = true;
            return false;
        }
        sent_ += size;
        return true;
    }

    httplib::DataSink& sink_;
    std::atomic<bool>& cancel_;
    bool client_gone_ = false;
    std::uint64_t sent_ = 0;
    char buffer_[64 * 1024];
};

std::string content_disposition(const std::string& file_name) {
    // Report names are file names already; anything else is replaced, so the
    // header carries no quote, no control character and no path.
    std::string safe;
    for (const char c : file_name) safe += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ? c : '_';
    return "attachment; filename=\"" + safe + "\"";
}

RunOptions download_run(const Site& site, std::atomic<bool>& cancel, bool fingerprint) {
    RunOptions run;
    run.timeout = site.options().download_timeout;
    run.cancel = &cancel;
    run.fingerprint = fingerprint;
    return run;
}

void stream_text(Site& site, const httplib::Request& request, httplib::Response& response,
                 std::shared_ptr<Connection> conn, Download download, const std::string& what) {
    auto state = std::make_shared<Download>(std::move(download));
    response.set_chunked_content_provider(
        media_type(state->format), [&site, &request, conn, state, what](std::size_t, httplib::DataSink& sink) {
            // The request outlives its response's writing, where this runs.
            Site::Run run(site, &request);
            ChunkBuffer buffer(sink, run.cancel());
            std::ostream out(&buffer);
            std::string failure;
            try {
                auto renderer = make_stream_renderer(state->format, out, state->render);
                run_report(*conn, state->definition, state->params, *renderer, state->generated,
                           download_run(site, run.cancel(), false));
                out.flush();
            } catch (const std::exception& e) {
                failure = e.what();
            }
            if (buffer.client_gone() || run.client_left()) failure = "the client left";
            if (!failure.empty()) {
                site.log(fmt::format("{}: download cut after {} bytes: {}", what, buffer.sent(), failure));
                return false;  // no closing chunk: the client sees an incomplete download
            }
            sink.done();
            return true;
        });
}

// A directory of this process's own under the system's temporary directory.
fs::path private_directory() {
    std::string pattern = (fs::temp_directory_path() / "asemdb-web-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw Error::io(pattern, "cannot create a temporary directory");
    return pattern;
}

void send_xlsx(Site& site, const httplib::Request& request, httplib::Response& response, const Connection& conn,
               const Download& download) {
    const fs::path dir = private_directory();
    const fs::path file = dir / "download.xlsx";
    std::uintmax_t size = 0;
    try {
        Site::Run run(site, &request);
        auto renderer = make_xlsx_renderer(file, download.render);
        run_report(conn, download.definition, download.params, *renderer, download.generated,
                   download_run(site, run.cancel(), renderer->shows_fingerprint()));
        size = fs::file_size(file);
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
        throw;
    }
    auto in = std::make_shared<std::ifstream>(file, std::ios::binary);
    response.set_content_provider(
        size, media_type(Format::Xlsx),
        [in](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            char chunk[64 * 1024];
            in->seekg(static_cast<std::streamoff>(offset));
            in->read(chunk, static_cast<std::streamsize>(std::min(length, sizeof(chunk))));
            const auto got = in->gcount();
            return got > 0 && sink.write(chunk, static_cast<std::size_t>(got));
        },
        [dir](bool) {
            std::error_code ignored;
            fs::remove_all(dir, ignored);
        });
}

}  // namespace

std::string media_type(Format format) {
    switch (format) {
        case Format::Csv: return "text/csv; charset=utf-8";
        case Format::Tsv: return "text/tab-separated-values; charset=utf-8";
        case Format::Json: return "application/json";
        case Format::Ndjson: return "application/x-ndjson";
        case Format::Markdown: return "text/markdown; charset=utf-8";
        case Format::Xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        case Format::Text:
        case Format::Junit: break;
    }
    return "text/plain; charset=utf-8";
}

void send_download(Site& site, const httplib::Request& request, httplib::Response& response, Download download,
                   const std::string& what) {
    auto conn = std::make_shared<Connection>(Connection::open(site.options().database, OpenMode::ReadOnly));
    const std::string disposition = content_disposition(download.file_name);
    if (download.format == Format::Xlsx) send_xlsx(site, request, response, *conn, download);
    else stream_text(site, request, response, std::move(conn), std::move(download), what);
    response.set_header("Content-Disposition", disposition);
}

void refuse_several_sheets(const ReportDefinition& definition, Format format, const RenderOptions& render) {
    if (definition.sheets.size() <= 1 || !holds_one_table(format, render)) return;
    std::string names;
    for (const auto& sheet : definition.sheets) names += (names.empty() ? "" : ", ") + sheet.name;
    throw HttpError{400, fmt::format("{} has {} sheets and {} holds one; choose one with sheet=NAME ({}), or take them "
                                     "all as json, text, markdown or xlsx",
                                     definition.adhoc ? std::string("the query") : "report '" + definition.id + "'",
                                     definition.sheets.size(), to_string(format), names)};
}

}  // namespace asemdb::web
