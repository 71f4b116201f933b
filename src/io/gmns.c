/* corridor — GMNS CSV reader (node.csv, link.csv, config.csv, demand.csv).
 *
 * GMNS 0.96 as written by its own examples and by the tools that produce it
 * (Path4GMNS, DTALite, osm2gmns, spreadsheets).  docs/FORMATS.md, section
 * "GMNS", is the user-facing description of every rule applied here; keep
 * the two in step.
 *
 * Columns are matched by header name, case-insensitively, in any order.
 * Every column that is not stored in a network field is kept as an extra
 * string column (name lower-cased) so outputs can carry it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/strmap.h"
#include "corridor/io.h"
#include "corridor/vdf.h"
#include "core/notes.h"
#include "core/str.h"
#include "io/csv.h"

/* ---- small helpers ------------------------------------------------------ */

static int file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static char *lower_dup(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (!p) return NULL;
    for (size_t i = 0; i <= n; i++) {
        char ch = s[i];
        p[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
    }
    return p;
}

/* A header column: either one of the reader's known names (role >= 0) or an
 * extra string column (extra >= 0), or both (kept columns), or neither
 * (columns with an empty header name, e.g. a pandas index, are dropped). */
typedef struct hdr {
    int n_cols;
    int *role;       /* [n_cols] known-column index or -1 */
    int *extra;      /* [n_cols] extra-column index or -1 */
    int n_extra;
    char **extra_name; /* [n_extra] lower-cased, owned */
    int *extra_src;  /* [n_extra] header column of extra k */
} hdr;

static void hdr_free(hdr *h)
{
    for (int k = 0; k < h->n_extra; k++) free(h->extra_name[k]);
    free(h->extra_name);
    free(h->extra_src);
    free(h->role);
    free(h->extra);
    memset(h, 0, sizeof *h);
}

/* Most columns a header may have (the duplicate check is quadratic). */
#define MAX_COLS 4096

/* Maps the header record in c onto known[] (n_known names; idx[k] gets the
 * header column of known name k or -1).  keep[k] != 0 keeps a known column
 * as an extra too.  Checks duplicates and required columns. */
static cor_status hdr_parse(cor__csv *c, const char *const *known, const int *keep,
                            const int *required, int n_known, int *idx, hdr *h,
                            cor_error *err)
{
    memset(h, 0, sizeof *h);
    for (int k = 0; k < n_known; k++) idx[k] = -1;
    int n = c->n_fields;
    if (n > MAX_COLS)
        return cor__field_error(err, &c->t, NULL, "%d columns in the header (at most %d)", n, MAX_COLS);
    h->n_cols = n;
    h->role = malloc((size_t)n * sizeof *h->role);
    h->extra = malloc((size_t)n * sizeof *h->extra);
    h->extra_name = calloc((size_t)n, sizeof *h->extra_name);
    h->extra_src = malloc((size_t)n * sizeof *h->extra_src);
    if (!h->role || !h->extra || !h->extra_name || !h->extra_src)
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        const char *name = c->field[i];
        h->role[i] = -1;
        h->extra[i] = -1;
        if (!*name) continue;
        for (int j = 0; j < i; j++)
            if (!strcasecmp(c->field[j], name))
                return cor__field_error(err, &c->t, name, "column appears twice in the header");
        int role = -1;
        for (int k = 0; k < n_known; k++)
            if (!strcasecmp(known[k], name)) { role = k; break; }
        h->role[i] = role;
        if (role >= 0) idx[role] = i;
        if (role < 0 || keep[role]) {
            char *ln = lower_dup(name);
            if (!ln) return cor_error_set(err, COR_E_NOMEM, "out of memory");
            h->extra[i] = h->n_extra;
            h->extra_src[h->n_extra] = i;
            h->extra_name[h->n_extra++] = ln;
        }
    }
    for (int k = 0; k < n_known; k++)
        if (required[k] && idx[k] < 0) {
            /* a spreadsheet's ';'- or tab-separated export reads as one column */
            const char *sep = n == 1 ? strpbrk(c->field[0], ";\t") : NULL;
            return cor__field_error(err, &c->t, known[k], "required column missing from the header%s",
                                    sep ? (*sep == ';' ? " (the file looks ';'-separated: GMNS files use commas)"
                                                       : " (the file looks tab-separated: GMNS files use commas)")
                                        : "");
        }
    return COR_OK;
}

/* A record may be shorter than the header (missing trailing fields are
 * empty) but not longer, unless the surplus fields are empty. */
static cor_status check_width(const cor__csv *c, const hdr *h, cor_error *err)
{
    for (int i = h->n_cols; i < c->n_fields; i++)
        if (c->field[i][0])
            return cor__field_error(err, &c->t, NULL, "%d fields but the header has %d columns",
                                    c->n_fields, h->n_cols);
    return COR_OK;
}

/* Optional number: empty = absent (*has = 0); otherwise a finite number,
 * non-negative when nonneg.  `name` is the header name for messages. */
static cor_status opt_num(const cor__csv *c, int col, const char *name, int nonneg,
                          double *v, int *has, cor_error *err)
{
    *has = 0;
    if (col < 0) return COR_OK;
    const char *s = cor__csv_get(c, col);
    if (!*s) return COR_OK;
    if (cor__parse_number(s, v))
        return cor__field_error(err, &c->t, name, "not a finite number: '%s'", s);
    if (nonneg && *v < 0) return cor__field_error(err, &c->t, name, "negative (%g)", *v);
    *has = 1;
    return COR_OK;
}

/* ---- config.csv: units ---------------------------------------------------- */

typedef struct units {
    double len_km;   /* km per long_length unit, 0 = not given */
    double spd_kmh;  /* km/h per speed unit, 0 = not given */
} units;

