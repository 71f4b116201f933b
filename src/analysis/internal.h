/* corridor internal — shared pieces of src/analysis/. */
#ifndef COR_ANALYSIS_INTERNAL_H
#define COR_ANALYSIS_INTERNAL_H
#include "corridor/analysis.h"

/* Workspace for one origin's flow graph (decomp.c). */
typedef struct cor__ograph {
    const cor_network *net;
    uint8_t *used;     /* [m] link carries flow (after cycle breaking) */
    int32_t *order;    /* [n] nodes in topological order of used links */
    int32_t n_order;
    int32_t *indeg;    /* [n] */
    double *in, *out;  /* [n] inflow / outflow over used links */
    uint8_t *done;     /* [n] ordered */
} cor__ograph;

int cor__og_init(cor__ograph *g, const cor_network *net);   /* -1 on no memory */
void cor__og_free(cor__ograph *g);
/* Marks the links carrying x, orders the nodes topologically from src,
 * breaking cycles at their smallest flow; returns the flow dropped. */
double cor__og_build(cor__ograph *g, const double *x, int32_t src);
#endif
