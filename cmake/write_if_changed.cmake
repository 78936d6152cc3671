# write_if_changed(FILE CONTENT): writes CONTENT to FILE only when it differs,
# so an unchanged input does not trigger a rebuild of what includes FILE.
function(write_if_changed file content)
  if(EXISTS "${file}")
    file(READ "${file}" previous)
    if(previous STREQUAL content)
      return()
    endif()
  endif()
  file(WRITE "${file}" "${content}")
endfunction()
