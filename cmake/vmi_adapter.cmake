# What every adapter's folder declares the same way: its unit tests against
# the recording fake, and the freestanding check of its guest build.

# vmi_adapter_unit_tests(NAME TESTS t... [INCLUDES dir...]): for each t,
# tests/test_NAME_t.c with tests/NAME_fixture.c, linked with vmi_NAME_fake,
# registered as NAME_t with the labels unit and NAME.
function(vmi_adapter_unit_tests name)
  cmake_parse_arguments(A "" "" "TESTS;INCLUDES" ${ARGN})
  foreach(t ${A_TESTS})
    add_executable(test_${name}_${t} tests/test_${name}_${t}.c tests/${name}_fixture.c)
    target_include_directories(test_${name}_${t} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src
                               ${A_INCLUDES} ${CMAKE_CURRENT_SOURCE_DIR}/tests)
    target_link_libraries(test_${name}_${t} PRIVATE vmi_${name}_fake vmi_testlib)
    add_test(NAME ${name}_${t} COMMAND test_${name}_${t})
    set_tests_properties(${name}_${t} PROPERTIES LABELS "unit;${name}")
  endforeach()
endfunction()

# vmi_adapter_freestanding(NAME INCLUDES dir... SOURCES file...): the guest's
# build of the x86 layer, the stubs and these sources with the guest's flags
# (real instructions, no fake, no libc), checked by check_freestanding.sh.
function(vmi_adapter_freestanding name)
  cmake_parse_arguments(A "" "" "INCLUDES;SOURCES" ${ARGN})
  add_test(NAME ${name}_stubs_freestanding
           COMMAND sh ${CMAKE_SOURCE_DIR}/guest-stubs/tests/check_freestanding.sh
                   ${CMAKE_C_COMPILER} ${CMAKE_CURRENT_BINARY_DIR}/freestanding
                   ${CMAKE_SOURCE_DIR}/include ${VMI_X86_INCLUDE} ${VMI_STUBS_INCLUDE}
                   ${A_INCLUDES} --
                   ${VMI_X86_SOURCES} ${VMI_STUBS_SOURCES} ${A_SOURCES}
                   ${CMAKE_SOURCE_DIR}/guest-stubs/tests/guest_use.c)
  set_tests_properties(${name}_stubs_freestanding PROPERTIES LABELS "unit;stubs;${name}")
endfunction()
