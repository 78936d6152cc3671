#include "store/directory_listing.hpp"

#include "asemdb/base/error.hpp"

#include <algorithm>
#include <string>
#include <system_error>

namespace asemdb::detail {
namespace fs = std::filesystem;

void require_directory(const fs::path& dir, std::string_view role) {
    const std::string name(role);
    std::error_code ec;
    const fs::file_status status = fs::status(dir, ec);
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
        throw Error::io(dir, "cannot read the " + name + ": " + ec.message());
    if (!fs::exists(status)) throw Error::io(dir, name + " does not exist");
    if (!fs::is_directory(status)) throw Error::io(dir, "not a directory (the " + name + " must be one)");
}

std::vector<fs::path> files_in_directory(const fs::path& dir, std::string_view role,
                                         std::initializer_list<std::string_view> extensions) {
    require_directory(dir, role);
    const std::string name(role);
    std::error_code ec;
    std::vector<fs::path> files;
    fs::directory_iterator it(dir, ec);
    for (const fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
        const fs::path& file = it->path();
        const std::string extension = file.extension().string();
        if (std::find(extensions.begin(), extensions.end(), extension) == extensions.end()) continue;
        std::error_code entry_ec;
        const bool regular = it->is_regular_file(entry_ec);
        if (entry_ec) throw Error::io(file, "cannot read file: " + entry_ec.message());
        if (regular) files.push_back(file);
    }
    if (ec) throw Error::io(dir, "cannot list the " + name + ": " + ec.message());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace asemdb::detail