/* km per unit of a long_length name, 0 when unknown. */
static double length_unit(const char *u)
{
    static const struct { const char *name; double km; } LEN[] = {
        {"km", 1}, {"kilometer", 1}, {"kilometers", 1}, {"kilometre", 1}, {"kilometres", 1},
        {"m", 0.001}, {"meter", 0.001}, {"meters", 0.001}, {"metre", 0.001}, {"metres", 0.001},
        {"mi", 1.609344}, {"mile", 1.609344}, {"miles", 1.609344},
        {"ft", 0.0003048}, {"foot", 0.0003048}, {"feet", 0.0003048},
        {"nmi", 1.852}, {"nm", 1.852}, {"nautical_mile", 1.852}, {"nautical mile", 1.852},
        {"nautical_miles", 1.852}, {"nautical miles", 1.852}};
    for (size_t i = 0; i < sizeof LEN / sizeof LEN[0]; i++)
        if (!strcasecmp(LEN[i].name, u)) return LEN[i].km;
    return 0;
}

/* km/h per unit of a speed name and the length unit it implies (km), 0 when
 * unknown. */
static double speed_unit(const char *u, double *len_km)
{
    static const struct { const char *name; double kmh, km; } SPD[] = {
        {"kph", 1, 1}, {"kmh", 1, 1}, {"km/h", 1, 1}, {"kmph", 1, 1}, {"km/hr", 1, 1},
        {"mph", 1.609344, 1.609344}, {"mi/h", 1.609344, 1.609344},
        {"m/s", 3.6, 0.001}, {"mps", 3.6, 0.001},
        {"ft/s", 1.09728, 0.0003048}, {"fps", 1.09728, 0.0003048},
        {"knot", 1.852, 1.852}, {"knots", 1.852, 1.852}, {"kn", 1.852, 1.852}, {"kt", 1.852, 1.852},
        {"kts", 1.852, 1.852}};
    for (size_t i = 0; i < sizeof SPD / sizeof SPD[0]; i++)
        if (!strcasecmp(SPD[i].name, u)) { *len_km = SPD[i].km; return SPD[i].kmh; }
    return 0;
}

static cor_status read_config(const char *path, units *un, cor_error *err)
{
    memset(un, 0, sizeof *un);
    cor__csv c;
    cor_status st = cor__csv_open(&c, path, err);
    if (st) return st;
    int r = cor__csv_next(&c, err);
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto done; }
    if (r == 0) goto done; /* empty config: no units */
    int il = -1, is = -1;
    for (int i = 0; i < c.n_fields; i++) {
        if (!strcasecmp(c.field[i], "long_length")) il = i;
        else if (!strcasecmp(c.field[i], "speed")) is = i;
    }
    r = cor__csv_next(&c, err);
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto done; }
    if (r == 0) goto done; /* header only */
    const char *ul = cor__csv_get(&c, il), *us = cor__csv_get(&c, is);
    if (*ul && !(un->len_km = length_unit(ul))) {
        st = cor__field_error(err, &c.t, "long_length",
                              "unknown length unit '%s' (known: km, m, mi, ft, nmi and their spellings)", ul);
        goto done;
    }
    double implied = 0;
    if (*us && !(un->spd_kmh = speed_unit(us, &implied))) {
        st = cor__field_error(err, &c.t, "speed",
                              "unknown speed unit '%s' (known: km/h, kph, mph, m/s, ft/s, knots)", us);
        goto done;
    }
    /* GMNS: speed is "usually long_length units per hour"; a speed unit
     * alone implies its length unit (mph: miles, m/s: metres) */
    if (un->len_km && !un->spd_kmh) un->spd_kmh = un->len_km;
    if (un->spd_kmh && !un->len_km) un->len_km = implied;
done:
    cor__csv_close(&c);
    return st;
}

/* ---- owned strings (generated ids) -------------------------------------- */

typedef struct strlist {
    char **s;
    size_t n, cap;
} strlist;

static void strlist_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->s[i]);
    free(l->s);
    memset(l, 0, sizeof *l);
}

/* Takes ownership of s (freed on failure too); returns s or NULL. */
static char *strlist_push(strlist *l, char *s)
{
    if (!s) return NULL;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 256;
        char **q = realloc(l->s, nc * sizeof *q);
        if (!q) { free(s); return NULL; }
        l->s = q;
        l->cap = nc;
    }
    return l->s[l->n++] = s;
}

/* base (malloc'd, taken) made unique among ids: when taken, "2", "3", ... is
 * appended.  The result is owned by `own` and entered into `ids` (value -1),
 * so later generated ids avoid it too.  NULL on no memory. */
static char *unique_id(char *base, cor__strmap *ids, strlist *own)
{
    if (!base) return NULL;
    size_t n = strlen(base);
    char *s = realloc(base, n + 24);
    if (!s) { free(base); return NULL; }
    for (long k = 2; cor__strmap_get(ids, s) >= 0; k++) snprintf(s + n, 24, "%ld", k);
    if (!strlist_push(own, s)) return NULL;
    if (cor__strmap_put(ids, s, -1) < 0) return NULL;
    return s;
}

/* ---- node.csv ------------------------------------------------------------- */

enum { N_ID, N_X, N_Y, N_ZONE, N_TYPE, N_KNOWN };
static const char *const NODE_COLS[N_KNOWN] = {"node_id", "x_coord", "y_coord", "zone_id", "node_type"};
static const int NODE_KEEP[N_KNOWN] = {0, 0, 0, 1, 1};
static const int NODE_REQ[N_KNOWN] = {1, 0, 0, 0, 0};

/* Zones found in node.csv, in first-seen order, and the file's node ids. */
typedef struct zones {
    cor__strmap map;    /* zone id -> index; keys point into the node buffer */
    int32_t n, cap;
    const char **id;    /* [n] */
    int32_t *first;     /* [n] first node carrying the zone */
    int32_t *count;     /* [n] nodes carrying it */
    int32_t *centroid;  /* [n] node that carries the zone in the network */
    int32_t n_nodes, cap_nodes;
    int32_t *node_zone; /* [n_nodes] zone index or -1 */
    const char **node_id; /* [n_nodes] ids, pointing into the node buffer */
    double *x, *y;      /* [n_nodes] coordinates */
} zones;

