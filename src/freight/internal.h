/* corridor internal — the freight model's private state, shared by the files
 * of src/freight/. */
#ifndef COR_FREIGHT_INTERNAL_H
#define COR_FREIGHT_INTERNAL_H
#include "corridor/freight.h"
#include "core/str.h"

/* ---- the corridor vocabulary ---- */
typedef struct cor__corr_def {
    char *tag, *name, *label, *colour, *branch; /* owned; "" when blank */
    int prec, feeder, distinct;
    int const_of;                /* corridors.csv constants_of: the corridor whose
                                    route constants also apply, -1 none */
} cor__corr_def;

typedef struct cor__hl_rule {
    int set;                     /* highlight index */
    char *tag;                   /* "" = any */
    int tag_ix;                  /* resolved (cor__vocab_resolve), -1 = any */
    uint32_t modes;              /* bit per cor_mode, 0 = any */
    char *country;               /* country list, "" = any */
    int has_box;
    double box[4];               /* lon0 lat0 lon1 lat1 */
    int line;
} cor__hl_rule;

struct cor_vocab {
    int n;
    cor__corr_def c[COR_CORR_MAX];
    int order[COR_CORR_MAX];     /* corridor indices by precedence */
    cor_corridor_mask feeder, nondistinct, branch;
    int derived;                 /* no corridors.csv: tags added as met */
    int nh;                      /* highlight sets */
    cor_highlight *h;
    char **hset, **hlabel, **hnote; /* owned strings of h[] */
    int n_ctry;                  /* countries.csv */
    char **ctry_code, **ctry_name, **ctry_label; /* label: "code (name)" or code */
    unsigned char *ctry_head;    /* [n_ctry] 1: in exposure's headline */
    int nr;
    cor__hl_rule *r;
    char *hl_path;               /* highlights.csv path for messages */
};

/* Appends a corridor `tag` with default attributes; returns its index, -1
 * when the vocabulary is full, -2 on no memory. */
int cor__vocab_add_tag(cor_vocab *v, const char *tag);
/* Resolves the highlight rules' tags (after every tag is known). */
cor_status cor__vocab_resolve(cor_vocab *v, cor_error *err);

struct cor_freight {
    cor_network *net;            /* owned copy */
    cor_demand *dem;             /* owned, one matrix per class in class order */
    cor_freight_classes *cls;    /* owned */
    int year;

    double *cost_usd;            /* [m] */
    uint8_t *mode;               /* [m] cor_mode */
    uint8_t *status;             /* [m] cor_link_status */
    int32_t *open_year;          /* [m] 0 = blank */
    int32_t *close_year;         /* [m] closing_year: closed from that year on; 0 = blank */
    cor_corridor_mask *corr;     /* [m] */
    cor_vocab *vocab;            /* owned, tags resolved */
    cor_corridor_mask *branch_ok; /* [m] branch tags whose branch_country the link is in */
    uint64_t *hl;                /* [m] bit per highlight set holding the link */
    int32_t *ctry_first;         /* [m+1] link a's countries: ctry_ix[ctry_first[a]..ctry_first[a+1]) */
    int32_t *ctry_ix;            /* indices into ctry_name */
    char **ctry_name;            /* [n_ctry] distinct country items, owned */
    int32_t n_ctry;
    int8_t *override;            /* [m] -1 rule, 0 closed, 1 open */
    uint8_t *gas;                /* [m] 1 = link restricted to the classes in its commodity column */

    int n_const;                 /* constants.csv */
    cor_freight_constant *cst;

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

/* cor__split_tokens callback collecting mode names into a bit mask; the
 * first unknown name stops it (copied into bad). */
typedef struct cor__modes_ud {
    uint32_t modes;
    char bad[64];
} cor__modes_ud;
int cor__add_mode(void *ud, const char *tok);

/* constants.c */
void cor__constants_free(cor_freight *f);
int cor__constants_copy(cor_freight *dst, const cor_freight *src); /* -1 no memory */
/* Converts capacities stated in link.csv capacity_unit to tonnes/year. */
cor_status cor__freight_capacity_units(cor_freight *f, cor_error *err);

#endif
