// A manifest's [[param]] tables (report_parser.hpp), and the parameters a bare
// query or ad hoc SQL is found to use.
#include "engine/definitions/report_parser.hpp"

#include "asemdb/base/error.hpp"
#include "asemdb/engine/params.hpp"

#include <algorithm>
#include <cctype>

namespace asemdb {
namespace detail {
namespace {

bool is_identifier(const std::string& name) {
    if (name.empty() || !(std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
    return std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::islower(c) || std::isdigit(c) || c == '_';
    });
}

}  // namespace

ParamSpec ManifestReader::read_param(const toml::table& t, const ReportDefinition& def) const {
    check_keys(t, {"name", "type", "description", "required", "default", "choices"});
    ParamSpec spec;
    spec.name = required_string(t, "name");
    if (!is_identifier(spec.name)) throw fail(t, "parameter name '" + spec.name + "' must be lower_snake_case");
    if (def.find_param(spec.name)) throw fail(t, "parameter '" + spec.name + "' is declared twice");
    spec.type = read_type(t);
    spec.description = optional_string(t, "description").value_or("");
    if (const auto* required = t.get("required")) {
        if (!required->is_boolean()) throw fail(*required, "'required' must be true or false");
        spec.required = required->as_boolean()->get();
    }
    spec.choices = read_choices(t, spec);
    if (const auto* value = t.get("default")) spec.default_value = read_default(*value, def.id, spec);
    return spec;
}

ParamType ManifestReader::read_type(const toml::table& t) const {
    const std::string type = optional_string(t, "type").value_or("text");
    for (auto candidate : {ParamType::Text, ParamType::Integer, ParamType::Real, ParamType::Date,
                           ParamType::Boolean, ParamType::Choice})
        if (to_string(candidate) == type) return candidate;
    throw fail(*t.get("type"), "unknown parameter type '" + type +
                                   "'; use text, integer, real, date, boolean or choice");
}

std::vector<std::string> ManifestReader::read_choices(const toml::table& t, const ParamSpec& spec) const {
    const auto* node = t.get("choices");
    if (!node) {
        if (spec.type == ParamType::Choice) throw fail(t, "a choice parameter needs 'choices'");
        return {};
    }
    if (spec.type != ParamType::Choice) throw fail(*node, "'choices' is only for type = \"choice\"");
    const auto* array = node->as_array();
    if (!array || array->empty()) throw fail(*node, "'choices' must be a non-empty list of strings");
    std::vector<std::string> out;
    for (const auto& item : *array) {
        if (!item.is_string()) throw fail(item, "'choices' must be a list of strings");
        out.push_back(item.as_string()->get());
    }
    return out;
}

std::string ManifestReader::read_default(const toml::node& node, const std::string& report, const ParamSpec& spec) const {
    std::string text;
    if (const auto* s = node.as_string()) text = s->get();
    else if (const auto* i = node.as_integer()) text = std::to_string(i->get());
    else if (const auto* b = node.as_boolean()) text = b->get() ? "true" : "false";
    else if (const auto* f = node.as_floating_point()) text = std::to_string(f->get());
    else throw fail(node, "'default' must be a string, number or boolean");
    try {
        parse_param(report, spec, text, 0);
    } catch (const Error& e) {
        throw fail(node, "default of parameter '" + spec.name + "': " + e.detail());
    }
    return text;
}

}  // namespace detail

std::vector<ParamSpec> required_params(const std::vector<std::string>& names, const std::string& description) {
    std::vector<ParamSpec> specs;
    for (const auto& name : names) {
        ParamSpec spec;
        spec.name = name;
        spec.required = true;
        spec.description = description;
        specs.push_back(std::move(spec));
    }
    return specs;
}

}  // namespace asemdb
