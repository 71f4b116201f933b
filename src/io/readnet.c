/* corridor — read a network by what the path is: a directory is GMNS, a
 * GMNS link.csv names its directory, any other file is a TNTP _net file. */
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
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
    size_t n = strlen(path);
    if (n >= 8 && !strcmp(path + n - 8, "link.csv") && (n == 8 || path[n - 9] == '/')) {
        /* DIR/link.csv: the GMNS directory it belongs to */
        char *dir = malloc(n + 2);
        if (!dir) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        if (n == 8) strcpy(dir, ".");
        else { memcpy(dir, path, n - 9); dir[n - 9] = '\0'; }
        if (!dir[0]) strcpy(dir, "/");
        cor_status st = cor_read_gmns(dir, net, demand, err);
        free(dir);
        return st;
    }
    return cor_read_tntp_net(path, net, err);
}
