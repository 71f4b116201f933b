/* corridor — the network: nodes, directed links in forward-star (CSR) order,
 * link attributes as struct-of-arrays, zones.
 *
 * Layout (all arrays owned by the network, freed by cor_network_destroy):
 *   nodes 0..n_nodes-1 (dense), external id strings in node_id[i];
 *   links 0..n_links-1 sorted by from-node (stable w.r.t. input order):
 *     the links leaving node u are first_out[u] .. first_out[u+1]-1;
 *     link_from[a], link_to[a] are dense node indices;
 *   reverse star: in_link[first_in[v] .. first_in[v+1]-1] are the link indices
 *     entering v;
 *   link_order[a] is the 0-based position of link a in the input file, and
 *     link_by_order[k] the inverse, so outputs can follow the input order;
 *   zones 0..n_zones-1: zone_node[z] is the node that carries zone z's demand,
 *     node_zone[u] is the zone of node u or -1;
 *   no_thru[u] != 0 means paths may start or end at u but not pass through it
 *     (TNTP <FIRST THRU NODE>).
 * Units are those of the input: TNTP time is usually minutes, data/eurasia uses
 * hours, km, tonnes/year and USD/t.
 *
 * Extra columns (GMNS and other CSV readers) are kept verbatim as strings so
 * outputs can carry them: link_extra / node_extra.
 */
#ifndef CORRIDOR_NETWORK_H
#define CORRIDOR_NETWORK_H

#include <stddef.h>
#include <stdint.h>
#include "corridor/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Volume-delay function kinds.  Parameters live in vdf_alpha / vdf_beta;
 * formulas and parameter meanings in corridor/vdf.h. */
typedef enum cor_vdf_kind {
    COR_VDF_BPR = 0,     /* t0 * (1 + alpha * (v/c)^beta) */
    COR_VDF_CONSTANT = 1,/* t0, no congestion (connectors, sea legs) */
    COR_VDF_AKCELIK = 2, /* t0 + Akcelik time-dependent queue delay */
    COR_VDF_QUEUE = 3    /* t0 + M/D/1 (Davidson-type) wait, linear past a breakpoint */
} cor_vdf_kind;

/* A table of string columns, one value per row (row = link or node index in
 * the network's own order).  values[col][row] is a NUL-terminated string,
 * never NULL ("" when absent). */
typedef struct cor_strtab {
    int n_cols;
    char **names;     /* [n_cols] */
    char ***values;   /* [n_cols][n_rows] */
} cor_strtab;

/* Node coordinates beyond this magnitude are refused by the readers: every
 * real system (degrees, metres, feet) is far inside, and centroids and map
 * positions derived from them stay finite. */
#define COR_COORD_MAX 1e15

typedef struct cor_network {
    int32_t n_nodes;
    int32_t n_links;
    int32_t n_zones;

    /* nodes */
    char **node_id;       /* [n_nodes] external ids */
    double *node_x;       /* [n_nodes] x / longitude, NAN when unknown */
    double *node_y;       /* [n_nodes] y / latitude, NAN when unknown */
    int32_t *node_zone;   /* [n_nodes] zone index or -1 */
    uint8_t *no_thru;     /* [n_nodes] */

    /* zones */
    int32_t *zone_node;   /* [n_zones] */
    char **zone_id;       /* [n_zones] external zone ids (borrowed from node_id
                             when equal, else owned; use cor_network_destroy) */

    /* forward and reverse star */
    int32_t *first_out;   /* [n_nodes+1] */
    int32_t *first_in;    /* [n_nodes+1] */
    int32_t *in_link;     /* [n_links] */

    /* links (CSR order) */
    int32_t *link_from;   /* [n_links] */
    int32_t *link_to;     /* [n_links] */
    char **link_id;       /* [n_links] external link ids */
    int32_t *link_order;  /* [n_links] input position of link a */
    int32_t *link_by_order; /* [n_links] link at input position k */
    double *capacity;     /* [n_links] */
    double *length;       /* [n_links] */
    double *fftime;       /* [n_links] free-flow time t0 */
    double *vdf_alpha;    /* [n_links] BPR alpha (TNTP "B") */
    double *vdf_beta;     /* [n_links] BPR beta (TNTP "Power") */
    double *toll;         /* [n_links] */
    double *speed;        /* [n_links] */
    int32_t *link_type;   /* [n_links] */
    uint8_t *vdf_kind;    /* [n_links] cor_vdf_kind */

    cor_strtab link_extra; /* extra link columns, rows in CSR order */
    cor_strtab node_extra; /* extra node columns */

    /* Where each link was read: link_file (NULL when built in memory) and
     * link_line[a] (0 for links the reader made, e.g. zone connectors);
     * cor_network_link_where formats it for messages. */
    char *link_file;
    int64_t *link_line;   /* [n_links] */

    /* What the reader read but skipped (self-loops), one "FILE:LINE: field
     * NAME: ..." line each with counts; NULL when nothing was.  Callers show
     * it as a warning, or refuse it in strict mode (cor_case_opts.strict). */
    char *notes;

    void *priv_;          /* internal: id lookup tables */
} cor_network;