static void zones_free(zones *z)
{
    free(z->id);
    free(z->first);
    free(z->count);
    free(z->centroid);
    free(z->node_zone);
    free(z->node_id);
    free(z->x);
    free(z->y);
    cor__strmap_free(&z->map);
    memset(z, 0, sizeof *z);
}

static int32_t zones_add(zones *z, const char *id, int32_t node)
{
    int32_t k = cor__strmap_get(&z->map, id);
    if (k >= 0) { z->count[k]++; return k; }
    if (z->n == z->cap) {
        int32_t nc = z->cap ? z->cap * 2 : 64;
        const char **a = realloc(z->id, (size_t)nc * sizeof *a);
        if (!a) return -1;
        z->id = a;
        int32_t *f = realloc(z->first, (size_t)nc * sizeof *f);
        if (!f) return -1;
        z->first = f;
        int32_t *cnt = realloc(z->count, (size_t)nc * sizeof *cnt);
        if (!cnt) return -1;
        z->count = cnt;
        z->cap = nc;
    }
    if (cor__strmap_put(&z->map, id, z->n) < 0) return -1;
    z->id[z->n] = id;
    z->first[z->n] = node;
    z->count[z->n] = 1;
    return z->n++;
}

static int zones_node(zones *z, int32_t u, const char *id, int32_t zone, double x, double y)
{
    if (u >= z->cap_nodes) {
        int32_t nc = z->cap_nodes ? z->cap_nodes * 2 : 1024;
        int32_t *q = realloc(z->node_zone, (size_t)nc * sizeof *q);
        if (!q) return -1;
        z->node_zone = q;
        const char **r = realloc(z->node_id, (size_t)nc * sizeof *r);
        if (!r) return -1;
        z->node_id = r;
        double *qx = realloc(z->x, (size_t)nc * sizeof *qx);
        if (!qx) return -1;
        z->x = qx;
        double *qy = realloc(z->y, (size_t)nc * sizeof *qy);
        if (!qy) return -1;
        z->y = qy;
        z->cap_nodes = nc;
    }
    z->node_zone[u] = zone;
    z->node_id[u] = id;
    z->x[u] = x;
    z->y[u] = y;
    z->n_nodes = u + 1;
    return 0;
}

/* Reads node.csv through c (left open: zones keep pointers into it). */
static cor_status read_nodes(cor__csv *c, const char *path, cor_netbuilder *b, zones *zs,
                             cor_error *err)
{
    cor_status st = cor__csv_open(c, path, err);
    if (st) return st;
    hdr h = {0};
    int idx[N_KNOWN];
    int r = cor__csv_next(c, err);
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto done; }
    if (r == 0) { st = cor_error_set(err, COR_E_INPUT, "%s: empty file (no header)", path); goto done; }
    if ((st = hdr_parse(c, NODE_COLS, NODE_KEEP, NODE_REQ, N_KNOWN, idx, &h, err))) goto done;
    const char *name_id = c->field[idx[N_ID]];
    const char *name_x = idx[N_X] >= 0 ? c->field[idx[N_X]] : NODE_COLS[N_X];
    const char *name_y = idx[N_Y] >= 0 ? c->field[idx[N_Y]] : NODE_COLS[N_Y];
    if (h.n_extra &&
        (st = cor_netbuilder_node_extra_cols(b, h.n_extra, (const char *const *)h.extra_name, err)))
        goto done;
    while ((r = cor__csv_next(c, err)) > 0) {
        if ((st = check_width(c, &h, err))) goto done;
        const char *id = cor__csv_get(c, idx[N_ID]);
        if (!*id) { st = cor__field_error(err, &c->t, name_id, "empty node id"); goto done; }
        if (cor_netbuilder_find_node(b, id) >= 0) {
            st = cor__field_error(err, &c->t, name_id, "duplicate node id '%s'", id);
            goto done;
        }
        double x, y;
        int has;
        if ((st = opt_num(c, idx[N_X], name_x, 0, &x, &has, err))) goto done;
        if (!has) x = NAN;
        if ((st = opt_num(c, idx[N_Y], name_y, 0, &y, &has, err))) goto done;
        if (!has) y = NAN;
        /* derived positions (zone centroids, map projections) stay finite */
        if (fabs(x) > COR_COORD_MAX || fabs(y) > COR_COORD_MAX) {
            int bx = fabs(x) > COR_COORD_MAX;
            st = cor__field_error(err, &c->t, bx ? name_x : name_y, "%s is out of range (|coordinate| <= %g: "
                                  "centroids and map positions derived from it would overflow)",
                                  cor__csv_get(c, idx[bx ? N_X : N_Y]), COR_COORD_MAX);
            goto done;
        }
        if (cor_netbuilder_n_nodes(b) >= INT32_MAX / 4) {
            st = cor__field_error(err, &c->t, NULL, "too many nodes");
            goto done;
        }
        int32_t u = cor_netbuilder_add_node(b, id, x, y, err);
        if (u < 0) { st = err ? err->code : COR_E_NOMEM; goto done; }
        if (!strcasecmp(cor__csv_get(c, idx[N_TYPE]), "centroid")) cor_netbuilder_set_no_thru(b, u, 1);
        const char *zid = cor__csv_get(c, idx[N_ZONE]);
        int32_t z = -1;
        if (*zid && (z = zones_add(zs, zid, u)) < 0) {
            st = cor_error_set(err, COR_E_NOMEM, "out of memory");
            goto done;
        }
        if (zones_node(zs, u, id, z, x, y)) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
        for (int k = 0; k < h.n_extra; k++) {
            const char *v = cor__csv_get(c, h.extra_src[k]);
            if (*v && (st = cor_netbuilder_node_extra_set(b, u, k, v, err))) goto done;
        }
    }
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto done; }
    if (cor_netbuilder_n_nodes(b) == 0)
        st = cor_error_set(err, COR_E_INPUT, "%s: no node rows (header only)", path);
