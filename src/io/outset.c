/* corridor — output sets: every file one run writes into a directory,
 * switched in together (docs/RELIABILITY.md "Result sets").
 *
 * cor_outset_begin takes DIR/.corridor.lock (flock; the holder removes it on
 * release, so a finished run leaves none), finishes a switch a
 * killed run left half done (DIR/.corridor-commit names its staging
 * directory and files), removes what dead runs left (staging directories
 * .corridor-stage.PID.XXXXXX and temporaries NAME.tmp.PID.XXXXXX whose PID
 * is no longer alive) and makes this run's staging directory.  Writers put
 * their files there; cor_outset_commit writes the journal, renames each file
 * into DIR and removes the journal; cor_outset_abort removes the staging
 * directory.  Only a switch in progress (journal present) can show a mix,
 * and the next cor_outset_begin completes it.
 *
 * cor_outfile_abort_all (a signal handler's cleanup) also removes the files
 * already finished in the staging directories of sets in progress: they are
 * recorded when renamed there (cor__outset_note), in slots allocated at
 * begin, so the handler only reads memory and calls unlink/rmdir. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/str.h"
#include "corridor/io.h"
#include "io/outfile.h"

#define LOCK_NAME ".corridor.lock"
#define JOURNAL_NAME ".corridor-commit"
#define STAGE_PREFIX ".corridor-stage."
#define KEPT_MAX 512
#define SETS_MAX 8

struct cor_outset {
    char *dir, *stage, *lock;
    size_t stage_len;
    int lock_fd;
    int cleaned, recovered;
    char *kept[KEPT_MAX]; /* finished files in stage, for the signal cleanup */
    volatile int n_kept;
};

static cor_outset *volatile active[SETS_MAX];

static void set_active(cor_outset *s, int on)
{
    for (int i = 0; i < SETS_MAX; i++) {
        if (on && !active[i]) { active[i] = s; return; }
        if (!on && active[i] == s) { active[i] = NULL; return; }
    }
}

void cor__outset_note(const char *path)
{
    for (int i = 0; i < SETS_MAX; i++) {
        cor_outset *s = active[i];
        if (!s || strncmp(path, s->stage, s->stage_len) || path[s->stage_len] != '/') continue;
        if (s->n_kept < KEPT_MAX) {
            char *p = cor__strdup(path);
            if (p) { s->kept[s->n_kept] = p; s->n_kept = s->n_kept + 1; }
        }
        return;
    }
}

void cor__outset_abort_all(void)
{
    for (int i = 0; i < SETS_MAX; i++) {
        cor_outset *s = active[i];
        if (!s) continue;
        for (int k = 0; k < s->n_kept; k++) unlink(s->kept[k]);
        rmdir(s->stage);
        unlink(s->lock);
    }
}

/* The pid in "PREFIX<pid>." at the start of name+off, or 0. */
static long pid_at(const char *s)
{
    char *end;
    errno = 0;
    long pid = strtol(s, &end, 10);
    if (errno || end == s || *end != '.' || pid <= 0) return 0;
    return pid;
}

static int pid_dead(long pid)
{
    return pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Removes DIR/name, a staging directory (its files, one level) or a file. */
static void remove_entry(const char *dir, const char *name)
{
    char *p = cor__path_join(dir, name);
    if (!p) return;
    struct stat sb;
    if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(p);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char *q = cor__path_join(p, e->d_name);
            if (q) unlink(q);
            free(q);
        }
        if (d) closedir(d);
        rmdir(p);
    } else {
        unlink(p);
    }
    free(p);
}

/* The temporary of a cor_outfile: NAME.tmp.PID.XXXXXX; returns PID or 0. */
static long tmp_pid(const char *name)
{
    const char *t = NULL;
    for (const char *q = strstr(name, ".tmp."); q; q = strstr(q + 1, ".tmp.")) t = q;
    if (!t || t == name) return 0;
    long pid = pid_at(t + 5);
    if (!pid) return 0;
    const char *x = strchr(t + 5, '.');
    return x && strlen(x + 1) == 6 ? pid : 0;
}

static int clean_dead(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    /* names first, then removal, so readdir never sees its own deletions */
    char **names = NULL;
    int nn = 0, cap = 0;
    while ((e = readdir(d))) {
        long pid = 0;
        if (!strncmp(e->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)))
            pid = pid_at(e->d_name + strlen(STAGE_PREFIX));
        else
            pid = tmp_pid(e->d_name);
        if (!pid || !pid_dead(pid)) continue;
        if (nn == cap) {
            int nc = cap ? 2 * cap : 16;
            char **t = realloc(names, (size_t)nc * sizeof *t);
            if (!t) break;
            names = t;
            cap = nc;
        }
        if (!(names[nn] = cor__strdup(e->d_name))) break;
        nn++;
    }
    closedir(d);
    for (int i = 0; i < nn; i++) {
        remove_entry(dir, names[i]);
        n++;
        free(names[i]);
    }
    free(names);
    return n;
}

