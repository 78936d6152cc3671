// Change scripts as files: reading a changes directory, their header lines, and
// writing a new change.

#include "asemdb/changes/change.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/base/output.hpp"
#include "base/sha256.hpp"
#include "changes/change_text.hpp"
#include "store/directory_listing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>
#include <system_error>

namespace asemdb {
namespace fs = std::filesystem;
namespace {

constexpr const char* kRole = "changes directory";
constexpr std::size_t kMaxSlug = 48;

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad()) throw Error::io(file, "cannot read file");
    return text.str();
}

// 12 from "012_coordinators.sql"; throws for a .sql file that is not a change.
int number_of(const fs::path& file) {
    static const std::regex kName(R"(([0-9]+)_[^/]+\.sql)");
    const std::string base = file.filename().string();
    std::smatch match;
    if (!std::regex_match(base, match, kName) || match[1].length() > 6 || std::stoi(match[1]) == 0)
        throw Error::io(file, "not a change: a change's name is its number and a slug, as in 001_coordinators-2026.sql");
    return std::stoi(match[1]);
}

// "Coordinators of 2025-2026" -> "coordinators-of-2025-2026".
std::string slug(const std::string& title) {
    std::string out;
    for (const unsigned char c : title) {
        if (std::isalnum(c) && c < 0x80) out += static_cast<char>(std::tolower(c));
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    if (out.size() > kMaxSlug) out.resize(kMaxSlug);
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "change" : out;
}

void require_one_line(const std::string& field, const std::string& value) {
    if (value.find_first_of("\r\n") != std::string::npos)
        throw Error::usage("change " + field + ": must be one line, got '" + value + "'");
}

void check_header(const ChangeHeader& header) {
    if (std::all_of(header.title.begin(), header.title.end(), [](unsigned char c) { return std::isspace(c); }))
        throw Error::usage("change title: must not be empty; say what the change records");
    for (const auto& [field, value] : {std::pair<const char*, const std::string&>{"title", header.title},
                                       {"date", header.date}, {"author", header.author},
                                       {"source title", header.source.title}, {"source URL", header.source.url}})
        require_one_line(field, value);
    static const std::regex kKey("[A-Za-z0-9]{1,16}");
    if (!std::regex_match(header.source.key, kKey))
        throw Error::usage("change source: '" + header.source.key + "' is no source key (letters and digits, at most 16)");
    if (header.source.is_new() && header.source.url.empty())
        throw Error::usage("change source: a source the change adds needs its URL as well as its title");
}

std::string header_text(const ChangeHeader& header) {
    std::string out = fmt::format("-- title: {}\n-- date: {}\n-- author: {}\n-- source: {}\n", header.title,
                                  header.date, header.author, header.source.key);
    if (!header.source.is_new()) return out;
    out += fmt::format("-- source-title: {}\n-- source-url: {}\n", header.source.title, header.source.url);
    if (!header.source.says.empty()) out += fmt::format("-- source-says: {}\n", header.source.says);
    out += fmt::format(
        "\n-- The source this change adds; the audit fails until a row of the change cites it, and a\n"
        "-- coordinator it names must be named in what it states.\n"
        "INSERT INTO source (source_key, kind, title, reference, note, states) VALUES\n    ({}, 'reference', {}, {}, NULL, {});\n",
        detail::sql_literal(header.source.key), detail::sql_literal(header.source.title),
        detail::sql_literal(header.source.url),
        header.source.says.empty() ? std::string("NULL") : detail::sql_literal(header.source.says));
    return out;
}

}  // namespace

fs::path default_changes_dir(const fs::path& db) { return db.parent_path() / "changes"; }

std::vector<ChangeFile> read_changes(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(dir, ec))) return {};
    std::vector<ChangeFile> out;
    for (const auto& file : detail::files_in_directory(dir, kRole, {".sql"})) {
        ChangeFile change{number_of(file), kChangePrefix + file.filename().string(), file, read_file(file), {}};
        change.header = parse_change_header(change.text);
        out.push_back(std::move(change));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
    for (std::size_t i = 1; i < out.size(); ++i)
        if (out[i].number == out[i - 1].number)
            throw Error::io(out[i].path, "numbered " + std::to_string(out[i].number) + " like " +
                                             out[i - 1].path.filename().string() + "; each change takes a number of its own");
    return out;
}

std::vector<SqlScript> change_scripts(const std::vector<ChangeFile>& changes) {
    std::vector<SqlScript> out;
    for (const auto& c : changes) out.push_back({c.name, c.path.string(), c.text, detail::sha256_hex(c.text)});
    return out;
}

ChangeHeader parse_change_header(const std::string& text) {
    static const std::regex kLine(R"(--\s*([a-z-]+):\s*(.*?)\s*)");
    ChangeHeader header;
    std::istringstream lines(text);
    std::smatch match;
    for (std::string line; std::getline(lines, line) && line.rfind("--", 0) == 0;) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!std::regex_match(line, match, kLine)) continue;
        const std::string key = match[1], value = match[2];
        if (key == "title") header.title = value;
        else if (key == "date") header.date = value;
        else if (key == "author") header.author = value;
        else if (key == "source") header.source.key = value;
        else if (key == "source-title") header.source.title = value;
        else if (key == "source-url") header.source.url = value;
        else if (key == "source-says") header.source.says = value;
    }
    return header;
}

fs::path write_change(const fs::path& dir, const ChangeHeader& header, const std::string& sql_body) {
    check_header(header);
    const auto existing = read_changes(dir);
    const int number = header.number > 0 ? header.number : existing.empty() ? 1 : existing.back().number + 1;
    for (const auto& c : existing)
        if (c.number == number) throw Error::usage("change number " + std::to_string(number) + " is taken by " + c.path.string());
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error::io(dir, "cannot create the " + std::string(kRole) + ": " + ec.message());
    const fs::path file = dir / fmt::format("{:03}_{}.sql", number, slug(header.title));
    if (fs::exists(fs::symlink_status(file, ec))) throw Error::io(file, "already exists; a change is never replaced");
    Destination out = Destination::to(file);
    out.stream() << header_text(header) << '\n' << sql_body;
    out.commit();
    return file;
}

}  // namespace asemdb
