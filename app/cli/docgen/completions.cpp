// Shell completions. Each shell gets the same two parts: a table, per command
// path ("", "report", "report run"), of the subcommands, the options and the
// options that take a value; and a function that walks the words typed so far
// through that table to find the command being completed. A word after an option
// that takes a value, and a positional argument, complete as file names.

#include "docgen/writers.hpp"

#include <fmt/core.h>

namespace asemdb::docgen {
namespace {

std::string path_key(const CommandDoc& command) {
    std::string key;
    for (const auto& word : command.path) key += (key.empty() ? "" : " ") + word;
    return key;
}

std::string subcommand_names(const CommandDoc& command) {
    std::string names;
    for (const auto& sub : command.subcommands) names += (names.empty() ? "" : " ") + sub.path.back();
    return names;
}

std::string option_names(const CommandDoc& command, bool valued_only) {
    std::string names;
    for (const auto& option : command.options) {
        if (valued_only && option.value.empty()) continue;
        for (const auto& name : option.names) names += (names.empty() ? "" : " ") + name;
    }
    return names;
}

// 'text' for sh-like shells: a quote ends the string, is escaped, and reopens it.
std::string sh_quote(const std::string& text) {
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// 'text' for fish, where \ and ' are escaped inside single quotes.
std::string fish_quote(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
    }
    return out + "'";
}

// The walk shared by bash and zsh (both read the same arithmetic and [[ ]]).
// `first` is the index of the word after "asemdb", `current` that of the word
// being completed; the table function is _asemdb_spec.
std::string sh_walk(const char* words, const char* first, const char* current) {
    return fmt::format(R"(    local cmdpath="" word i skip=0
    _asemdb_spec ""
    for ((i = {1}; i < {2}; i++)); do
        word="${{{0}[i]}}"
        if ((skip)); then skip=0; continue; fi
        case "$word" in
            -*=*) ;;
            -*) [[ " $valued " == *" $word "* ]] && skip=1 ;;
            *) if [[ " $subcommands " == *" $word "* ]]; then
                   cmdpath="${{cmdpath:+$cmdpath }}$word"
                   _asemdb_spec "$cmdpath"
               fi ;;
        esac
    done
)",
                       words, first, current);
}

}  // namespace

std::string bash_completion(const CommandDoc& root) {
    std::string out =
        "# bash completion for asemdb. Generated from its command-line definitions; do not edit.\n\n"
        "# Sets subcommands, options and valued (the options that take a value) for a command path.\n"
        "_asemdb_spec() {\n    case \"$1\" in\n";
    for (const auto* command : flatten(root)) {
        out += fmt::format("        {})\n            subcommands={}\n            options={}\n            valued={} ;;\n",
                           sh_quote(path_key(*command)), sh_quote(subcommand_names(*command)),
                           sh_quote(option_names(*command, false)), sh_quote(option_names(*command, true)));
    }
    out += "    esac\n}\n\n_asemdb() {\n    local subcommands options valued cur=\"${COMP_WORDS[COMP_CWORD]}\"\n";
    out += sh_walk("COMP_WORDS", "1", "COMP_CWORD");
    out += R"(    COMPREPLY=()
    # A value or a positional argument: the default (file name) completion.
    if ((skip)); then return; fi
    # Names hold no blank nor wildcard, so plain word splitting is safe; a
    # process substitution would need /dev/fd, which a chroot may lack.
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
    elif [[ -n "$subcommands" ]]; then
        COMPREPLY=($(compgen -W "$subcommands" -- "$cur"))
    fi
}

complete -o bashdefault -o default -F _asemdb asemdb
)";
    return out;
}

std::string zsh_completion(const CommandDoc& root) {
    std::string out =
        "#compdef asemdb\n# zsh completion for asemdb. Generated from its command-line definitions; do not edit.\n\n"
        "# Sets subcommands, options and valued (names), and the described entries\n"
        "# command_entries and option_entries, for a command path.\n"
        "_asemdb_spec() {\n    case \"$1\" in\n";
    for (const auto* command : flatten(root)) {
        std::string commands, options;
        for (const auto& sub : command->subcommands)
            commands += " " + sh_quote(sub.path.back() + ":" + sub.description);
        for (const auto& option : command->options)
            for (const auto& name : option.names) options += " " + sh_quote(name + ":" + option.description);
        out += fmt::format(
            "        {})\n            subcommands={}\n            options={}\n            valued={}\n"
            "            command_entries=({})\n            option_entries=({}) ;;\n",
            sh_quote(path_key(*command)), sh_quote(subcommand_names(*command)), sh_quote(option_names(*command, false)),
            sh_quote(option_names(*command, true)), commands, options);
    }
    out += "    esac\n}\n\n_asemdb() {\n"
           "    local subcommands options valued\n    local -a command_entries option_entries\n";
    out += sh_walk("words", "2", "CURRENT");
    out += R"(    if ((skip)); then _files; return; fi
    if [[ "$PREFIX" == -* ]]; then
        _describe -t options 'option' option_entries
    elif ((${#command_entries})); then
        _describe -t commands 'command' command_entries
    else
        _files
    fi
}

_asemdb "$@"
)";
    return out;
}

std::string fish_completion(const CommandDoc& root) {
    std::string out = "# fish completion for asemdb. Generated from its command-line definitions; do not edit.\n\n"
                      "function __asemdb_spec --argument-names cmdpath kind\n    switch \"$cmdpath:$kind\"\n";
    for (const auto* command : flatten(root)) {
        const std::string key = path_key(*command);
        out += fmt::format("        case {}\n            string split -n ' ' -- {}\n", fish_quote(key + ":subcommands"),
                           fish_quote(subcommand_names(*command)));
        out += fmt::format("        case {}\n            string split -n ' ' -- {}\n", fish_quote(key + ":valued"),
                           fish_quote(option_names(*command, true)));
    }
    out += R"(    end
end

# The command path of the words typed before the cursor: "", "report", "report run".
function __asemdb_path
    set -l words (commandline -opc)
    set -e words[1]
    set -l cmdpath
    set -l skip 0
    for word in $words
        if test $skip = 1
            set skip 0
            continue
        end
        switch $word
            case '-*=*'
            case '-*'
                contains -- $word (__asemdb_spec "$cmdpath" valued); and set skip 1
            case '*'
                contains -- $word (__asemdb_spec "$cmdpath" subcommands); and set -a cmdpath $word
        end
    end
    echo "$cmdpath"
end

function __asemdb_at --argument-names expected
    set -l here (__asemdb_path)
    test "$here" = "$expected"
end

complete -c asemdb -f
)";
    for (const auto* command : flatten(root)) {
        const std::string at = fish_quote("__asemdb_at " + fish_quote(path_key(*command)));
        for (const auto& sub : command->subcommands)
            out += fmt::format("complete -c asemdb -n {} -a {} -d {}\n", at, fish_quote(sub.path.back()),
                               fish_quote(sub.description));
        if (command->subcommands.empty() && !command->positionals.empty())
            out += fmt::format("complete -c asemdb -n {} -F\n", at);
        for (const auto& option : command->options) {
            std::string names;
            for (const auto& name : option.names)
                names += name.rfind("--", 0) == 0 ? " -l " + name.substr(2) : " -s " + name.substr(1);
            out += fmt::format("complete -c asemdb -n {}{}{} -d {}\n", at, names, option.value.empty() ? "" : " -r",
                               fish_quote(option.description));
        }
    }
    return out;
}

}  // namespace asemdb::docgen
