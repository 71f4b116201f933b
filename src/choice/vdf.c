/* corridor — volume-delay function names, parameter checks and capacity
 * units (the functions themselves are inline in corridor/vdf.h). */
#include <math.h>
#include <stddef.h>
#include <strings.h>

#include "corridor/vdf.h"

static const char *const VDF_NAMES[] = {"bpr", "constant", "akcelik", "queue"};

const char *cor_vdf_name(cor_vdf_kind k)
{
    return (k >= 0 && k <= COR_VDF_QUEUE) ? VDF_NAMES[k] : "?";
}

int cor_vdf_parse(const char *s, cor_vdf_kind *out)
{
    for (int i = 0; i <= COR_VDF_QUEUE; i++)
        if (!strcasecmp(s, VDF_NAMES[i])) { *out = (cor_vdf_kind)i; return 0; }
    return -1;
}

const char *cor_vdf_check(cor_vdf_kind k, double cap, double alpha, double beta)
{
    if (!isfinite(alpha) || !isfinite(beta)) return "vdf parameters must be finite";
    switch (k) {
    case COR_VDF_CONSTANT: return NULL;
    case COR_VDF_BPR:
        if (alpha < 0 || beta < 0) return "BPR vdf_alpha and vdf_beta must be >= 0";
        break;
    case COR_VDF_AKCELIK:
        if (alpha < 0) return "Akcelik period T (vdf_alpha) must be >= 0";
        if (beta < 0) return "Akcelik delay parameter J (vdf_beta) must be >= 0";
        break;
    case COR_VDF_QUEUE:
        if (alpha < 0) return "queue service time (vdf_alpha) must be >= 0";
        if (!(beta > 0 && beta < 1)) return "queue breakpoint (vdf_beta) must be in (0,1)";
        break;
    default: return "unknown vdf kind";
    }
    if (alpha != 0 && !(cap > 0 && isfinite(cap))) return "capacity must be positive on a congestible link";
    return NULL;
}

static const char *const CAP_NAMES[COR_CAP_UNIT_COUNT] = {"t/yr", "TEU/yr", "wagons/yr", "sailings/week"};
static const char *const CAP_BARE[COR_CAP_UNIT_COUNT] = {"tonnes", "TEU", "wagons", "sailings"};

const char *cor_cap_unit_name(cor_cap_unit u)
{
    return (u >= 0 && u < COR_CAP_UNIT_COUNT) ? CAP_NAMES[u] : "?";
}

int cor_cap_unit_parse(const char *s, cor_cap_unit *out)
{
    for (int i = 0; i < COR_CAP_UNIT_COUNT; i++)
        if (!strcasecmp(s, CAP_NAMES[i]) || !strcasecmp(s, CAP_BARE[i])) {
            *out = (cor_cap_unit)i;
            return 0;
        }
    if (!strcasecmp(s, "t")) { *out = COR_CAP_TONNES; return 0; }
    return -1;
}

double cor_cap_per_year(double value, cor_cap_unit u)
{
    return u == COR_CAP_SAILINGS ? value * (365.0 / 7.0) : value;
}

double cor_cap_to_tonnes(double value, cor_cap_unit u, double tonnes_per_unit)
{
    if (u == COR_CAP_TONNES) return value;
    if (!(tonnes_per_unit > 0) || !isfinite(tonnes_per_unit)) return NAN;
    return cor_cap_per_year(value, u) * tonnes_per_unit;
}
