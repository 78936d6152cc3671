// Fuzz target: schedule files (load_schedule reads a file, so each input is
// written to a per-process file in the temporary directory first).

#include "asemdb/base/error.hpp"
#include "asemdb/schedule/schedule_file.hpp"
#include "asemdb/schedule/scheduler.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace {
std::filesystem::path scratch() {
    static const auto path = std::filesystem::temp_directory_path() /
                             ("asemdb-fuzz-schedule-" + std::to_string(getpid()) + ".toml");
    return path;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    {
        std::ofstream out(scratch(), std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const auto schedule = asemdb::load_schedule(scratch());
        for (const auto& job : schedule.jobs) (void)schedule.find(job.name);
    } catch (const asemdb::Error&) {
    }
    return 0;
}
