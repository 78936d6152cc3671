#include "asemdb/engine/report.hpp"
#include "asemdb/base/text.hpp"

#include "asemdb/base/error.hpp"
#include "store/directory_listing.hpp"
#include "store/embedded_files.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace asemdb {
namespace fs = std::filesystem;
namespace {

// The files of one report directory, by file name.
struct ReportFiles {
    std::map<std::string, std::string> text;    // file name -> content
    std::map<std::string, std::string> origin;  // file name -> path for messages
};

ReportFiles embedded_report_files() {
    ReportFiles files;
    for (const auto& file : detail::embedded_files()) {
        const std::string path(file.path);
        if (path.rfind("reports/", 0) != 0 || path.find('/', 8) != std::string::npos) continue;
        const std::string name = path.substr(8);
        files.text.emplace(name, std::string(file.content));
        files.origin.emplace(name, path);
    }
    return files;
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    if (!in) throw Error::io(file, "cannot read file");
    return out.str();
}

ReportFiles directory_report_files(const fs::path& dir) {
    ReportFiles files;
    for (const auto& file : detail::files_in_directory(dir, "reports directory", {".toml", ".sql"})) {
        const std::string name = file.filename().string();
        files.text.emplace(name, read_text(file));
        files.origin.emplace(name, file.string());
    }
    return files;
}

// Manifests first; a .sql file is a report of its own unless a manifest uses it.
std::vector<ReportDefinition> parse_all(const ReportFiles& files, bool user) {
    std::vector<ReportDefinition> out;
    std::set<std::string> used_sql;
    for (const auto& [name, text] : files.text) {
        if (fs::path(name).extension() != ".toml") continue;
        const std::string& origin = files.origin.at(name);
        auto read_beside = [&](const std::string& file) -> std::string {
            const auto it = files.text.find(file);
            if (it == files.text.end()) throw Error::io(file, "no such file beside the manifest");
            used_sql.insert(file);
            return it->second;
        };
        out.push_back(parse_manifest(fs::path(name).stem().string(), text, origin, read_beside));
    }
    for (const auto& [name, text] : files.text) {
        const auto stem = fs::path(name).stem().string();
        if (fs::path(name).extension() != ".sql" || used_sql.count(name) || files.text.count(stem + ".toml")) continue;
        out.push_back(bare_sql_report(stem, text, files.origin.at(name)));
    }
    for (auto& def : out) def.user = user;
    return out;
}

}  // namespace

ReportCatalog ReportCatalog::load(const std::optional<fs::path>& user_dir) {
    ReportCatalog catalog;
    for (auto& def : parse_all(embedded_report_files(), false)) catalog.entries_.push_back({std::move(def), false});
    if (user_dir) {
        for (auto& def : parse_all(directory_report_files(*user_dir), true)) {
            auto same = std::find_if(catalog.entries_.begin(), catalog.entries_.end(),
                                     [&](const CatalogEntry& e) { return e.definition.id == def.id; });
            if (same != catalog.entries_.end()) *same = {std::move(def), true};
            else catalog.entries_.push_back({std::move(def), false});
        }
    }
    std::sort(catalog.entries_.begin(), catalog.entries_.end(),
              [](const CatalogEntry& a, const CatalogEntry& b) { return a.definition.id < b.definition.id; });
    return catalog;
}

const ReportDefinition* ReportCatalog::find(const std::string& id) const {
    for (const auto& entry : entries_)
        if (entry.definition.id == id) return &entry.definition;
    return nullptr;
}

std::vector<std::string> ReportCatalog::suggest(const std::string& id) const {
    std::vector<std::string> names;
    for (const auto& entry : entries_) names.push_back(entry.definition.id);
    if (auto name = closest_name(id, names)) return {*name};
    return {};
}

const ReportDefinition& ReportCatalog::get(const std::string& id) const {
    if (const auto* def = find(id)) return *def;
    const auto near = suggest(id);
    throw Error(ErrorKind::Usage, {}, "no report named '" + id + "'" + (near.empty() ? "" : "; did you mean '" + near[0] + "'?") +
                                          " (asemdb report list shows them all)");
}

}  // namespace asemdb
