# Run by ctest (the directory's TEST_INCLUDE_FILES): one ctest entry per test case
# of a Boost.Test suite, named <suite>.<case>, found by asking the test binary for
# its content, so that a new test case in the suite needs no line here.
#   asemdb_discover_tests(<binary> <suite> [LABELS ...] [TIMEOUT seconds])
function(asemdb_discover_tests binary suite)
  cmake_parse_arguments(ARG "" "TIMEOUT" "LABELS" ${ARGN})
  if(NOT EXISTS "${binary}")
    message(WARNING "${binary} is not built: no ${suite} tests")
    return()
  endif()
  execute_process(COMMAND "${binary}" --list_content=HRF
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(WARNING "${binary} --list_content failed (${status}): ${err}")
    return()
  endif()
  # Boost writes the whole tree (each suite, then its cases indented by four
  # spaces, '*' marking an enabled one) to standard error in some versions and
  # standard output in others.
  string(REPLACE "\n" ";" lines "${out}\n${err}")
  set(current "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^([A-Za-z0-9_]+)\\*?$")
      set(current ${CMAKE_MATCH_1})
    elseif(current STREQUAL suite AND line MATCHES "^    ([A-Za-z0-9_]+)\\*")
      set(name ${CMAKE_MATCH_1})
      add_test(${suite}.${name} "${binary}" "--run_test=${suite}/${name}" --log_level=message)
      if(ARG_LABELS)
        set_tests_properties(${suite}.${name} PROPERTIES LABELS "${ARG_LABELS}")
      endif()
      if(ARG_TIMEOUT)
        set_tests_properties(${suite}.${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT})
      endif()
    endif()
  endforeach()
endfunction()