done:
    hdr_free(&h);
    return st;
}

/* Declares the zones.  A zone on one node is that node.  A zone shared by
 * several nodes gets a centroid node "c_<zone_id>" (the Path4GMNS naming)
 * at the mean of their coordinates, closed to through traffic and joined to
 * each of them by a pair of connectors (add_connectors). */
static cor_status declare_zones(const char *node_path, cor_netbuilder *b, zones *zs,
                                cor_error *err)
{
    size_t nz = (size_t)(zs->n > 0 ? zs->n : 1);
    zs->centroid = malloc(nz * sizeof *zs->centroid);
    double *sx = calloc(nz, sizeof *sx), *sy = calloc(nz, sizeof *sy);
    long *k = calloc(nz, sizeof *k);
    cor_status st = COR_OK;
    if (!zs->centroid || !sx || !sy || !k) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    for (int32_t u = 0; u < zs->n_nodes; u++) {
        int32_t z = zs->node_zone[u];
        if (z >= 0 && isfinite(zs->x[u]) && isfinite(zs->y[u])) {
            sx[z] += zs->x[u];
            sy[z] += zs->y[u];
            k[z]++;
        }
    }
    for (int32_t z = 0; z < zs->n; z++) {
        int32_t node = zs->first[z];
        if (zs->count[z] > 1) {
            char *cid = cor__concat("c_", zs->id[z], (char *)NULL);
            if (!cid) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
            if (cor_netbuilder_find_node(b, cid) >= 0) {
                st = cor_error_set(err, COR_E_INPUT,
                    "%s: zone '%s' is on %ld nodes and needs a centroid node '%s', but that node id is taken",
                    node_path, zs->id[z], (long)zs->count[z], cid);
                free(cid);
                goto done;
            }
            node = cor_netbuilder_add_node(b, cid, k[z] ? sx[z] / (double)k[z] : NAN,
                                           k[z] ? sy[z] / (double)k[z] : NAN, err);
            free(cid);
            if (node < 0) { st = err ? err->code : COR_E_NOMEM; goto done; }
            cor_netbuilder_set_no_thru(b, node, 1);
        }
        zs->centroid[z] = node;
        if ((st = cor_netbuilder_add_zone(b, node, zs->id[z], err))) goto done;
    }
done:
    free(sx);
    free(sy);
    free(k);
    return st;
}

/* ---- link.csv ------------------------------------------------------------- */

enum {
    L_ID, L_FROM, L_TO, L_DIRECTED, L_DIRFLAG, L_LENGTH, L_SPEED, L_CAP, L_LANES,
    L_TOLL, L_TYPE, L_FFT, L_ALPHA, L_BETA, L_VFFT, L_VALPHA, L_VBETA, L_VCAP,
    L_VDF, L_TSD, L_HEADWAY, L_CAPUNIT, L_KNOWN
};
static const char *const LINK_COLS[L_KNOWN] = {
    "link_id", "from_node_id", "to_node_id", "directed", "dir_flag", "length",
    "free_speed", "capacity", "lanes", "toll", "link_type", "free_flow_time",
    "vdf_alpha", "vdf_beta", "VDF_fftt1", "VDF_alpha1", "VDF_beta1", "VDF_cap1",
    "vdf", "time_sd_h", "headway_h", "capacity_unit"};
/* also kept as extra columns: structural, or not stored in a network field
 * (time_sd_h, headway_h and capacity_unit are checked here, where the line
 * is known, and used from the extra columns by the models) */
static const int LINK_KEEP[L_KNOWN] = {0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                       1, 1, 1, 1};
static const int LINK_REQ[L_KNOWN] = {0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                      0, 0, 0, 0};

enum { DIR_FWD = 1, DIR_BOTH = 0, DIR_REV = -1, DIR_SKIP = 2 /* a self-loop */ };

static int parse_bool(const char *s, int *out)
{
    static const char *const T[] = {"1", "true", "t", "yes", "y"};
    static const char *const F[] = {"0", "false", "f", "no", "n"};
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        if (!strcasecmp(s, T[i])) { *out = 1; return 0; }
        if (!strcasecmp(s, F[i])) { *out = 0; return 0; }
    }
    return -1;
}

typedef struct linkrow {
    char *rec;
    int32_t n_fields;
    long line;
    const char *id;
} linkrow;

typedef struct linkctx {
    cor__csv c;
    hdr h;
    int idx[L_KNOWN];
    const char *name[L_KNOWN]; /* header name as written, or the canonical one */
    double len_per_speed;      /* km per long_length unit / km/h per speed unit */
    const char *last[2];       /* last from_node_id / to_node_id, and nodes */
    int32_t last_node[2];
    long loops, loop_line;     /* self-loops skipped, the first one's line and node */
    char *loop_node;
} linkctx;

