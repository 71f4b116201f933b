/* corridor — umbrella header: every public header of the library.
 * (tests/cli_install.sh fails when a header of include/corridor/ is missing
 * here.) */
#ifndef CORRIDOR_H
#define CORRIDOR_H
#include "corridor/version.h"
#include "corridor/error.h"
#include "corridor/network.h"
#include "corridor/demand.h"
#include "corridor/vdf.h"
#include "corridor/paths.h"
#include "corridor/assign.h"
#include "corridor/choice.h"
#include "corridor/io.h"
#include "corridor/freight.h"
#include "corridor/analysis.h"
#include "corridor/report.h"
#include "corridor/case.h"
#include "corridor/table.h"
#include "corridor/risk.h"
#include "corridor/calibrate.h"
#include "corridor/live.h"
#endif
