// The run-time versions, not the headers' ones: a shared library can be
// upgraded under an installed binary, and it is the loaded one that matters.

#include "asemdb/version.hpp"

#include <sqlite3.h>
#include <xlsxwriter.h>

namespace asemdb {

std::string sqlite_version() { return sqlite3_libversion(); }

std::string xlsxwriter_version() { return lxw_version(); }

}  // namespace asemdb
