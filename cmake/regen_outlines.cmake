# cmake -DSRC=SOURCE_DIR -DWORK=DIR -P cmake/regen_outlines.cmake
#
# Regenerates src/report/assets/ne_outlines.c (the country outlines of the
# report maps) from data/naturalearth/make_outlines.mjs: copies the script
# and its package.json/package-lock.json into WORK, installs exactly the
# locked npm packages there (`npm ci`), runs the script with node and puts
# its output in place when it differs.  Run by the `outlines` target
# (cmake --build build --target outlines); the normal build never needs it.
cmake_minimum_required(VERSION 3.16)
if(NOT SRC OR NOT WORK)
  message(FATAL_ERROR "regen_outlines.cmake: -DSRC=... -DWORK=... are required")
endif()
find_program(NPM npm)
find_program(NODE node)
if(NOT NPM OR NOT NODE)
  message(FATAL_ERROR "regen_outlines.cmake: node and npm are needed (apt-get install nodejs npm)")
endif()
set(ne ${SRC}/data/naturalearth)
set(out ${SRC}/src/report/assets/ne_outlines.c)
file(MAKE_DIRECTORY ${WORK})
file(COPY ${ne}/package.json ${ne}/package-lock.json ${ne}/make_outlines.mjs DESTINATION ${WORK})
execute_process(COMMAND ${NPM} ci --no-audit --no-fund --ignore-scripts
                WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "regen_outlines.cmake: npm ci failed (${rc})")
endif()
execute_process(COMMAND ${NODE} make_outlines.mjs
                WORKING_DIRECTORY ${WORK} OUTPUT_FILE ${WORK}/ne_outlines.c RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "regen_outlines.cmake: node make_outlines.mjs failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/ne_outlines.c ${out} RESULT_VARIABLE same)
if(same EQUAL 0)
  message(STATUS "src/report/assets/ne_outlines.c is up to date")
else()
  execute_process(COMMAND ${CMAKE_COMMAND} -E copy ${WORK}/ne_outlines.c ${out})
  message(STATUS "src/report/assets/ne_outlines.c regenerated")
endif()