/* Parses the current record into a link spec (ids aside) and a direction. */
static cor_status parse_link(linkctx *lc, cor_netbuilder *b, cor_link_spec *s, int *dir,
                             cor_error *err)
{
    cor__csv *c = &lc->c;
    const int *idx = lc->idx;
    const char *const *nm = lc->name;
    cor_status st;
    memset(s, 0, sizeof *s);
    for (int k = 0; k < 2; k++) {
        int col = k ? L_TO : L_FROM;
        const char *v = cor__csv_get(c, idx[col]);
        if (!*v) return cor__field_error(err, &c->t, nm[col], "empty node id");
        int32_t u;
        /* files are often sorted by from_node_id, or chain links along a
         * way (this from = last to): remember the last two ends */
        if (lc->last[0] && !strcmp(v, lc->last[0])) u = lc->last_node[0];
        else if (lc->last[1] && !strcmp(v, lc->last[1])) u = lc->last_node[1];
        else if ((u = cor_netbuilder_find_node(b, v)) < 0)
            return cor__field_error(err, &c->t, nm[col], "unknown node '%s' (not in node.csv)", v);
        if (k) s->to = u;
        else s->from = u;
        lc->last[k] = v;
        lc->last_node[k] = u;
    }
    if (s->from == s->to) { /* carries no flow at equilibrium: skipped, counted in net->notes */
        if (!lc->loops++) {
            lc->loop_line = c->t.line;
            if (!(lc->loop_node = cor__strdup(cor__csv_get(c, idx[L_FROM])))) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        }
        *dir = DIR_SKIP;
        return COR_OK;
    }
    *dir = DIR_FWD;
    if (idx[L_DIRECTED] >= 0) {
        const char *v = cor__csv_get(c, idx[L_DIRECTED]);
        int d = 1;
        if (*v && parse_bool(v, &d))
            return cor__field_error(err, &c->t, nm[L_DIRECTED], "not a boolean: '%s' (true/false, 1/0)", v);
        *dir = d ? DIR_FWD : DIR_BOTH;
    } else if (idx[L_DIRFLAG] >= 0) {
        const char *v = cor__csv_get(c, idx[L_DIRFLAG]);
        long f = 1;
        if (*v && (cor__parse_long(v, &f) || f < -1 || f > 1))
            return cor__field_error(err, &c->t, nm[L_DIRFLAG], "not 1, 0 or -1: '%s'", v);
        *dir = (int)f;
    }
    double len, spd, cap, lanes, toll, type, v, fft = 0, alpha = 0.15, beta = 4;
    int h_len, h_spd, h_cap, h_lanes, h_toll, h_type, has, h_fft = 0;
    if ((st = opt_num(c, idx[L_LENGTH], nm[L_LENGTH], 1, &len, &h_len, err))) return st;
    if ((st = opt_num(c, idx[L_SPEED], nm[L_SPEED], 1, &spd, &h_spd, err))) return st;
    if ((st = opt_num(c, idx[L_CAP], nm[L_CAP], 1, &cap, &h_cap, err))) return st;
    if ((st = opt_num(c, idx[L_LANES], nm[L_LANES], 1, &lanes, &h_lanes, err))) return st;
    if ((st = opt_num(c, idx[L_TOLL], nm[L_TOLL], 1, &toll, &h_toll, err))) return st;
    if ((st = opt_num(c, idx[L_TYPE], nm[L_TYPE], 0, &type, &h_type, err))) return st;
    if (h_type && (type != floor(type) || fabs(type) > 1e9))
        return cor__field_error(err, &c->t, nm[L_TYPE], "not an integer: '%s'", cor__csv_get(c, idx[L_TYPE]));
    /* capacity: VDF_cap1 (the link's total) first, else capacity x lanes */
    const char *cap_name = nm[L_CAP];
    if ((st = opt_num(c, idx[L_VCAP], nm[L_VCAP], 1, &v, &has, err))) return st;
    if (has) { cap = v; h_cap = 1; cap_name = nm[L_VCAP]; }
    else if (h_cap && h_lanes) {
        cap *= lanes;
        if (!isfinite(cap))
            return cor__field_error(err, &c->t, nm[L_LANES], "capacity %s x lanes %s overflows",
                                    cor__csv_get(c, idx[L_CAP]), cor__csv_get(c, idx[L_LANES]));
    }
    /* free-flow time: VDF_fftt1, else free_flow_time, else length/free_speed */
    if ((st = opt_num(c, idx[L_VFFT], nm[L_VFFT], 1, &v, &has, err))) return st;
    if (has) { fft = v; h_fft = 1; }
    else {
        if ((st = opt_num(c, idx[L_FFT], nm[L_FFT], 1, &v, &has, err))) return st;
        if (has) { fft = v; h_fft = 1; }
    }
    if (!h_fft) {
        if (h_len && len == 0) fft = 0;
        else if (h_len && h_spd && spd > 0) fft = 60.0 * len * lc->len_per_speed / spd;
        else if (h_len && h_spd)
            return cor__field_error(err, &c->t, nm[L_SPEED],
                                    "zero: no free-flow time for a link of length %g", len);
        else
            return cor__field_error(err, &c->t, h_len ? nm[L_SPEED] : nm[L_LENGTH],
                                    "empty or missing: a link needs free_flow_time (or VDF_fftt1), or length and free_speed");
        if (!isfinite(fft))
            return cor__field_error(err, &c->t, nm[L_SPEED], "length / free_speed overflows");
    }
    if ((st = opt_num(c, idx[L_VALPHA], nm[L_VALPHA], 1, &v, &has, err))) return st;
    if (!has && (st = opt_num(c, idx[L_ALPHA], nm[L_ALPHA], 1, &v, &has, err))) return st;
    if (has) alpha = v;
    /* any finite power >= 0 (issue #13 item 12; vdf.h evaluates it safely) */
    int h_valpha = has;
    if ((st = opt_num(c, idx[L_VBETA], nm[L_VBETA], 1, &v, &has, err))) return st;
    if (!has && (st = opt_num(c, idx[L_BETA], nm[L_BETA], 1, &v, &has, err))) return st;
    if (has) beta = v;
    int h_vbeta = has;
    cor_vdf_kind kind = COR_VDF_BPR;
    const char *vs = idx[L_VDF] >= 0 ? cor__csv_get(c, idx[L_VDF]) : "";
    if (*vs) {
        cor_vdf_kind k;
        if (cor_vdf_parse(vs, &k))
            return cor__field_error(err, &c->t, nm[L_VDF], "unknown volume-delay function '%s' (bpr, constant, akcelik, queue)", vs);
        kind = k;
    }
    for (int q = L_TSD; q <= L_HEADWAY; q++)
        if ((st = opt_num(c, idx[q], nm[q], 1, &v, &has, err))) return st;
    const char *us = idx[L_CAPUNIT] >= 0 ? cor__csv_get(c, idx[L_CAPUNIT]) : "";
    cor_cap_unit cu;
    if (*us && cor_cap_unit_parse(us, &cu))
        return cor__field_error(err, &c->t, nm[L_CAPUNIT], "unknown capacity unit '%s' (t/yr, TEU/yr, wagons/yr, sailings/week)", us);
    if (kind == COR_VDF_AKCELIK || kind == COR_VDF_QUEUE) {
        /* no BPR defaults for the queueing functions: both parameters given */
        if (!h_valpha || !h_vbeta)
            return cor__field_error(err, &c->t, !h_valpha ? nm[L_ALPHA] : nm[L_BETA],
                                    "empty: vdf %s needs vdf_alpha and vdf_beta (docs/FORMATS.md)", cor_vdf_name(kind));
        const char *why = cor_vdf_check(kind, h_cap ? cap : 0, alpha, beta);
        if (why) return cor__field_error(err, &c->t, nm[L_VDF], "%s", why);
    } else if (kind == COR_VDF_BPR) {
        if (!h_cap || alpha == 0) kind = COR_VDF_CONSTANT;
        else if (cap == 0) {
            if (fft > 0) return cor__field_error(err, &c->t, cap_name, "zero on a BPR link (alpha = %g)", alpha);
            kind = COR_VDF_CONSTANT;
        }
    }
    s->capacity = h_cap ? cap : 0;
    s->length = h_len ? len : 0;
    s->fftime = fft;
    s->alpha = alpha;
    s->beta = beta;
    s->toll = h_toll ? toll : 0;
    s->speed = h_spd ? spd : 0;
    s->link_type = h_type ? (int32_t)type : 0;
    s->vdf = kind;
    return COR_OK;
}

