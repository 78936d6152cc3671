#include "docgen/command_tree.hpp"

#include "command_line.hpp"

#include <algorithm>

namespace asemdb::docgen {
namespace {

// CLI11 writes "UINT:N" for a number checked by a validator: the type is enough here.
std::string value_name(const CLI::Option& option) {
    if (option.get_items_expected_max() == 0) return {};
    const std::string type = option.get_type_name();
    return type.empty() ? "VALUE" : type.substr(0, type.find(':'));
}

OptionDoc option_doc(const CLI::Option& option) {
    OptionDoc doc{{}, value_name(option), option.get_description()};
    for (const auto& name : option.get_snames()) doc.names.push_back("-" + name);
    for (const auto& name : option.get_lnames()) doc.names.push_back("--" + name);
    return doc;
}

std::string usage(const CLI::App& app, const CommandDoc& doc) {
    std::string text = cli::command_path(app);
    if (!doc.options.empty()) text += " [OPTIONS]";
    for (const auto& p : doc.positionals) {
        const std::string word = p.name + (p.repeatable ? "..." : "");
        text += " " + (p.required ? word : "[" + word + "]");
    }
    if (!doc.subcommands.empty()) text += app.get_require_subcommand_min() > 0 ? " COMMAND" : " [COMMAND]";
    return text;
}

}  // namespace

std::string CommandDoc::full_name() const {
    std::string name = cli::kProgram;
    for (const auto& word : path) name += " " + word;
    return name;
}

bool CommandDoc::has_option(const OptionDoc& option) const {
    return std::any_of(options.begin(), options.end(), [&](const OptionDoc& o) { return o.names == option.names; });
}

CommandDoc describe(const CLI::App& app) {
    CommandDoc doc;
    for (const CLI::App* up = &app; up->get_parent(); up = up->get_parent())
        doc.path.insert(doc.path.begin(), up->get_name());
    doc.description = app.get_description();
    for (const auto* option : cli::named_options(app)) doc.options.push_back(option_doc(*option));
    for (const auto* option : app.get_options([](const CLI::Option* o) { return o->get_positional(); })) {
        doc.positionals.push_back({option->get_name(true), option->get_description(), option->get_required(),
                                   option->get_items_expected_max() > 1});
    }
    for (const auto* sub : cli::visible_subcommands(app)) doc.subcommands.push_back(describe(*sub));
    doc.usage = usage(app, doc);
    return doc;
}

std::vector<const CommandDoc*> flatten(const CommandDoc& root) {
    std::vector<const CommandDoc*> all{&root};
    for (const auto& sub : root.subcommands) {
        const auto below = flatten(sub);
        all.insert(all.end(), below.begin(), below.end());
    }
    return all;
}

}  // namespace asemdb::docgen
