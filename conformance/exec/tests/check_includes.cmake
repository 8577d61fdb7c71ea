# Fails when the freestanding executor includes anything but <stddef.h>, <stdint.h>,
# the ABI headers ("vmi/..."), the bundle header or its own headers.
# Run with -DDIR=conformance/exec.
file(GLOB files ${DIR}/src/*.c ${DIR}/src/*.h ${DIR}/include/vmi-exec/*.h)
set(bad "")
foreach(f ${files})
  file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include")
  foreach(line ${lines})
    if(NOT line MATCHES "#[ \t]*include[ \t]*(<stddef\\.h>|<stdint\\.h>|\"vmi/[a-z_]+\\.h\"|\"vmi-trace/bundle\\.h\"|\"vmi-exec/exec\\.h\"|\"exec_internal\\.h\")")
      string(APPEND bad "${f}: ${line}\n")
    endif()
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "non-freestanding include in the executor:\n${bad}")
endif()
list(LENGTH files n)
message(STATUS "ok: ${n} executor files include only freestanding headers")
