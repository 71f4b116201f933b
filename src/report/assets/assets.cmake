# The assets embedded in the library (read by CMakeLists.txt and by
# cmake/embed_assets.cmake; see README.md here).  One entry per asset:
#   NAME MODE FILE
# NAME   becomes the C object cor__asset_NAME (declare it in report/assets.h)
# MODE   lines  text: line breaks, indentation and whole-line comments dropped
#        bytes  the file as it is (binary-safe)
#        bytes? the same, but the file may be missing (size 0 then): for a
#               build product that not every build has
# FILE   relative to this folder, or absolute (${COR_ASSET_BUILD_DIR} is the
#        build directory, for build products)
set(COR_ASSETS
  report_css lines report.css
  report_js  lines report.js
  live_js    lines live.js
  engine_js  bytes? ${COR_ASSET_BUILD_DIR}/wasm/corridor_engine.js
)
