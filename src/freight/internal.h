/* corridor internal — the freight model's private state, shared by the files
 * of src/freight/. */
#ifndef COR_FREIGHT_INTERNAL_H
#define COR_FREIGHT_INTERNAL_H
#include "corridor/freight.h"
#include "core/str.h"

#define COR__MAX_COUNTRIES 4

struct cor_freight {
    cor_network *net;            /* owned copy */
    cor_demand *dem;             /* owned, one matrix per class in class order */
    cor_freight_classes *cls;    /* owned */
    int year;

    double *cost_usd;            /* [m] */
    uint8_t *mode;               /* [m] cor_mode */
    uint8_t *status;             /* [m] cor_link_status */
    int32_t *open_year;          /* [m] 0 = blank */
    cor_corridor_mask *corr;     /* [m] */
    char (*country)[COR__MAX_COUNTRIES][8]; /* [m] */
    int8_t *override;            /* [m] -1 rule, 0 closed, 1 open */
    uint8_t *gas;                /* [m] 1 = link restricted to the classes in its commodity column */

    uint8_t *open;               /* [m] effective mask (recomputed) */
    /* problem cache (cor_freight_problem) */
    cor_class *pcls;             /* [n classes] */
    double *fixed;               /* [n classes * m] */
    uint8_t *allowed;            /* [n classes * m] */
    cor_problem prob;
};

/* Recomputes f->open from status, year and overrides. */
void cor__freight_update_open(cor_freight *f);
/* Fills fixed/allowed/pcls/prob from the current state. */
cor_status cor__freight_build_problem(cor_freight *f, cor_error *err);

#endif