static cor_status set_extras(cor_netbuilder *b, const linkctx *lc, int32_t pos, cor_error *err)
{
    for (int k = 0; k < lc->h.n_extra; k++) {
        const char *v = cor__csv_get(&lc->c, lc->h.extra_src[k]);
        cor_status st;
        if (*v && (st = cor_netbuilder_link_extra_set(b, pos, k, v, err))) return st;
    }
    return COR_OK;
}

static cor_status add_connectors(cor_netbuilder *b, const zones *zs, cor__strmap *ids,
                                 strlist *own, cor_error *err)
{
    for (int32_t u = 0; u < zs->n_nodes; u++) {
        int32_t z = zs->node_zone[u];
        if (z < 0 || zs->count[z] < 2) continue;
        for (int k = 0; k < 2; k++) {
            /* "c_<zone>-<node>" leaves the centroid, "<node>-c_<zone>" enters it */
            char *id = unique_id(k ? cor__concat(zs->node_id[u], "-c_", zs->id[z], (char *)NULL)
                                   : cor__concat("c_", zs->id[z], "-", zs->node_id[u], (char *)NULL), ids, own);
            if (!id) return cor_error_set(err, COR_E_NOMEM, "out of memory");
            cor_link_spec s = {.from = k ? u : zs->centroid[z], .to = k ? zs->centroid[z] : u,
                               .id = id, .vdf = COR_VDF_CONSTANT};
            cor_status st = cor_netbuilder_add_link(b, &s, err);
            if (st) return st;
        }
    }
    return COR_OK;
}

/* The self-loops read_links skipped: how many, the first one's line and node. */
typedef struct loopnote {
    long n, line;
    char *node;
} loopnote;

