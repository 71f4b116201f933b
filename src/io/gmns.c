/* corridor — GMNS CSV reader.  PLACEHOLDER until the reader lands. */
#include "corridor/io.h"

cor_status cor_read_gmns(const char *dir, cor_network **net, cor_demand **demand,
                         cor_error *err)
{
    *net = NULL;
    if (demand) *demand = NULL;
    return cor_error_set(err, COR_E_INPUT, "%s: GMNS reader not built yet", dir);
}

cor_status cor_read_gmns_demand(const char *path, const cor_network *net, cor_demand **out,
                                cor_error *err)
{
    (void)net;
    *out = NULL;
    return cor_error_set(err, COR_E_INPUT, "%s: GMNS reader not built yet", path);
}
