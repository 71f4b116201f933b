/* corridor internal — the registry of output temporaries.
 *
 * cor_outfile_open registers its FILE.tmp.PID.XXXXXX; a writer that creates its
 * temporary by other means (SQLite for GeoPackage) registers it here, from
 * before it exists until it is renamed or removed, so that
 * cor_outfile_abort_all (a signal handler's cleanup) removes it too.  The
 * path is borrowed: it must stay valid while registered. */
#ifndef COR_IO_OUTFILE_H
#define COR_IO_OUTFILE_H
void cor__outfile_track(char *tmp, int on);
/* A file just renamed to `path`: recorded when it is inside the staging
 * directory of an output set in progress (outset.c), so that
 * cor_outfile_abort_all removes it too. */
void cor__outset_note(const char *path);
/* The signal-time cleanup of the sets in progress: their finished staged
 * files and staging directories (only unlink and rmdir). */
void cor__outset_abort_all(void);
#endif
