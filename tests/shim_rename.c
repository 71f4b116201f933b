/* A test shim (LD_PRELOAD) over rename(2), to put a run's output set into
 * the states a full disk, a signal or a kill would leave it in:
 *   COR_SHIM_RENAME_FAIL=NAME   a rename onto a file named NAME fails with
 *                               ENOSPC (a full disk while writing NAME);
 *   COR_SHIM_RENAME_PAUSE=NAME  a rename onto NAME first creates the file
 *                               $COR_SHIM_MARK and sleeps 5 s (a window for
 *                               a signal or a kill);
 *   COR_SHIM_SWITCH=1           both only for the switch of the set (a
 *                               rename out of a .corridor-stage. directory),
 *                               not for the writes into it.
 * Used by tests/cli_outset.sh. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int matches(const char *var, const char *from, const char *to)
{
    const char *name = getenv(var);
    if (!name || !*name) return 0;
    const char *base = strrchr(to, '/');
    base = base ? base + 1 : to;
    if (strcmp(base, name)) return 0;
    const char *sw = getenv("COR_SHIM_SWITCH");
    int is_switch = strstr(from, "/.corridor-stage.") && !strstr(to, "/.corridor-stage.");
    return !(sw && *sw == '1') || is_switch;
}

int rename(const char *from, const char *to)
{
    static int (*real)(const char *, const char *);
    if (!real) *(void **)&real = dlsym(RTLD_NEXT, "rename");
    if (matches("COR_SHIM_RENAME_FAIL", from, to)) {
        errno = ENOSPC;
        return -1;
    }
    if (matches("COR_SHIM_RENAME_PAUSE", from, to)) {
        const char *mark = getenv("COR_SHIM_MARK");
        if (mark) {
            int fd = open(mark, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0) close(fd);
        }
        sleep(5);
    }
    return real(from, to);
}
