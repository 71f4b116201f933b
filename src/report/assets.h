/* corridor internal — files embedded in the library at build time.
 *
 * The files live in src/report/assets/ and are listed in
 * src/report/assets/assets.cmake; cmake/embed_assets.cmake turns them into a
 * generated C file (build directory, rebuilt when an asset changes).  Each
 * asset is a `cor__asset_<name>` declared here. */
#ifndef COR_REPORT_ASSETS_H
#define COR_REPORT_ASSETS_H
#include <stddef.h>

typedef struct cor__asset {
    const char *name;
    const unsigned char *data; /* size bytes, then a NUL */
    size_t size;               /* 0: an optional asset this build does not have */
} cor__asset;

/* The report page's style sheet and script (report.css, report.js). */
extern const cor__asset cor__asset_report_css;
extern const cor__asset cor__asset_report_js;
/* The live what-if panel's script (live.js) and the WebAssembly engine it
 * drives (emscripten's single-file JavaScript; size 0 when this build has
 * no emscripten). */
extern const cor__asset cor__asset_live_js;
extern const cor__asset cor__asset_engine_js;

#endif
