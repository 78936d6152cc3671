// asemdb_docgen FORMAT FILE: writes the man page, the command reference or a
// shell completion of the asemdb command line (FORMAT man, markdown, bash, zsh
// or fish). Run by the build.

#include "docgen/command_tree.hpp"
#include "docgen/writers.hpp"

#include "command_line.hpp"

#include <fstream>
#include <iostream>
#include <map>
#include <string>

int main(int argc, char** argv) {
    using namespace asemdb::docgen;
    const std::map<std::string, std::string (*)(const CommandDoc&)> writers{
        {"man", man_page}, {"markdown", command_reference}, {"bash", bash_completion}, {"zsh", zsh_completion}, {"fish", fish_completion}};
    if (argc != 3 || !writers.count(argv[1])) {
        std::cerr << "usage: asemdb_docgen man|markdown|bash|zsh|fish FILE\n";
        return 2;
    }
    const asemdb::cli::CommandLine command_line;
    const std::string text = writers.at(argv[1])(describe(command_line.app));
    std::ofstream out(argv[2], std::ios::binary);
    out << text;
    out.close();
    if (!out) {
        std::cerr << "asemdb_docgen: cannot write " << argv[2] << "\n";
        return 2;
    }
    return 0;
}
