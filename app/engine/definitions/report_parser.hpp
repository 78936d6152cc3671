#pragma once
// Reading a report manifest (report.hpp, parse_manifest): the top-level keys in
// report_parser.cpp, the [[param]] tables in report_parser_params.cpp, the
// [[sheet]] tables and the [summary] in report_parser_sheets.cpp.

#include "asemdb/engine/report.hpp"
#include "base/toml_reader.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace asemdb::detail {

/// Reads one manifest; every problem is an Error{Definition} naming the
/// manifest and the line it is on.
class ManifestReader : TomlReader {
 public:
    ManifestReader(std::string id, std::string origin, const std::function<std::string(const std::string&)>& read)
        : TomlReader(origin), id_(std::move(id)), origin_(std::move(origin)), read_beside_(read) {}

    ReportDefinition read(const toml::table& root);

 private:
    // The top level (report_parser.cpp).
    void check_count(const toml::node& where, std::size_t count, const std::string& what) const;
    template <typename Fn>
    void for_each_table(const toml::table& root, const char* key, Fn&& fn) const;
    void read_counting(const toml::table& root, ReportDefinition& def) const;
    Paper read_paper(const toml::table& root) const;
    std::string read_as_of_param(const toml::table& root, const ReportDefinition& def) const;

    // [[param]] (report_parser_params.cpp).
    ParamSpec read_param(const toml::table& t, const ReportDefinition& def) const;
    ParamType read_type(const toml::table& t) const;
    std::vector<std::string> read_choices(const toml::table& t, const ParamSpec& spec) const;
    std::string read_default(const toml::node& node, const std::string& report, const ParamSpec& spec) const;

    // [[sheet]] and [summary] (report_parser_sheets.cpp).
    SheetSpec read_sheet(const toml::table& t, const ReportDefinition& def) const;
    void read_sql(const toml::table& t, SheetSpec& sheet) const;
    void check_params_declared(const toml::node& where, const std::string& sql, const ReportDefinition& def) const;
    std::map<std::string, ColumnFormat> read_formats(const toml::table& t) const;
    Orientation read_orientation(const toml::table& t) const;
    std::string read_tab(const toml::table& t) const;
    std::map<std::string, std::string> read_labels(const toml::table& t) const;
    std::vector<std::string> read_hidden(const toml::node& node) const;
    ChartDefinition read_chart(const toml::table& t) const;
    SummarySpec read_summary(const toml::table& t, const ReportDefinition& def) const;
    AboutSpec read_about(const toml::table& t, const ReportDefinition& def) const;

    std::string id_;
    std::string origin_;
    const std::function<std::string(const std::string&)>& read_beside_;
};

}  // namespace asemdb::detail
