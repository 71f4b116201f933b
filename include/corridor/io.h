/* corridor — readers and writers.
 *
 * Readers return COR_E_IO when a file cannot be opened and COR_E_INPUT with
 * "FILE:LINE: field NAME: problem" messages on bad content; on failure nothing
 * is allocated for the caller.  Writers write to FILE.tmp.PID.XXXXXX in the
 * same directory and rename on success, so a failed run leaves earlier results
 * intact.
 */
#ifndef CORRIDOR_IO_H
#define CORRIDOR_IO_H

#include <stdio.h>
#include "corridor/assign.h"
#include "corridor/demand.h"
#include "corridor/network.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- TNTP (Transportation Networks for Research) ---- */
cor_status cor_read_tntp_net(const char *path, cor_network **out,
                             cor_error *err);
cor_status cor_read_tntp_trips(const char *path, const cor_network *net,
                               cor_demand **out, cor_error *err);
/* Node coordinates ("node X Y ;" rows) into net->node_x/node_y. */
cor_status cor_read_tntp_node(const char *path, cor_network *net,
                              cor_error *err);
/* Best-known flows ("From To Volume Cost"): flow[a] for each network link,
 * matched on (from, to); flow must hold n_links values. */
cor_status cor_read_tntp_flow(const char *path, const cor_network *net,
                              double *flow, cor_error *err);

/* ---- GMNS CSV (node.csv, link.csv, optional config.csv, demand.csv) ---- */
/* Reads DIR/node.csv and DIR/link.csv (units from DIR/config.csv when
 * present).  When demand is non-NULL and DIR/demand.csv exists, reads it too
 * (else *demand = NULL). */
cor_status cor_read_gmns(const char *dir, cor_network **net,
                         cor_demand **demand, cor_error *err);
cor_status cor_read_gmns_demand(const char *path, const cor_network *net,
                                cor_demand **out, cor_error *err);

/* ---- class values (values.csv) ---- */
/* Value per tonne (USD/t) of each of the n_classes classes named in names,
 * into value[n_classes], from a CSV file with the columns class and
 * value_usd_t (others ignored; rows whose first field starts with '#' are
 * comments); values above COR_VALUE_MAX are refused.  Rows of classes not in names are ignored; a class given twice,
 * a value that is not a non-negative number, or a class without a row is
 * COR_E_INPUT naming the file, line and field. */
#define COR_VALUE_MAX 1e18 /* USD/t: far above any cargo, so value x tonnes stays finite */
cor_status cor_read_class_values(const char *path, int n_classes,
                                 const char *const *names, double *value,
                                 cor_error *err);

/* A TNTP _net file or a GMNS directory, by what `path` is. */
cor_status cor_read_network(const char *path, cor_network **net,
                            cor_demand **demand, cor_error *err);

/* ---- atomic output files ---- */
typedef struct cor_outfile {
    FILE *fp;
    char *path;     /* final path */
    char *tmp;      /* temporary path */
} cor_outfile;
cor_status cor_outfile_open(cor_outfile *f, const char *path, cor_error *err);
/* Flushes, closes and renames into place; removes the temporary on error. */
cor_status cor_outfile_commit(cor_outfile *f, cor_error *err);
/* Closes and deletes the temporary (no-op if not open). */
void cor_outfile_abort(cor_outfile *f);
/* Removes every temporary still open, and the staging directories of the
 * output sets in progress (for signal handlers: async-safe). */
void cor_outfile_abort_all(void);

/* ---- output sets: all the files of one run, switched in together ----
 * cor_outset_begin locks DIR (DIR/.corridor.lock, an advisory flock naming
 * the holder's pid, `owner` and start time, removed on release; wait != 0
 * waits for another holder, else COR_E_IO naming it), completes a switch a killed run left
 * half done (DIR/.corridor-commit), removes the staging directories and
 * FILE.tmp.PID.XXXXXX temporaries of dead runs (cor_outset_cleaned counts
 * them) and creates a staging directory DIR/.corridor-stage.PID.XXXXXX
 * (cor_outset_stage) for the writers.  cor_outset_commit moves every file
 * written there into DIR (journal first, so a kill half way is completed by
 * the next begin), releases the lock and frees the set, also on error;
 * cor_outset_abort removes the staging directory, releases and frees.  DIR
 * must exist.  What a reader of DIR can rely on: docs/RELIABILITY.md. */
typedef struct cor_outset cor_outset;
cor_status cor_outset_begin(const char *dir, const char *owner, int wait,
                            cor_outset **set, cor_error *err);
const char *cor_outset_stage(const cor_outset *set);
int cor_outset_cleaned(const cor_outset *set);
/* Files of an interrupted switch completed by begin (0: none). */
int cor_outset_recovered(const cor_outset *set);
cor_status cor_outset_commit(cor_outset *set, cor_error *err);
void cor_outset_abort(cor_outset *set);

/* link_performance.csv: link_id,from_node_id,to_node_id,volume,travel_time,
 * capacity,voc,fftime[,class volumes...] in input order. */
cor_status cor_write_link_performance(const char *path, const cor_network *net,
                                      const cor_solution *sol,
                                      const char *const *class_names,
                                      cor_error *err);
/* The same tables onto an open stream (e.g. a cor_outfile's fp), so callers
 * writing several files can commit them together. */
void cor_write_link_performance_fp(FILE *fp, const cor_network *net,
                                   const cor_solution *sol,
                                   const char *const *class_names);
void cor_write_convergence_fp(FILE *fp, const cor_solution *sol);
/* convergence.csv: iteration,seconds,relative_gap,objective (several classes:
 * relative_gap is the worst class's, named in a last column worst_class) */
cor_status cor_write_convergence(const char *path, const cor_solution *sol,
                                 cor_error *err);

#ifdef __cplusplus
}
#endif
#endif
