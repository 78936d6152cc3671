# How the libxlsxwriter found was built, where that changes what XlsxRowWriter's
# direct path assumes (app/render/xlsx/xlsx_internals.hpp). The library keeps its
# build options to itself (private compile definitions; Debian's pkg-config
# file has no cflags), so they are probed here and written to
# generated/include/render/xlsx/xlsxwriter_build.hpp, read by xlsx_internals.hpp only.
include(CheckCXXSourceCompiles)
include(CheckCXXSourceRuns)

set(CMAKE_REQUIRED_LIBRARIES PkgConfig::XLSXWRITER)
set(CMAKE_REQUIRED_QUIET ON)
# USE_DTOA_LIBRARY: doubles are printed by emyg_dtoa, not "%.16G"; only then
# does the library export lxw_sprintf_dbl (without it, a macro in utility.h).
check_cxx_source_compiles("
extern \"C\" int lxw_sprintf_dbl(char* data, double number);
int main() { char text[32]; return lxw_sprintf_dbl(text, 0.5); }
" ASEMDB_LXW_DTOA)
# The row file of a constant_memory worksheet is a file created in the
# workbook's tmpdir, still open once unlinked; not with USE_MEM_FILE (memory)
# or USE_STANDARD_TMPFILE (tmpfile(), in the system's directory).
check_cxx_source_runs("
#include <xlsxwriter.h>
#include <filesystem>
#include <string>
int main() {
    namespace fs = std::filesystem;
    const fs::path dir = fs::current_path() / \"asemdb-row-file-probe\";
    fs::create_directories(dir);
    std::string tmpdir = dir.string();
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = tmpdir.data();
    lxw_workbook* wb = workbook_new_opt((dir / \"probe.xlsx\").c_str(), &options);
    if (!wb || !workbook_add_worksheet(wb, nullptr)) return 2;
    for (const auto& fd : fs::directory_iterator(\"/proc/self/fd\")) {
        std::error_code ec;
        if (fs::read_symlink(fd.path(), ec).string().rfind(tmpdir + \"/\", 0) == 0) return 0;
    }
    return 1;
}
" ASEMDB_LXW_ROW_FILE_IN_TMPDIR)
unset(CMAKE_REQUIRED_LIBRARIES)
unset(CMAKE_REQUIRED_QUIET)

message(STATUS "libxlsxwriter: doubles by dtoa: ${ASEMDB_LXW_DTOA}; row files in tmpdir: "
               "${ASEMDB_LXW_ROW_FILE_IN_TMPDIR}; public API only (ASEMDB_XLSX_PUBLIC_API): ${ASEMDB_XLSX_PUBLIC_API}")
configure_file(${PROJECT_SOURCE_DIR}/app/render/xlsx/xlsxwriter_build.hpp.in
               ${PROJECT_BINARY_DIR}/generated/include/render/xlsx/xlsxwriter_build.hpp)