/* Completes a switch a killed run left half done.  Returns the number of
 * files moved, or -1 with err set. */
static int recover(const char *dir, cor_error *err)
{
    char *jp = cor__path_join(dir, JOURNAL_NAME);
    if (!jp) { cor_error_set(err, COR_E_NOMEM, "out of memory"); return -1; }
    FILE *fp = fopen(jp, "r");
    if (!fp) { free(jp); return 0; }
    char line[4096], *stage = NULL;
    int moved = 0, bad = 0;
    while (fgets(line, sizeof line, fp)) {
        size_t n = strlen(line);
        if (n && line[n - 1] == '\n') line[--n] = '\0';
        if (!strncmp(line, "stage ", 6) && !stage) {
            if (strchr(line + 6, '/') || strncmp(line + 6, STAGE_PREFIX, strlen(STAGE_PREFIX))) { bad = 1; break; }
            stage = cor__path_join(dir, line + 6);
            if (!stage) break;
        } else if (!strncmp(line, "file ", 5) && stage) {
            if (strchr(line + 5, '/') || !line[5] || line[5] == '.') { bad = 1; break; }
            char *from = cor__path_join(stage, line + 5), *to = cor__path_join(dir, line + 5);
            if (from && to && rename(from, to) == 0) moved++;
            free(from);
            free(to);
        }
    }
    fclose(fp);
    if (bad) {
        cor_error_set(err, COR_E_IO, "%s: not a corridor commit journal (remove it by hand)", jp);
        free(jp);
        free(stage);
        return -1;
    }
    if (stage) {
        const char *base = strrchr(stage, '/') + 1;
        remove_entry(dir, base);
    }
    unlink(jp);
    free(jp);
    free(stage);
    return moved;
}

static void describe_holder(int fd, char *buf, size_t n)
{
    char raw[512];
    ssize_t r = pread(fd, raw, sizeof raw - 1, 0);
    raw[r > 0 ? r : 0] = '\0';
    long pid = 0;
    char cmd[64] = "", since[64] = "";
    for (char *l = strtok(raw, "\n"); l; l = strtok(NULL, "\n")) {
        if (!strncmp(l, "pid ", 4)) pid = strtol(l + 4, NULL, 10);
        else if (!strncmp(l, "command ", 8)) snprintf(cmd, sizeof cmd, "%s", l + 8);
        else if (!strncmp(l, "started ", 8)) snprintf(since, sizeof since, "%s", l + 8);
    }
    if (pid) snprintf(buf, n, "pid %ld%s%s%s%s", pid, *cmd ? ", corridor " : "", cmd, *since ? ", since " : "", since);
    else snprintf(buf, n, "a process starting up");
}

cor_status cor_outset_begin(const char *dir, const char *owner, int wait, cor_outset **out, cor_error *err)
{
    *out = NULL;
    cor_outset *s = calloc(1, sizeof *s);
    if (!s) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    s->lock_fd = -1;
    cor_status st = COR_OK;
    char *lp = cor__path_join(dir, LOCK_NAME);
    if (!(s->dir = cor__strdup(dir)) || !lp) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    /* the lock file is removed by its holder on release, so a lock taken on
     * a file that is no longer the one at lp (removed and made again while
     * we waited) is retried */
    for (;;) {
        s->lock_fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (s->lock_fd < 0) { st = cor_error_set(err, COR_E_IO, "%s: cannot create the lock file: %s", lp, strerror(errno)); goto fail; }
        if (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK) { st = cor_error_set(err, COR_E_IO, "%s: cannot lock: %s", lp, strerror(errno)); goto fail; }
            if (!wait) {
                char who[160];
                describe_holder(s->lock_fd, who, sizeof who);
                st = cor_error_set(err, COR_E_IO, "%s: in use by another corridor run (%s); pass --wait to wait for it", dir, who);
                goto fail;
            }
            while (flock(s->lock_fd, LOCK_EX) != 0) {
                if (errno != EINTR) { st = cor_error_set(err, COR_E_IO, "%s: cannot lock: %s", lp, strerror(errno)); goto fail; }
            }
        }
        struct stat a, b;
        if (fstat(s->lock_fd, &a) == 0 && stat(lp, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) break;
        close(s->lock_fd);
        s->lock_fd = -1;
    }
    s->lock = lp;
    lp = NULL;
    {
        char info[256], when[40] = "";
        time_t now = time(NULL);
        struct tm tm;
        if (gmtime_r(&now, &tm)) strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        int k = snprintf(info, sizeof info, "pid %ld\ncommand %s\nstarted %s\n", (long)getpid(), owner ? owner : "", when);
        if (ftruncate(s->lock_fd, 0) != 0 || pwrite(s->lock_fd, info, (size_t)k, 0) != k) { /* informative only */ }
    }
    if ((s->recovered = recover(dir, err)) < 0) { st = err->code; goto fail; }
    s->cleaned = clean_dead(dir);
    {
        char name[64];
        snprintf(name, sizeof name, "%s%ld.XXXXXX", STAGE_PREFIX, (long)getpid());
        char *t = cor__path_join(dir, name);
        if (!t) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
        set_active(s, 1);
        s->stage = t;
        s->stage_len = strlen(t);
        if (!mkdtemp(s->stage)) {
            set_active(s, 0);
            st = cor_error_set(err, COR_E_IO, "%s: cannot create a staging directory: %s", dir, strerror(errno));
            goto fail;
        }
        chmod(s->stage, 0755);
    }
    free(lp);
    *out = s;
    return COR_OK;
fail:
    free(lp);
    if (s->lock_fd >= 0) {
        if (s->lock) unlink(s->lock);
        close(s->lock_fd);
    }
    free(s->lock);
    free(s->stage);
    free(s->dir);
    free(s);
    return st;
}

