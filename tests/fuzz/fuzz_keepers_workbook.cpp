// Fuzz target: arbitrary bytes read as an edited keepers' workbook, through
// the zip layer (minizip, with its limits), the XML layer (expat) and the
// reading of each sheet against its table. Bad input must end in an asemdb
// Error, never in a crash, a hang or memory past the limits.

#include "changes/keepers_tables.hpp"
#include "changes/workbook_rows.hpp"
#include "changes/xlsx_reader.hpp"

#include "asemdb/base/error.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace asemdb::detail;
    try {
        const auto sheets = read_xlsx(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.xlsx");
        const ClosedSets sets = {{"sides", {"Asia", "Europe"}}};
        std::vector<Problem> problems;
        for (const XlsxSheet& sheet : sheets)
            for (const TableSpec& spec : keepers_tables())
                if (spec.sheet == sheet.name) read_sheet_table(sheet, spec, sets, problems);
    } catch (const asemdb::Error&) {
    }
    return 0;
}
