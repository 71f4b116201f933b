/* corridor internal — the risk module's shared types (src/risk/ only). */
#ifndef COR_RISK_INTERNAL_H
#define COR_RISK_INTERNAL_H
#include <stdint.h>
#include "corridor/risk.h"

typedef struct cor__event {
    char *name, *description, *source;
    long line, p_line, dur_line, parts_line;
    int joint;
    char **part_names;
    int n_part_names;
    int *parts;            /* joint: hazard indices */
    int n_parts;
    double p, own;         /* marginal as given; own cause */
    cor_duration_kind dur;
    double d1, d2;
    unsigned months;       /* 12 bits */
    cor_scenario *edits;   /* own edits (a joint event's extra ones) */
} cor__event;

struct cor_hazards {
    char *file;
    cor__event *ev;
    int n, cap;
};

cor_status cor__hazards_derive(cor_hazards *h, cor_error *err);
/* Lexer helpers of the block files (hazards.c, appraise.c): a finite number
 * or "FILE:LINE: field F: 'x' is not a number"; words joined by blanks
 * (malloc'd, NULL on no memory). */
cor_status cor__risk_number(const char *file, long line, const char *field, const char *tok,
                            double *out, cor_error *err);
char *cor__join_words(char **tok, int n);
/* E[min(D, 365)] of the event's duration. */
double cor__duration_mean(const cor__event *e);
#endif
