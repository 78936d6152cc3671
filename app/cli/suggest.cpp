#include "suggest.hpp"

#include "command_line.hpp"

#include <algorithm>
#include <cctype>

namespace asemdb::cli {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

// Optimal string alignment distance: a swap of two neighbours counts as one
// edit, the commonest typing slip.
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

// Short words tolerate fewer slips, or every short word would suggest something.
std::size_t tolerated_edits(const std::string& typed) {
    if (typed.size() <= 4) return 1;
    return typed.size() <= 8 ? 2 : 3;
}

std::optional<std::string> only_name_beginning(const std::string& typed, const std::vector<std::string>& names) {
    std::optional<std::string> found;
    for (const auto& name : names) {
        if (lower(name).rfind(typed, 0) != 0) continue;
        if (found) return std::nullopt;
        found = name;
    }
    return found;
}

std::vector<std::string> names_of(const std::vector<const CLI::App*>& commands) {
    std::vector<std::string> names;
    for (const auto* command : commands) names.push_back(command->get_name());
    return names;
}

std::string unknown_option_message(const CLI::App& app, const std::string& word) {
    const std::string typed = word.substr(0, word.find('='));
    std::vector<std::string> long_names;
    for (const auto* option : named_options(app))
        for (const auto& name : option->get_lnames()) long_names.push_back(name);
    std::string message = "unknown option '" + typed + "' for '" + command_path(app) + "'";
    const auto dashes = typed.find_first_not_of('-');
    const std::string bare = dashes == std::string::npos ? std::string() : typed.substr(dashes);
    // A long name is suggested for "-formt" too: a single dash is a common slip.
    if (bare.size() > 1) {
        if (auto name = closest_name(bare, long_names)) return message + "; did you mean '--" + *name + "'?";
    }
    return message + " (see " + command_path(app) + " --help)";
}

const CLI::App& deepest_parsed(const CLI::App& root) {
    const CLI::App* app = &root;
    while (!app->get_subcommands().empty()) app = app->get_subcommands().front();
    return *app;
}

// The first word nobody expected, and the command it followed.
std::optional<std::pair<const CLI::App*, std::string>> first_unexpected(const CLI::App& root) {
    for (const CLI::App* app = &root; app;) {
        const auto words = app->remaining();
        if (!words.empty()) return std::make_pair(app, words.front());
        const auto parsed = app->get_subcommands();
        app = parsed.empty() ? nullptr : parsed.front();
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> closest_name(const std::string& typed, const std::vector<std::string>& names) {
    const std::string word = lower(typed);
    if (word.empty()) return std::nullopt;
    std::optional<std::string> best;
    std::size_t best_distance = tolerated_edits(word) + 1;
    bool tied = false;
    for (const auto& name : names) {
        // Also spares the distance table of a long argument that is no name at all.
        const std::size_t length_gap = word.size() > name.size() ? word.size() - name.size() : name.size() - word.size();
        if (length_gap > best_distance) continue;
        const std::size_t distance = edit_distance(word, lower(name));
        if (distance < best_distance) {
            best = name;
            best_distance = distance;
            tied = false;
        } else if (distance == best_distance && best) {
            tied = true;
        }
    }
    if (best && !tied) return best;
    return word.size() >= 2 ? only_name_beginning(word, names) : std::nullopt;
}

std::string unknown_command_message(const CLI::App& parent, const std::string& typed) {
    const auto names = names_of(visible_subcommands(parent));
    const std::string prefix = parent.get_parent() ? command_path(parent).substr(std::string(kProgram).size() + 1) + " "
                                                   : std::string();
    std::string message = "unknown command '" + prefix + typed + "'";
    if (names.empty()) return message + ": '" + command_path(parent) + "' has no subcommands";
    if (auto name = closest_name(typed, names)) return message + "; did you mean '" + prefix + *name + "'?";
    std::string all;
    for (const auto& name : names) all += (all.empty() ? "" : ", ") + name;
    return message + "; the commands" + (prefix.empty() ? "" : " of '" + command_path(parent) + "'") + " are " + all;
}

std::string parse_error_message(const CLI::App& root, const CLI::ParseError& error) {
    // A mistyped word is the likelier cause even when CLI11 first noticed
    // something else ("A subcommand is required" after "report rn").
    if (const auto unexpected = first_unexpected(root)) {
        const auto& [app, word] = *unexpected;
        if (word.size() > 1 && word.front() == '-') return unknown_option_message(*app, word);
        if (!visible_subcommands(*app).empty()) return unknown_command_message(*app, word);
    }
    return std::string(error.what()) + " (see " + command_path(deepest_parsed(root)) + " --help)";
}

}  // namespace asemdb::cli
