# Fails when docs/commands.md is not what asemdb_docgen writes for the current
# command line (cmake -P; DOCGEN, PAGE and OUT are given).
execute_process(COMMAND ${DOCGEN} markdown ${OUT} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "asemdb_docgen markdown failed (${status})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${PAGE} ${OUT} RESULT_VARIABLE differs)
if(differs)
  message(FATAL_ERROR "docs/commands.md is out of date: run cmake --build build --target asemdb_reference")
endif()
