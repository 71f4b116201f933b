/* corridor — atomic output files: write to a temporary in the same directory,
 * rename on success.  Open temporaries are tracked so a signal handler can
 * remove them (cor_outfile_abort_all).  The temporary names the writer's pid
 * (FILE.tmp.PID.XXXXXX) so a later run can tell a dead run's leftover. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corridor/io.h"
#include "io/outfile.h"

#define track cor__outfile_track

#define MAX_OPEN 64
static char *volatile open_tmps[MAX_OPEN];

void cor__outfile_track(char *tmp, int on)
{
    for (int i = 0; i < MAX_OPEN; i++) {
        if (on && !open_tmps[i]) { open_tmps[i] = tmp; return; }
        if (!on && open_tmps[i] == tmp) { open_tmps[i] = NULL; return; }
    }
}

void cor_outfile_abort_all(void)
{
    for (int i = 0; i < MAX_OPEN; i++) {
        char *p = open_tmps[i];
        if (p) unlink(p);
    }
    cor__outset_abort_all();
}

cor_status cor_outfile_open(cor_outfile *f, const char *path, cor_error *err)
{
    memset(f, 0, sizeof *f);
    size_t n = strlen(path);
    f->path = malloc(n + 1);
    f->tmp = malloc(n + 40);
    if (!f->path || !f->tmp) {
        free(f->path); free(f->tmp);
        memset(f, 0, sizeof *f);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    memcpy(f->path, path, n + 1);
    snprintf(f->tmp, n + 40, "%s.tmp.%ld.XXXXXX", path, (long)getpid());
    /* tracked before it exists, so a signal cannot leave it behind */
    track(f->tmp, 1);
    int fd = mkstemp(f->tmp);
    if (fd < 0) {
        track(f->tmp, 0);
        cor_status st = cor_error_set(err, COR_E_IO, "%s: cannot create: %s", path, strerror(errno));
        free(f->path); free(f->tmp);
        memset(f, 0, sizeof *f);
        return st;
    }
    fchmod(fd, 0644);
    f->fp = fdopen(fd, "w");
    if (!f->fp) {
        close(fd);
        unlink(f->tmp);
        track(f->tmp, 0);
        free(f->path); free(f->tmp);
        memset(f, 0, sizeof *f);
        return cor_error_set(err, COR_E_IO, "%s: cannot open for writing", path);
    }
    return COR_OK;
}

cor_status cor_outfile_commit(cor_outfile *f, cor_error *err)
{
    if (!f->fp) return cor_error_set(err, COR_E_USAGE, "output file not open");
    /* the system's reason: from the call that failed (a write error seen by
     * ferror left it in errno, unless a later call changed it) */
    int e = 0, bad = ferror(f->fp) != 0;
    if (bad) e = errno;
    if (fflush(f->fp) != 0) { bad = 1; e = errno; }
    if (fclose(f->fp) != 0) { if (!bad) e = errno; bad = 1; }
    f->fp = NULL;
    cor_status st = COR_OK;
    if (bad) st = cor_error_set(err, COR_E_IO, "%s: write failed: %s", f->path, e ? strerror(e) : "unknown error");
    else if (rename(f->tmp, f->path) != 0)
        st = cor_error_set(err, COR_E_IO, "%s: cannot rename into place: %s", f->path, strerror(errno));
    track(f->tmp, 0);
    if (st) unlink(f->tmp);
    else cor__outset_note(f->path);
    free(f->path);
    free(f->tmp);
    memset(f, 0, sizeof *f);
    return st;
}

void cor_outfile_abort(cor_outfile *f)
{
    if (!f || !f->tmp) return;
    if (f->fp) fclose(f->fp);
    track(f->tmp, 0);
    unlink(f->tmp);
    free(f->path);
    free(f->tmp);
    memset(f, 0, sizeof *f);
}