static cor_status read_links(const char *path, cor_netbuilder *b, const zones *zs,
                             double len_per_speed, loopnote *loops, cor_error *err)
{
    linkctx lc;
    memset(&lc, 0, sizeof lc);
    lc.len_per_speed = len_per_speed;
    cor__strmap ids;
    cor__strmap_init(&ids);
    strlist own = {0};
    linkrow *rows = NULL;
    size_t n_rows = 0, cap_rows = 0;
    cor_status st = cor__csv_open(&lc.c, path, err);
    if (st) return st;
    cor__csv *c = &lc.c;
    int r = cor__csv_next(c, err);
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto done; }
    if (r == 0) { st = cor_error_set(err, COR_E_INPUT, "%s: empty file (no header)", path); goto done; }
    if ((st = hdr_parse(c, LINK_COLS, LINK_KEEP, LINK_REQ, L_KNOWN, lc.idx, &lc.h, err))) goto done;
    for (int k = 0; k < L_KNOWN; k++) lc.name[k] = lc.idx[k] >= 0 ? c->field[lc.idx[k]] : LINK_COLS[k];
    if (lc.h.n_extra &&
        (st = cor_netbuilder_link_extra_cols(b, lc.h.n_extra, (const char *const *)lc.h.extra_name, err)))
        goto done;
    /* pass 1: records and link ids (every id must be known before reverse
     * links of undirected links are named) */
    while ((r = cor__csv_next(c, err)) > 0) {
        if ((st = check_width(c, &lc.h, err))) goto done;
        if (n_rows == cap_rows) {
            size_t nc = cap_rows ? cap_rows * 2 : 1024;
            linkrow *q = realloc(rows, nc * sizeof *q);
            if (!q) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
            rows = q;
            cap_rows = nc;
        }
        if (n_rows >= (size_t)INT32_MAX / 4) { st = cor__field_error(err, &c->t, NULL, "too many links"); goto done; }
        const char *id;
        if (lc.idx[L_ID] >= 0) {
            id = cor__csv_get(c, lc.idx[L_ID]);
            if (!*id) { st = cor__field_error(err, &c->t, lc.name[L_ID], "empty link id"); goto done; }
        } else {
            char num[24];
            snprintf(num, sizeof num, "%zu", n_rows + 1);
            if (!(id = unique_id(cor__strdup(num), &ids, &own))) {
                st = cor_error_set(err, COR_E_NOMEM, "out of memory");
                goto done;
            }
        }
        if (lc.idx[L_ID] >= 0) {
            int put = cor__strmap_put(&ids, id, (int32_t)n_rows);
            if (put < 0) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
            if (put > 0) {
                st = cor__field_error(err, &c->t, lc.name[L_ID], "duplicate link id '%s' (first on line %ld)",
                                      id, rows[cor__strmap_get(&ids, id)].line);
                goto done;
            }
        }
        rows[n_rows].rec = c->rec;
        rows[n_rows].n_fields = c->n_fields;
        rows[n_rows].line = c->t.line;
        rows[n_rows].id = id;
        n_rows++;
    }
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto done; }
    if (n_rows == 0) { st = cor_error_set(err, COR_E_INPUT, "%s: no link rows (header only)", path); goto done; }
    /* pass 2: links in file order; an undirected link is followed by its
     * reverse */
    for (size_t i = 0; i < n_rows; i++) {
        if (cor__csv_refields(c, rows[i].rec, rows[i].n_fields)) {
            st = cor_error_set(err, COR_E_NOMEM, "out of memory");
            goto done;
        }
        c->t.line = rows[i].line;
        cor_link_spec s;
        int dir = DIR_FWD;
        if ((st = parse_link(&lc, b, &s, &dir, err))) goto done;
        if (dir == DIR_SKIP) continue;
        s.line = rows[i].line;
        if (cor_netbuilder_n_links(b) >= INT32_MAX / 2) { st = cor__field_error(err, &c->t, NULL, "too many links"); goto done; }
        s.id = rows[i].id;
        if (dir == DIR_REV) {
            int32_t t = s.from;
            s.from = s.to;
            s.to = t;
        }
        int32_t pos = cor_netbuilder_n_links(b);
        if ((st = cor_netbuilder_add_link(b, &s, err))) goto done;
        if ((st = set_extras(b, &lc, pos, err))) goto done;
        if (dir == DIR_BOTH) {
            int32_t t = s.from;
            s.from = s.to;
            s.to = t;
            if (!(s.id = unique_id(cor__concat(rows[i].id, "r", (char *)NULL), &ids, &own))) {
                st = cor_error_set(err, COR_E_NOMEM, "out of memory");
                goto done;
            }
            if ((st = cor_netbuilder_add_link(b, &s, err))) goto done;
            if ((st = set_extras(b, &lc, pos + 1, err))) goto done;
        }
    }
    st = add_connectors(b, zs, &ids, &own, err);
done:
    loops->n = lc.loops;
    loops->line = lc.loop_line;
    loops->node = lc.loop_node;
    free(rows);
    cor__strmap_free(&ids);
    strlist_free(&own);
    hdr_free(&lc.h);
    cor__csv_close(&lc.c);
    return st;
}

/* ---- public --------------------------------------------------------------- */

cor_status cor_read_gmns(const char *dir, cor_network **net, cor_demand **demand,
                         cor_error *err)
{
    *net = NULL;
    if (demand) *demand = NULL;
    cor_status st = COR_OK;
    char *node_path = cor__path_join(dir, "node.csv");
    char *link_path = cor__path_join(dir, "link.csv");
    char *config_path = cor__path_join(dir, "config.csv");
    char *demand_path = cor__path_join(dir, "demand.csv");
    cor_netbuilder *b = NULL;
    loopnote loops = {0, 0, NULL};
    zones zs;
    memset(&zs, 0, sizeof zs);
    cor__strmap_init(&zs.map);
    cor__csv nodes;
    memset(&nodes, 0, sizeof nodes);
    if (!node_path || !link_path || !config_path || !demand_path) {
        st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        goto done;
    }
    if (!file_exists(link_path)) {
        /* GMNS before 0.90 called it road_link.csv */
        char *alt = cor__path_join(dir, "road_link.csv");
        if (alt && file_exists(alt)) { free(link_path); link_path = alt; }
        else free(alt);
    }
    double len_per_speed = 1.0;
    if (file_exists(config_path)) {
        units un;
        if ((st = read_config(config_path, &un, err))) goto done;
        if (un.len_km > 0) len_per_speed = un.len_km / un.spd_kmh;
    }
    if (!(b = cor_netbuilder_create())) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    if ((st = read_nodes(&nodes, node_path, b, &zs, err))) goto done;
    if ((st = declare_zones(node_path, b, &zs, err))) goto done;
    if ((st = read_links(link_path, b, &zs, len_per_speed, &loops, err))) goto done;
    st = cor_netbuilder_finish(b, net, err);
    b = NULL;
    if (!st && !((*net)->link_file = cor__strdup(link_path))) st = cor_error_set(err, COR_E_NOMEM, "out of memory");
    if (!st && loops.n)
        st = cor__network_note(*net, err, "%s:%ld: field to_node_id: equals from_node_id '%s': self-loop skipped "
                               "(%ld in all; a link from a node to itself carries no flow at equilibrium)",
                               link_path, loops.line, loops.node, loops.n);
    if (st) {
        cor_network_destroy(*net);
        *net = NULL;
        goto done;
    }
    if (demand && file_exists(demand_path) &&
        (st = cor_read_gmns_demand(demand_path, *net, demand, err))) {
        cor_network_destroy(*net);
        *net = NULL;
    }
done:
    free(loops.node);
    cor_netbuilder_destroy(b);
    zones_free(&zs);
    cor__csv_close(&nodes);
    free(node_path);
    free(link_path);
    free(config_path);
    free(demand_path);
    return st;
}

