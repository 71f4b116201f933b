/* corridor internal — pieces shared by the assignment methods. */
#ifndef COR_ASSIGN_INTERNAL_H
#define COR_ASSIGN_INTERNAL_H
#include "corridor/assign.h"
#include "corridor/paths.h"
#ifdef _OPENMP
#include <omp.h>
#endif

/* Monotonic wall clock in seconds. */
double cor__now(void);

/* Effective link mask of class k: link_open AND class allowed.  *mask is NULL
 * when every link is usable (no allocation), else malloc'd [n_links]. */
cor_status cor__class_mask(const cor_problem *p, int k, uint8_t **mask, cor_error *err);

/* A zeroed solution sized for p (flow, class_flow, time allocated). */
cor_solution *cor__solution_new(const cor_problem *p, cor_method m);
/* Appends a convergence row; -1 on no memory.  _point takes a whole row
 * (worst class included); the short form records class 0 as the worst. */
int cor__solution_push_point(cor_solution *s, const cor_conv_point *pt);
int cor__solution_push_hist(cor_solution *s, int it, double sec, double gap, double obj);
/* Appends an unserved OD; -1 on no memory. */
int cor__solution_add_unserved(cor_solution *s, int cls, int32_t o, int32_t d, double vol);

/* time[a] = t_a(flow[a]) for all links. */
void cor__link_times(const cor_network *net, const double *flow, double *time);
/* Beckmann objective: sum_a int t_a + sum_ka fixed_ka x_ka. */
double cor__objective(const cor_problem *p, const double *flow, const double *class_flow);

/* Number of threads to use for par->threads (0 = all cores). */
int cor__threads(const cor_assign_params *par);

/* All-or-nothing loading of every class on costs fixed_k + time.  Writes aux
 * class flows into aux[n_classes * n_links] and returns SPTT (sum of demand x
 * shortest cost; per class into sptt_k[n_classes] when non-NULL).  OD pairs with demand and no path are skipped; when
 * `unserved` is non-NULL they are recorded there (call that once, on the
 * first iteration).  `masks[k]` from cor__class_mask.  Deterministic for a
 * given thread count. */
typedef struct cor__aon cor__aon;
cor__aon *cor__aon_create(const cor_problem *p, int threads);
void cor__aon_destroy(cor__aon *w);
double cor__aon_run(cor__aon *w, const double *time, uint8_t *const *masks,
                    double *aux, double *sptt_k, cor_solution *unserved);

/* The solver loop's bookkeeping, shared by every method: per-class gaps,
 * the guard against non-finite values, the history, the progress callback
 * and the stopping rules.  Per iteration the method fills sptt[k] (demand x
 * shortest cost of class k at the current times) with s->class_flow, s->flow
 * and s->time current, then calls cor__loop_check. */
typedef struct cor__loop {
    const cor_problem *p;
    const cor_assign_params *par;
    cor_solution *s;
    double t0;
    double *tstt, *sptt;  /* [n_classes], time units */
    double gap;           /* worst class's relative gap at the last check */
} cor__loop;
cor_status cor__loop_init(cor__loop *L, const cor_problem *p, const cor_assign_params *par,
                          cor_solution *s, double t0, cor_error *err);
void cor__loop_free(cor__loop *L);
/* End of iteration `it`.  Returns 0 to go on; 1 to stop with *st: COR_OK
 * (every class converged), COR_E_NOCONV (a limit), COR_E_INTERRUPTED (the
 * progress callback), or an error that discards the solution (COR_E_INTERNAL
 * for NaN, COR_E_INPUT for overflow, COR_E_NOMEM); err is filled then. */
int cor__loop_check(cor__loop *L, int it, cor_status *st, cor_error *err);

/* The calling thread's number in the enclosing OpenMP parallel region (0
 * without OpenMP or outside one). */
static inline int cor__thread_num(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

/* 1 when origin o's demand row[nz] sends trips to another zone. */
int cor__row_has_trips(const double *row, int32_t nz, int32_t o);

/* Method entry points (p checked, par filled). */
cor_status cor__assign_fw(const cor_problem *p, const cor_assign_params *par,
                          cor_solution **out, cor_error *err);
cor_status cor__assign_bush(const cor_problem *p, const cor_assign_params *par,
                            cor_solution **out, cor_error *err);
/* keep_origin_flows for the Frank-Wolfe family: solves the problem with one
 * class per (class, origin) and folds it back (origin.c). */
cor_status cor__assign_by_origin(const cor_problem *p, const cor_assign_params *par,
                                 cor_solution **out, cor_error *err);
#endif
