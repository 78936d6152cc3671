#include "support/cli_checks.hpp"

#include <boost/test/unit_test.hpp>

#include <sstream>

namespace asemdb::test {
namespace {

// The first word of each entry under `heading` in a CLI11 help text.
std::vector<std::string> section(const std::string& help, const std::string& heading) {
    std::vector<std::string> entries;
    std::istringstream in(help);
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
        if (line == heading + ":") inside = true;
        else if (line.empty()) inside = false;
        else if (inside && line.rfind("  ", 0) == 0 && line[2] != ' ')
            entries.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
    return entries;
}

HelpCommand read_help(const std::vector<std::string>& path) {
    auto args = path;
    args.push_back("--help");
    const auto help = run_asemdb(args);
    BOOST_REQUIRE_EQUAL(help.exit_code, 0);
    HelpCommand command{path, section(help.out, "Subcommands"), {}};
    for (const auto& entry : section(help.out, "Options")) {
        std::istringstream names(entry);
        for (std::string name; std::getline(names, name, ',');) command.options.push_back(name);
    }
    return command;
}

}  // namespace

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void check_refused(const RunResult& r, const std::string& what) {
    BOOST_TEST_MESSAGE("stderr: " << r.err);
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    BOOST_CHECK_EQUAL(count_lines(r.err), 1);
    BOOST_CHECK_MESSAGE(contains(r.err, what), "stderr lacks '" << what << "': " << r.err);
    BOOST_CHECK(r.out.empty());
}

std::vector<HelpCommand> commands_from_help() {
    std::vector<HelpCommand> all{read_help({})};
    for (std::size_t i = 0; i < all.size(); ++i) {
        for (const auto& sub : std::vector<std::string>(all[i].subcommands)) {
            auto path = all[i].path;
            path.push_back(sub);
            all.push_back(read_help(path));
        }
    }
    return all;
}

std::string joined(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
    return text;
}

}  // namespace asemdb::test
