// Fuzz target: the report manifest parser (TOML manifests in reports/ and --reports-dir).
// Any input must either parse or throw asemdb::Error; nothing else may escape.

#include "asemdb/error.hpp"
#include "asemdb/report.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        auto def = asemdb::parse_manifest("fuzz", text, "fuzz.toml",
                                          [](const std::string&) { return std::string("SELECT :x AS x"); });
        for (const auto& param : def.params) (void)def.find_param(param.name);
    } catch (const asemdb::Error&) {
    }
    return 0;
}
