// The man page and the bash, zsh and fish completions generated at build time.
// The commands and options they must hold are read from the binary's own
// --help, not from the generator, so a command the files miss fails here; the
// completions are run by the real shells.

#include "support/cli_checks.hpp"
#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <boost/test/unit_test.hpp>

#include <functional>
#include <set>
#include <sstream>

using namespace asemdb::test;
namespace fs = std::filesystem;

namespace {

using Names = std::set<std::string>;
/// What a shell's completion offers when the last of `words` is being typed.
using Completer = std::function<Names(const std::vector<std::string>& words)>;

Names lines_of(const std::string& text) {
    Names lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.insert(line);
    return lines;
}

std::string sh_words(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& w : words) text += "'" + w + "' ";
    return text;
}

Names bash_complete(const std::vector<std::string>& words) {
    const std::string script = "source '" + std::string(ASEMDB_BASH_COMPLETION) + "'\nCOMP_WORDS=(" + sh_words(words) +
                               ")\nCOMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n_asemdb\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
    const auto r = run_program("/bin/bash", {"-c", script});
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    return lines_of(r.out);
}

// compsys's _describe and _files stood in for: they print what they are offered.
Names zsh_complete(const std::vector<std::string>& words) {
    const std::string script = "_describe() { print -l -- \"${(@P)${@[-1]}}\" }\n_files() { print -- '<files>' }\n"
                               "words=(" + sh_words(words) + ")\nCURRENT=${#words}\nPREFIX=${words[-1]}\n"
                               "source '" + std::string(ASEMDB_ZSH_COMPLETION) + "'\n";
    const auto r = run_program("/usr/bin/zsh", {"-f", "-c", script});
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    Names names;
    for (const auto& line : lines_of(r.out)) names.insert(line.substr(0, line.find(':')));
    return names;
}

Names fish_complete(const std::vector<std::string>& words) {
    TempDir home;  // fish keeps its history and variables there
    ProcessOptions options;
    options.env["HOME"] = home.path().string();
    const std::string script = "source '" + std::string(ASEMDB_FISH_COMPLETION) + "'; complete -C '" + joined(words) + "'";
    const auto r = run_program("/usr/bin/fish", {"--no-config", "-c", script}, options);
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    Names names;
    for (const auto& line : lines_of(r.out)) names.insert(line.substr(0, line.find('\t')));
    return names;
}

Names starting_with(const std::vector<std::string>& names, const std::string& prefix) {
    Names out;
    for (const auto& n : names)
        if (n.rfind(prefix, 0) == 0) out.insert(n);
    return out;
}

// After each command, `option_prefix` completes to its options and an empty
// word to its subcommands. fish lists long options after "--" only.
void check_offers_every_command_and_option(const Completer& complete, const std::string& option_prefix) {
    for (const auto& command : commands_from_help()) {
        BOOST_TEST_CONTEXT(joined(command.path)) {
            auto words = command.path;
            words.insert(words.begin(), "asemdb");
            words.push_back(option_prefix);
            BOOST_CHECK(complete(words) == starting_with(command.options, option_prefix));
            words.back() = "";
            if (!command.subcommands.empty())
                BOOST_CHECK(complete(words) == Names(command.subcommands.begin(), command.subcommands.end()));
        }
    }
}

void require_shell(const std::string& shell) {
    BOOST_REQUIRE_MESSAGE(fs::exists(shell), shell << " is missing: run scripts/install-deps.sh");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_docs)

BOOST_AUTO_TEST_CASE(man_page_documents_every_command_and_option) {
    const std::string page = read_bytes(ASEMDB_MAN_PAGE);
    const auto roff = [](const std::string& text) {
        std::string out;
        for (const char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
        return out;
    };
    for (const auto& command : commands_from_help()) {
        BOOST_TEST_CONTEXT(joined(command.path)) {
            if (!command.path.empty()) BOOST_CHECK(contains(page, ".SS \"asemdb " + roff(joined(command.path))));
            for (const auto& option : command.options) BOOST_CHECK(contains(page, "\\fB" + roff(option) + "\\fR"));
        }
    }
    ProcessOptions options;
    options.env["MANWIDTH"] = "80";
    const auto r = run_program("/usr/bin/man", {"--warnings", "-l", ASEMDB_MAN_PAGE}, options);
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_EQUAL(r.err, "");
    BOOST_CHECK(contains(r.out, "EXIT STATUS"));
}

BOOST_AUTO_TEST_CASE(bash_completion_offers_every_command_and_option) {
    BOOST_CHECK_EQUAL(run_program("/bin/bash", {"-n", ASEMDB_BASH_COMPLETION}).exit_code, 0);
    BOOST_CHECK(bash_complete({"asemdb", "rep"}) == Names{"report"});
    BOOST_CHECK(bash_complete({"asemdb", "--db", "x.db", "report", "run", "--fo"}) == Names{"--format"});
    // The word after an option that takes a value is a value: no commands offered.
    BOOST_CHECK(bash_complete({"asemdb", "--db", ""}).empty());
    check_offers_every_command_and_option(bash_complete, "-");
}

BOOST_AUTO_TEST_CASE(zsh_completion_offers_every_command_and_option) {
    require_shell("/usr/bin/zsh");
    BOOST_CHECK_EQUAL(run_program("/usr/bin/zsh", {"-n", ASEMDB_ZSH_COMPLETION}).exit_code, 0);
    BOOST_CHECK(zsh_complete({"asemdb", "--db", ""}) == Names{"<files>"});
    check_offers_every_command_and_option(zsh_complete, "-");
}

BOOST_AUTO_TEST_CASE(fish_completion_offers_every_command_and_option) {
    require_shell("/usr/bin/fish");
    BOOST_CHECK_EQUAL(run_program("/usr/bin/fish", {"--no-execute", ASEMDB_FISH_COMPLETION}).exit_code, 0);
    BOOST_CHECK(fish_complete({"asemdb", "rep"}) == Names{"report"});
    check_offers_every_command_and_option(fish_complete, "--");
}

BOOST_AUTO_TEST_CASE(the_installed_example_schedule_is_accepted) {
    TempDir dir;
    BOOST_REQUIRE_EQUAL(run_asemdb({"init"}, in_dir(dir.path())).exit_code, 0);
    write_text(dir / "schedule.toml", read_bytes(source_dir() / "docs" / "examples" / "schedule.toml"));
    const auto r = run_asemdb({"schedule", "list"}, in_dir(dir.path()));
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_EQUAL(r.err, "");
    BOOST_CHECK(contains(r.out, "monthly-roster  member_roster"));
    BOOST_CHECK(contains(r.out, "weekly-audit  audit"));
}

BOOST_AUTO_TEST_SUITE_END()
