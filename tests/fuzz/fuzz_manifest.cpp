// Fuzz target: the report manifest parser (TOML manifests in reports/ and --reports-dir)
// and the summary template parser behind it. Any input must either parse or throw
// asemdb::Error; nothing else may escape. The input is read twice: as a manifest,
// and as a summary template (which a manifest rarely reaches through TOML's syntax).

#include "asemdb/base/error.hpp"
#include "asemdb/engine/report.hpp"
#include "engine/summary.hpp"

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
    if (!asemdb::detail::template_error(text)) {
        const std::vector<asemdb::detail::QueryRows> rows = {
            {"q", {"a", "b"}, {{std::string("1"), std::nullopt}, {std::string("x"), std::string("")}}}};
        (void)asemdb::detail::render_summary(text, rows);
    }
    return 0;
}