/* `value` is the volume column of Path4GMNS's own Chicago_Sketch demand.csv */
enum { D_O, D_D, D_VOL, D_CLASS, D_VALUE, D_KNOWN };
static const char *const DEM_COLS[D_KNOWN] = {"o_zone_id", "d_zone_id", "volume", "class", "value"};
static const int DEM_KEEP[D_KNOWN] = {0, 0, 0, 0, 0};
static const int DEM_REQ[D_KNOWN] = {1, 1, 0, 0, 0};

/* Most demand classes one file may declare (each is a dense zone matrix). */
#define MAX_CLASSES 256
/* Most memory the dense demand matrices may take (8 GiB): beyond it a
 * clear error beats the out-of-memory killer. */
#define MAX_DEMAND_BYTES 8589934592.0

cor_status cor_read_gmns_demand(const char *path, const cor_network *net, cor_demand **out,
                                cor_error *err)
{
    *out = NULL;
    cor__csv c;
    cor_status st = cor__csv_open(&c, path, err);
    if (st) return st;
    hdr h = {0};
    int idx[D_KNOWN];
    cor_demand *d = NULL;
    long rows = 0;
    int r = cor__csv_next(&c, err);
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto fail; }
    if (r == 0) { st = cor_error_set(err, COR_E_INPUT, "%s: empty file (no header)", path); goto fail; }
    if ((st = hdr_parse(&c, DEM_COLS, DEM_KEEP, DEM_REQ, D_KNOWN, idx, &h, err))) goto fail;
    if (idx[D_VOL] < 0) idx[D_VOL] = idx[D_VALUE];
    if (idx[D_VOL] < 0) {
        st = cor__field_error(err, &c.t, "volume", "required column missing from the header (or 'value')");
        goto fail;
    }
    const char *name[D_KNOWN];
    for (int k = 0; k < D_KNOWN; k++) name[k] = idx[k] >= 0 ? c.field[idx[k]] : DEM_COLS[k];
    if (!(d = cor_demand_create(net->n_zones, 0, NULL))) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    size_t nz = (size_t)net->n_zones;
    int last_class = -1;
    const char *last_name = NULL;
    while ((r = cor__csv_next(&c, err)) > 0) {
        if ((st = check_width(&c, &h, err))) goto fail;
        int32_t z[2];
        for (int k = 0; k < 2; k++) {
            const char *v = cor__csv_get(&c, idx[k]);
            if (!*v) { st = cor__field_error(err, &c.t, name[k], "empty zone id"); goto fail; }
            z[k] = cor_network_find_zone(net, v);
            if (z[k] < 0) {
                st = cor__field_error(err, &c.t, name[k], "unknown zone '%s'%s", v,
                                      net->n_zones ? "" : " (the network has no zones: give nodes a zone_id)");
                goto fail;
            }
        }
        const char *vs = cor__csv_get(&c, idx[D_VOL]);
        double v;
        if (!*vs) { st = cor__field_error(err, &c.t, name[D_VOL], "empty"); goto fail; }
        if (cor__parse_double(vs, &v)) { st = cor__field_error(err, &c.t, name[D_VOL], "not a finite number: '%s'", vs); goto fail; }
        if (v < 0) { st = cor__field_error(err, &c.t, name[D_VOL], "negative (%g)", v); goto fail; }
        const char *cls = cor__csv_get(&c, idx[D_CLASS]);
        if (!*cls) cls = "all";
        int ci = (last_name && !strcmp(last_name, cls)) ? last_class : cor_demand_find_class(d, cls);
        if (ci < 0) {
            if (nz && (double)nz * (double)nz * sizeof(double) * (double)(d->n_classes + 1) > MAX_DEMAND_BYTES) {
                st = cor__field_error(err, &c.t, name[D_CLASS],
                                      "class '%s': %d dense %zu x %zu demand matrices would need %.1f GiB", cls,
                                      d->n_classes + 1, nz, nz,
                                      (double)nz * (double)nz * sizeof(double) * (d->n_classes + 1) / 1073741824.0);
                goto fail;
            }
            if (d->n_classes >= MAX_CLASSES) {
                st = cor__field_error(err, &c.t, name[D_CLASS], "more than %d demand classes", MAX_CLASSES);
                goto fail;
            }
            if (!strcasecmp(cls, "change")) {
                st = cor__field_error(err, &c.t, name[D_CLASS], "class 'change': %s", cor__class_name_reserved(cls));
                goto fail;
            }
            for (int k = 0; k < d->n_classes; k++)
                if (!strcasecmp(d->class_name[k], cls)) {
                    st = cor__field_error(err, &c.t, name[D_CLASS], "class '%s' differs from class '%s' only in case "
                                          "(their output columns volume_/flow_ would be one)", cls, d->class_name[k]);
                    goto fail;
                }
            if ((ci = cor_demand_add_class(d, cls)) < 0) {
                st = cor_error_set(err, COR_E_NOMEM, "%s: out of memory for demand class '%s'", path, cls);
                goto fail;
            }
        }
        last_class = ci;
        last_name = d->class_name[ci];
        double *cell = &d->od[((size_t)ci * nz + (size_t)z[0]) * nz + (size_t)z[1]];
        if (!isfinite(*cell + v)) {
            st = cor__field_error(err, &c.t, name[D_VOL], "the sum of repeated rows for this OD pair overflows");
            goto fail;
        }
        *cell += v;
        rows++;
    }
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto fail; }
    if (rows == 0) { st = cor_error_set(err, COR_E_INPUT, "%s: no demand rows (header only)", path); goto fail; }
    if (!isfinite(cor_demand_total(d, -1))) { st = cor_error_set(err, COR_E_INPUT, "%s: total demand is not a finite number", path); goto fail; }
    hdr_free(&h);
    cor__csv_close(&c);
    *out = d;
    return COR_OK;
fail:
    hdr_free(&h);
    cor_demand_destroy(d);
    cor__csv_close(&c);
    return st ? st : COR_E_INPUT;
}
