// Fuzz target: the parameter value parser, for every parameter type, and the
// "name=value" splitter. The first byte picks the type; the rest is the value.

#include "asemdb/base/error.hpp"
#include "asemdb/engine/params.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    constexpr asemdb::ParamType kTypes[] = {asemdb::ParamType::Text,    asemdb::ParamType::Integer,
                                            asemdb::ParamType::Real,    asemdb::ParamType::Date,
                                            asemdb::ParamType::Boolean, asemdb::ParamType::Choice};
    asemdb::ParamSpec spec;
    spec.name = "p";
    spec.type = kTypes[data[0] % 6];
    spec.choices = {"Asia", "Europe", "all"};
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    constexpr std::time_t kToday = 1767225600;  // 2026-01-01T00:00:00Z
    try {
        (void)asemdb::parse_param("fuzz", spec, text, kToday);
    } catch (const asemdb::Error&) {
    }
    try {
        (void)asemdb::split_assignment(text);
    } catch (const asemdb::Error&) {
    }
    return 0;
}
