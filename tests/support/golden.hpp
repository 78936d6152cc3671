#pragma once
// Golden files: expected output kept under tests/golden/ and compared exactly.
// Run the tests with ASEMDB_UPDATE_GOLDEN=1 to (re)write them, then review the
// diff like code.

#include <string>

namespace asemdb::test {

/// Compares `actual` with tests/golden/<relative_path> byte for byte; on a
/// mismatch reports the first differing line (number, expected, actual) as a
/// test error. With ASEMDB_UPDATE_GOLDEN=1 writes `actual` to the file instead.
void check_golden(const std::string& relative_path, const std::string& actual);

}  // namespace asemdb::test