/* ---- building a network ------------------------------------------------
 * Readers (and tests) build a network in three steps:
 *   b = cor_netbuilder_create();
 *   cor_netbuilder_add_node(b, "id", x, y) ...   (returns the node index)
 *   cor_netbuilder_add_link(b, &spec) ...         (input order is kept)
 *   cor_netbuilder_finish(b, &net, err);          (sorts into CSR, builds the
 *                                                  reverse star; frees b)
 */
typedef struct cor_netbuilder cor_netbuilder;

typedef struct cor_link_spec {
    int32_t from, to;        /* node indices returned by add_node */
    const char *id;          /* external id; NULL = input position + 1 */
    double capacity, length, fftime, alpha, beta, toll, speed;
    int32_t link_type;
    cor_vdf_kind vdf;
    int64_t line;            /* the input line it was read from; 0 = none */
} cor_link_spec;

/* "FILE:LINE: link ID" when the link's input line is known, else
 * "link ID", into buf (always NUL-terminated); returns buf. */
const char *cor_network_link_where(const cor_network *net, int32_t a, char *buf, size_t n);

cor_netbuilder *cor_netbuilder_create(void);
void cor_netbuilder_destroy(cor_netbuilder *b); /* NULL is fine */

/* Returns the new node's index, or -1 on a duplicate id / no memory
 * (err explains). */
int32_t cor_netbuilder_add_node(cor_netbuilder *b, const char *id, double x,
                                double y, cor_error *err);
/* Looks a node id up; -1 when absent. */
int32_t cor_netbuilder_find_node(const cor_netbuilder *b, const char *id);
cor_status cor_netbuilder_add_link(cor_netbuilder *b, const cor_link_spec *s,
                                   cor_error *err);
/* Declares node `node` to be zone `zone_id` (zone ids are strings; the zone's
 * index is its order of declaration). */
cor_status cor_netbuilder_add_zone(cor_netbuilder *b, int32_t node,
                                   const char *zone_id, cor_error *err);
void cor_netbuilder_set_no_thru(cor_netbuilder *b, int32_t node, int on);
/* Extra string columns: declare the column names once, then set values by
 * input position (links: order of add_link; nodes: node index). */
cor_status cor_netbuilder_link_extra_cols(cor_netbuilder *b, int n,
                                          const char *const *names,
                                          cor_error *err);
cor_status cor_netbuilder_link_extra_set(cor_netbuilder *b, int32_t pos,
                                         int col, const char *value,
                                         cor_error *err);
cor_status cor_netbuilder_node_extra_cols(cor_netbuilder *b, int n,
                                          const char *const *names,
                                          cor_error *err);
cor_status cor_netbuilder_node_extra_set(cor_netbuilder *b, int32_t node,
                                         int col, const char *value,
                                         cor_error *err);
int32_t cor_netbuilder_n_links(const cor_netbuilder *b);
int32_t cor_netbuilder_n_nodes(const cor_netbuilder *b);

/* Consumes b (even on failure).  On success *out is a new network owned by
 * the caller. */
cor_status cor_netbuilder_finish(cor_netbuilder *b, cor_network **out,
                                 cor_error *err);

void cor_network_destroy(cor_network *net); /* NULL is fine */

/* Dense index of a node / zone / link from its external id, or -1. O(1). */
int32_t cor_network_find_node(const cor_network *net, const char *id);
int32_t cor_network_find_zone(const cor_network *net, const char *id);
int32_t cor_network_find_link(const cor_network *net, const char *id);
/* Column index of an extra link/node column, or -1. */
int cor_network_link_col(const cor_network *net, const char *name);
int cor_network_node_col(const cor_network *net, const char *name);

/* A deep copy (scenarios edit copies). NULL on no memory. */
cor_network *cor_network_clone(const cor_network *net);

/* ---- country lists ------------------------------------------------------
 * The `country` column of link.csv (and node.csv) lists zero or more country
 * codes or names, of any number and any length, separated by any of the
 * characters of COR_COUNTRY_SEPS: ';' ',' '|' '/' '-' space or tab (so a
 * border link reads "CN-KZ" or "CN;KZ").  One parser serves the freight
 * model, exposure, criticality and scenario selectors; matching ignores
 * case. */
#define COR_COUNTRY_SEPS ";,|/- \t"
/* The next item of the list at *cursor: returns its start and sets *len, or
 * returns NULL at the end; *cursor moves past the item. */
const char *cor_country_next(const char **cursor, size_t *len);
/* 1 when `list` holds the item `code` (case-insensitive). */
int cor_country_has(const char *list, const char *code);

#ifdef __cplusplus
}
#endif
#endif