const char *cor_outset_stage(const cor_outset *s) { return s->stage; }
int cor_outset_cleaned(const cor_outset *s) { return s->cleaned; }
int cor_outset_recovered(const cor_outset *s) { return s->recovered; }

static void destroy(cor_outset *s)
{
    set_active(s, 0);
    for (int k = 0; k < s->n_kept; k++) free(s->kept[k]);
    unlink(s->lock); /* while still held: see cor_outset_begin */
    close(s->lock_fd); /* releases the lock */
    free(s->lock);
    free(s->stage);
    free(s->dir);
    free(s);
}

void cor_outset_abort(cor_outset *s)
{
    if (!s) return;
    const char *base = strrchr(s->stage, '/') + 1;
    remove_entry(s->dir, base);
    destroy(s);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

cor_status cor_outset_commit(cor_outset *s, cor_error *err)
{
    cor_status st = COR_OK;
    char **names = NULL, *jp = NULL, *jt = NULL;
    int nn = 0, cap = 0;
    DIR *d = opendir(s->stage);
    if (!d) { st = cor_error_set(err, COR_E_IO, "%s: cannot read: %s", s->stage, strerror(errno)); goto done; }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || tmp_pid(e->d_name)) continue; /* unfinished writers' temporaries stay out */
        if (nn == cap) {
            int nc = cap ? 2 * cap : 16;
            char **t = realloc(names, (size_t)nc * sizeof *t);
            if (!t) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); break; }
            names = t;
            cap = nc;
        }
        if (!(names[nn] = cor__strdup(e->d_name))) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); break; }
        nn++;
    }
    closedir(d);
    if (st) goto done;
    if (nn) qsort(names, (size_t)nn, sizeof *names, cmp_str);
    /* a target that cannot be replaced fails the switch before it starts */
    for (int i = 0; i < nn; i++) {
        char *to = cor__path_join(s->dir, names[i]);
        struct stat sb;
        int isdir = to && lstat(to, &sb) == 0 && S_ISDIR(sb.st_mode);
        if (!to) st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        else if (isdir) st = cor_error_set(err, COR_E_IO, "%s: is a directory; cannot replace it with the new %s", to, names[i]);
        free(to);
        if (st) goto done;
    }
    /* the journal, whole before the first rename */
    if (!(jp = cor__path_join(s->dir, JOURNAL_NAME)) || !(jt = cor__path_join(s->dir, JOURNAL_NAME ".new"))) {
        st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        goto done;
    }
    {
        FILE *fp = fopen(jt, "w");
        if (!fp) { st = cor_error_set(err, COR_E_IO, "%s: cannot create: %s", jt, strerror(errno)); goto done; }
        int bad = fprintf(fp, "stage %s\n", strrchr(s->stage, '/') + 1) < 0;
        for (int i = 0; i < nn && !bad; i++) bad = fprintf(fp, "file %s\n", names[i]) < 0;
        if (fflush(fp) != 0 || fsync(fileno(fp)) != 0) bad = 1;
        int e2 = errno;
        if (fclose(fp) != 0) bad = 1;
        if (bad || rename(jt, jp) != 0) {
            st = cor_error_set(err, COR_E_IO, "%s: cannot write: %s", jp, strerror(bad ? e2 : errno));
            unlink(jt);
            goto done;
        }
    }
    for (int i = 0; i < nn; i++) {
        char *from = cor__path_join(s->stage, names[i]), *to = cor__path_join(s->dir, names[i]);
        int ok = from && to && rename(from, to) == 0;
        int e2 = errno;
        free(from);
        free(to);
        if (!ok) {
            /* the journal stays: the next run on this directory completes the switch */
            st = cor_error_set(err, COR_E_IO, "%s/%s: cannot rename into place: %s (the next run on %s completes the switch)",
                               s->dir, names[i], strerror(e2), s->dir);
            s->n_kept = 0; /* the files must survive for that */
            destroy(s);
            s = NULL;
            goto done;
        }
    }
    unlink(jp);
done:
    for (int i = 0; i < nn; i++) free(names[i]);
    free(names);
    free(jp);
    free(jt);
    if (s) {
        if (st) cor_outset_abort(s);
        else {
            rmdir(s->stage);
            destroy(s);
        }
    }
    return st;
}
