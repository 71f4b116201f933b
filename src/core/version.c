/* corridor — the library's version (see corridor/version.h). */
#include "corridor/version.h"

const char *cor_version(void) { return COR_VERSION; }
