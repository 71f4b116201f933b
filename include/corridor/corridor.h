/* corridor — umbrella header. */
#ifndef CORRIDOR_H
#define CORRIDOR_H
#include "corridor/error.h"
#include "corridor/network.h"
#include "corridor/demand.h"
#include "corridor/vdf.h"
#include "corridor/paths.h"
#include "corridor/assign.h"
#include "corridor/io.h"
#include "corridor/freight.h"
#define COR_VERSION "0.1.0"
#endif
