/* corridor — read a network by what the path is: a directory is GMNS, a file
 * is a TNTP _net file. */
#include <sys/stat.h>
#include <errno.h>
#include <string.h>

#include "corridor/io.h"

cor_status cor_read_network(const char *path, cor_network **net, cor_demand **demand,
                            cor_error *err)
{
    struct stat sb;
    *net = NULL;
    if (demand) *demand = NULL;
    if (stat(path, &sb) != 0)
        return cor_error_set(err, COR_E_IO, "%s: cannot open: %s", path, strerror(errno));
    if (S_ISDIR(sb.st_mode)) return cor_read_gmns(path, net, demand, err);
    return cor_read_tntp_net(path, net, err);
}
