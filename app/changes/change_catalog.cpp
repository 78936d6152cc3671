// The changes a database has applied and those its directory holds: their
// numbers, the sources they may cite, and how they stand.

#include "asemdb/changes/change.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/text.hpp"
#include "asemdb/store/connection.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <regex>

namespace asemdb {
namespace fs = std::filesystem;
namespace {

// The database's source keys, then those the changes of `dir` add (pending ones
// are not in the database yet, and a later change may cite them).
std::vector<std::string> source_keys(const Connection& conn, const fs::path& dir) {
    std::vector<std::string> keys;
    SQLite::Statement query(conn.db(), "SELECT source_key FROM source ORDER BY source_key");
    while (query.executeStep()) keys.push_back(query.getColumn(0).getString());
    for (const auto& change : read_changes(dir))
        if (change.header.source.is_new() &&
            std::find(keys.begin(), keys.end(), change.header.source.key) == keys.end())
            keys.push_back(change.header.source.key);
    return keys;
}

std::map<std::string, std::string> applied_times(const Connection& conn) {
    std::map<std::string, std::string> out;
    for (const auto& script : applied_scripts(conn)) out.emplace(script.name, script.applied_at);
    return out;
}

}  // namespace

std::string change_source_key(const Connection& conn, const fs::path& dir) {
    static const std::regex kNumbered("S([0-9]{1,9})");
    int highest = 0;
    std::smatch match;
    for (const auto& key : source_keys(conn, dir))
        if (std::regex_match(key, match, kNumbered)) highest = std::max(highest, std::stoi(match[1]));
    return "S" + std::to_string(highest + 1);
}

void require_source_key(const Connection& conn, const fs::path& dir, const std::string& key) {
    const auto keys = source_keys(conn, dir);
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) return;
    std::string message = "--source '" + key + "': no such source in " + conn.path().string() + " or its changes";
    if (const auto near = closest_name(key, keys)) message += "; did you mean '" + *near + "'?";
    else message += " (SELECT source_key, title FROM source lists them; --source-title and --source-url add one)";
    throw Error::usage(message);
}

int next_change_number(const Connection& conn, const fs::path& dir) {
    int highest = 0;
    for (const auto& change : read_changes(dir)) highest = std::max(highest, change.number);
    for (const auto& change : applied_changes(conn)) highest = std::max(highest, change_number(change.name));
    return highest + 1;
}

std::vector<ChangeEntry> list_changes(const Connection& conn, const fs::path& dir) {
    const auto times = applied_times(conn);
    std::map<std::string, ChangeEntry> entries;
    std::map<std::string, std::string> applied_checksums;
    for (const auto& applied : applied_changes(conn)) {
        const auto at = times.find(applied.name);
        entries[applied.name] = {change_number(applied.name), applied.name, parse_change_header(applied.text), true,
                                 at == times.end() ? "" : at->second, false, false};
        applied_checksums[applied.name] = applied.checksum;
    }
    const auto files = read_changes(dir);
    const auto scripts = change_scripts(files);
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto applied = applied_checksums.find(files[i].name);
        if (applied == applied_checksums.end()) {
            entries[files[i].name] = {files[i].number, files[i].name, files[i].header, false, "", false, true};
            continue;
        }
        entries[files[i].name].has_file = true;
        entries[files[i].name].edited = scripts[i].checksum != applied->second;
    }
    std::vector<ChangeEntry> out;
    for (auto& [name, entry] : entries) out.push_back(std::move(entry));
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
    return out;
}

std::string change_text(const Connection& conn, const fs::path& dir, int number) {
    for (const auto& applied : applied_changes(conn))
        if (change_number(applied.name) == number) return applied.text;
    const auto files = read_changes(dir);
    for (const auto& file : files)
        if (file.number == number) return file.text;
    std::vector<int> numbers;
    for (const auto& entry : list_changes(conn, dir)) numbers.push_back(entry.number);
    throw Error::usage(fmt::format("no change numbered {}; {}", number,
                                   numbers.empty() ? "there are none ('asemdb change new' writes one)"
                                                   : fmt::format("there are {}", fmt::join(numbers, ", "))));
}

}  // namespace asemdb
