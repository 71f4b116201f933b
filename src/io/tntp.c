/* corridor — TNTP readers (_net, _trips, _node, _flow).
 *
 * Format as published by the Transportation Networks for Research repository:
 * metadata lines "<TAG> value" up to "<END OF METADATA>", "~" starts a comment
 * (whole line or trailing), fields separated by tabs or spaces, rows ended by an
 * optional ";".  Node ids are 1..<NUMBER OF NODES>; zones are nodes
 * 1..<NUMBER OF ZONES>; nodes numbered below <FIRST THRU NODE> carry no
 * through traffic.  A header far larger than the file (a subnetwork keeping
 * its original numbers) is read sparsely; self-loops are skipped and
 * counted in net->notes.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "corridor/demand.h"
#include "corridor/io.h"
#include "core/notes.h"
#include "core/str.h"
#include "io/textfile.h"

#define MAX_TOK 32

/* Cuts a "~" comment, turns ";" (and ":" when colon) into blanks and splits on
 * white space.  Returns the token count (at most max). */
/* Separators: C-locale white space and ';', plus ':' in table 1. */
#define TNTP_SEPS ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1, [';'] = 1
static const unsigned char SEP[2][256] = {{TNTP_SEPS}, {TNTP_SEPS, [':'] = 1}};

static int split(char *s, char **tok, int max, int colon)
{
    const unsigned char *sep = SEP[colon != 0];
    char *c = strchr(s, '~');
    if (c) *c = '\0';
    int n = 0;
    for (unsigned char *p = (unsigned char *)s; *p;) {
        while (sep[*p]) *p++ = '\0';
        if (!*p) break;
        if (n < max) tok[n] = (char *)p;
        n++;
        while (*p && !sep[*p]) p++;
    }
    return n;
}

static int is_blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s) && *s != ';') return *s == '~';
    return 1;
}

typedef struct meta {
    long nodes, links, zones, ftn;
    int has_nodes, has_links, has_zones, has_ftn;
    double total_flow;
} meta;

/* Parses one "<TAG> value" line into m.  Returns 1 if END OF METADATA. */
static cor_status parse_meta(cor__text *t, char *s, meta *m, int *end, cor_error *err)
{
    *end = 0;
    char *close = strchr(s, '>');
    if (!close) return cor__field_error(err, t, NULL, "metadata tag without '>'");
    *close = '\0';
    char *tag = s + 1;
    char *val = close + 1;
    char *c = strchr(val, '~');
    if (c) *c = '\0';
    while (isspace((unsigned char)*val)) val++;
    char *e = val + strlen(val);
    while (e > val && isspace((unsigned char)e[-1])) *--e = '\0';
    long *dst = NULL;
    int *has = NULL;
    if (!strcasecmp(tag, "END OF METADATA")) { *end = 1; return COR_OK; }
    if (!strcasecmp(tag, "NUMBER OF NODES")) { dst = &m->nodes; has = &m->has_nodes; }
    else if (!strcasecmp(tag, "NUMBER OF LINKS")) { dst = &m->links; has = &m->has_links; }
    else if (!strcasecmp(tag, "NUMBER OF ZONES")) { dst = &m->zones; has = &m->has_zones; }
    else if (!strcasecmp(tag, "FIRST THRU NODE")) { dst = &m->ftn; has = &m->has_ftn; }
    else if (!strcasecmp(tag, "TOTAL OD FLOW")) {
        double v;
        if (cor__parse_number(val, &v)) return cor__field_error(err, t, tag, "not a number: '%s'", val);
        m->total_flow = v;
        return COR_OK;
    } else return COR_OK; /* other tags are informational */
    long v;
    if (cor__parse_long(val, &v) || v < 0)
        return cor__field_error(err, t, tag, "not a non-negative integer: '%s'", val);
    *dst = v;
    *has = 1;
    return COR_OK;
}

/* Reads metadata; leaves the text positioned at the first data line, which is
 * returned in *first (NULL at end of file). */
static cor_status read_meta(cor__text *t, meta *m, char **first, cor_error *err)
{
    memset(m, 0, sizeof *m);
    m->ftn = 1;
    cor_status st;
    char *s;
    while ((s = cor__text_next(t, err, &st))) {
        char *p = s;
        while (isspace((unsigned char)*p)) p++;
        if (*p == '<') {
            int end;
            if ((st = parse_meta(t, p, m, &end, err))) return st;
            if (end) break;
            continue;
        }
        if (is_blank(p)) continue;
        *first = s; /* data began without END OF METADATA */
        return COR_OK;
    }
    if (st) return st;
    /* after END OF METADATA: find the first non-blank, non-comment line */
    while ((s = cor__text_next(t, err, &st))) {
        if (!is_blank(s)) { *first = s; return COR_OK; }
    }
    *first = NULL;
    return st;
}

static const char *const NET_FIELDS[10] = {"init_node", "term_node", "capacity", "length",
                                           "free_flow_time", "b", "power", "speed",
                                           "toll", "link_type"};

cor_status cor_read_tntp_net(const char *path, cor_network **out, cor_error *err)
{
    *out = NULL;
    cor__text t;
    cor_status st = cor__text_open(&t, path, err);
    if (st) return st;
    cor_netbuilder *b = NULL;
    meta m;
    char *s = NULL;
    if (t.len - t.pos == 0) { st = cor_error_set(err, COR_E_INPUT, "%s:1: empty file", path); goto fail; }
    if ((st = read_meta(&t, &m, &s, err))) goto fail;
    if (!m.has_nodes) { st = cor_error_set(err, COR_E_INPUT, "%s: missing <NUMBER OF NODES>", path); goto fail; }
    if (!m.has_links) { st = cor_error_set(err, COR_E_INPUT, "%s: missing <NUMBER OF LINKS>", path); goto fail; }
    if (!m.has_zones) m.zones = 0;
    if (m.zones > m.nodes) {
        st = cor_error_set(err, COR_E_INPUT, "%s: <NUMBER OF ZONES> %ld exceeds <NUMBER OF NODES> %ld", path, m.zones, m.nodes);
        goto fail;
    }
    if (!s) { st = cor_error_set(err, COR_E_INPUT, "%s: no link rows (empty or truncated file)", path); goto fail; }
    /* Header sizes are checked against the data, never trusted for allocation:
     * a network cannot have more nodes than its link rows (at least 16 bytes
     * each) can touch; zones are nodes, so they are bounded too (a trips file
     * allocates zones^2 cells). */
    long max_nodes_plausible = 2 * (long)(t.len / 8) + 16;
    /* A subnetwork that keeps its original numbers (<NUMBER OF NODES> 5000,
     * a handful of nodes) is read sparsely: the zones 1..Z, then each other
     * node when a link first names it; memory follows the file, not the
     * header.  Otherwise every node 1..N exists (isolated ones too), in
     * number order. */
    int sparse = m.nodes > max_nodes_plausible;
    if (m.zones > max_nodes_plausible || (double)m.nodes > (double)INT32_MAX * 1024) {
        st = cor_error_set(err, COR_E_INPUT, "%s: <NUMBER OF %s> %ld is implausible for a file of %zu bytes", path,
                           m.zones > max_nodes_plausible ? "ZONES" : "NODES", m.zones > max_nodes_plausible ? m.zones : m.nodes, t.len);
        goto fail;
    }
    b = cor_netbuilder_create();
    if (!b) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    char idbuf[32];
    for (long i = 1; i <= (sparse ? m.zones : m.nodes); i++) {
        snprintf(idbuf, sizeof idbuf, "%ld", i);
        if (cor_netbuilder_add_node(b, idbuf, NAN, NAN, err) < 0) { st = err ? err->code : COR_E_NOMEM; goto fail; }
        if (i < m.ftn) cor_netbuilder_set_no_thru(b, (int32_t)(i - 1), 1);
    }
    for (long z = 1; z <= m.zones; z++) {
        snprintf(idbuf, sizeof idbuf, "%ld", z);
        if ((st = cor_netbuilder_add_zone(b, (int32_t)(z - 1), idbuf, err))) goto fail;
    }
    long rows = 0, loops = 0, loop_line = 0, loop_node = 0;
    int header_skipped = 0;
    for (; s; s = cor__text_next(&t, err, &st)) {
        if (is_blank(s)) continue;
        char *tok[MAX_TOK];
        int n = split(s, tok, MAX_TOK, 0);
        if (n == 0) continue;
        if (!header_skipped && !isdigit((unsigned char)tok[0][0]) && tok[0][0] != '-' && tok[0][0] != '+') {
            header_skipped = 1; /* a column-title row without '~' */
            continue;
        }
        header_skipped = 1;
        if (n > 10) {
            st = cor__field_error(err, &t, NULL,
                                  "expected 10 fields (init_node term_node capacity length free_flow_time b power speed toll link_type), found %d: a stray separator or an extra column?", n);
            goto fail;
        }
        if (n < 10) {
            st = cor__field_error(err, &t, NET_FIELDS[n < 10 ? n : 9],
                                  "missing: expected 10 fields (init_node term_node capacity length free_flow_time b power speed toll link_type), found %d", n);
            goto fail;
        }
        long ends[2];
        double v[8];
        for (int k = 0; k < 2; k++) {
            if (cor__parse_long(tok[k], &ends[k])) {
                st = cor__field_error(err, &t, NET_FIELDS[k], "not an integer node id: '%s'", tok[k]);
                goto fail;
            }
            if (ends[k] < 1 || ends[k] > m.nodes) {
                st = cor__field_error(err, &t, NET_FIELDS[k], "unknown node %ld (nodes are 1..%ld)", ends[k], m.nodes);
                goto fail;
            }
        }
        for (int k = 0; k < 8; k++) {
            if (cor__parse_number(tok[2 + k], &v[k])) {
                st = cor__field_error(err, &t, NET_FIELDS[2 + k], "not a finite number: '%s'", tok[2 + k]);
                goto fail;
            }
        }
        double cap = v[0], len = v[1], fft = v[2], alpha = v[3], beta = v[4], speed = v[5], toll = v[6];
        if (fft < 0) { st = cor__field_error(err, &t, "free_flow_time", "negative (%g)", fft); goto fail; }
        if (len < 0) { st = cor__field_error(err, &t, "length", "negative (%g)", len); goto fail; }
        if (alpha < 0) { st = cor__field_error(err, &t, "b", "negative (%g)", alpha); goto fail; }
        if (beta < 0) { st = cor__field_error(err, &t, "power", "negative (%g)", beta); goto fail; }
        if (cap < 0) { st = cor__field_error(err, &t, "capacity", "negative (%g)", cap); goto fail; }
        if (cap == 0 && alpha != 0 && fft != 0) {
            st = cor__field_error(err, &t, "capacity", "zero on a BPR link (b = %g)", alpha);
            goto fail;
        }
        if (toll < 0) { st = cor__field_error(err, &t, "toll", "negative (%g)", toll); goto fail; }
        if (v[7] != floor(v[7]) || v[7] < INT32_MIN || v[7] > INT32_MAX) {
            st = cor__field_error(err, &t, "link_type", "not an integer in range: '%s'", tok[9]);
            goto fail;
        }
        rows++;
        if (ends[0] == ends[1]) { /* carries no flow at equilibrium: skipped, counted in net->notes */
            if (!loops++) { loop_line = t.line; loop_node = ends[0]; }
            continue;
        }
        if (cor_netbuilder_n_links(b) >= INT32_MAX - 1) { st = cor__field_error(err, &t, NULL, "too many links"); goto fail; }
        int32_t node[2];
        for (int k = 0; k < 2; k++) {
            node[k] = (int32_t)(ends[k] - 1);
            if (!sparse || ends[k] <= m.zones) continue;
            snprintf(idbuf, sizeof idbuf, "%ld", ends[k]);
            if ((node[k] = cor_netbuilder_find_node(b, idbuf)) >= 0) continue;
            if ((node[k] = cor_netbuilder_add_node(b, idbuf, NAN, NAN, err)) < 0) { st = err ? err->code : COR_E_NOMEM; goto fail; }
            if (ends[k] < m.ftn) cor_netbuilder_set_no_thru(b, node[k], 1);
        }
        cor_link_spec ls = {.from = node[0], .to = node[1],
                            .capacity = cap, .length = len, .fftime = fft, .alpha = alpha,
                            .beta = beta, .toll = toll, .speed = speed,
                            .link_type = (int32_t)v[7], .line = t.line,
                            .vdf = (alpha == 0 || cap == 0) ? COR_VDF_CONSTANT : COR_VDF_BPR};
        if ((st = cor_netbuilder_add_link(b, &ls, err))) goto fail;
    }
    if (st) goto fail;
    if (rows != m.links) {
        st = cor_error_set(err, COR_E_INPUT, "%s: <NUMBER OF LINKS> says %ld but the file has %ld link rows%s",
                           path, m.links, rows, rows < m.links ? " (truncated?)" : "");
        goto fail;
    }
    cor__text_close(&t);
    st = cor_netbuilder_finish(b, out, err);
    if (!st && !((*out)->link_file = cor__strdup(path))) st = cor_error_set(err, COR_E_NOMEM, "out of memory");
    if (!st && loops)
        st = cor__network_note(*out, err, "%s:%ld: field term_node: equals init_node %ld: self-loop skipped "
                               "(%ld in all; a link from a node to itself carries no flow at equilibrium)",
                               path, loop_line, loop_node, loops);
    if (st && *out) {
        cor_network_destroy(*out);
        *out = NULL;
    }
    return st;
fail:
    cor_netbuilder_destroy(b);
    cor__text_close(&t);
    return st ? st : COR_E_INPUT;
}

cor_status cor_read_tntp_trips(const char *path, const cor_network *net,
                               cor_demand **out, cor_error *err)
{
    *out = NULL;
    cor__text t;
    cor_status st = cor__text_open(&t, path, err);
    if (st) return st;
    cor_demand *d = NULL;
    char **tok = NULL;
    meta m;
    char *s = NULL;
    if (t.len - t.pos == 0) { st = cor_error_set(err, COR_E_INPUT, "%s:1: empty file", path); goto fail; }
    if ((st = read_meta(&t, &m, &s, err))) goto fail;
    if (m.has_zones && m.zones != net->n_zones) {
        st = cor_error_set(err, COR_E_INPUT, "%s: <NUMBER OF ZONES> %ld does not match the network's %ld zones",
                           path, m.zones, (long)net->n_zones);
        goto fail;
    }
    if (!s) { st = cor_error_set(err, COR_E_INPUT, "%s: no demand rows (empty or truncated file)", path); goto fail; }
    const char *all = "all";
    d = cor_demand_create(net->n_zones, 1, &all);
    if (!d) {
        st = cor_error_set(err, COR_E_NOMEM, "%s: out of memory for the demand matrix of %ld zones (%.3g GB)",
                           path, (long)net->n_zones, 8e-9 * (double)net->n_zones * (double)net->n_zones);
        goto fail;
    }
    int32_t origin = -1;
    long rows = 0;
    tok = malloc(sizeof(char *) * 4096);
    if (!tok) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    for (; s; s = cor__text_next(&t, err, &st)) {
        int n = split(s, tok, 4096, 1);
        if (n == 0) continue;
        if (n > 4096) { st = cor__field_error(err, &t, NULL, "too many entries on one line (%d)", n); goto fail; }
        int k = 0;
        if (!strcasecmp(tok[0], "Origin")) {
            long o;
            if (n < 2 || cor__parse_long(tok[1], &o)) { st = cor__field_error(err, &t, "Origin", "missing or non-integer origin"); goto fail; }
            int32_t z = cor_network_find_zone(net, tok[1]);
            if (z < 0) { st = cor__field_error(err, &t, "Origin", "unknown zone %s (zones are 1..%ld)", tok[1], (long)net->n_zones); goto fail; }
            origin = z;
            k = 2;
        }
        for (; k < n; k += 2) {
            if (origin < 0) { st = cor__field_error(err, &t, NULL, "demand entry before any 'Origin' line"); goto fail; }
            if (k + 1 >= n) { st = cor__field_error(err, &t, "volume", "destination %s has no value (truncated line?)", tok[k]); goto fail; }
            long dz;
            if (cor__parse_long(tok[k], &dz)) { st = cor__field_error(err, &t, "destination", "not an integer zone: '%s'", tok[k]); goto fail; }
            int32_t z = cor_network_find_zone(net, tok[k]);
            if (z < 0) { st = cor__field_error(err, &t, "destination", "unknown zone %s (zones are 1..%ld)", tok[k], (long)net->n_zones); goto fail; }
            double v;
            if (cor__parse_number(tok[k + 1], &v)) { st = cor__field_error(err, &t, "volume", "not a finite number: '%s'", tok[k + 1]); goto fail; }
            if (v < 0) { st = cor__field_error(err, &t, "volume", "negative (%g)", v); goto fail; }
            double *cell = &d->od[(size_t)origin * net->n_zones + z];
            if (!isfinite(*cell + v)) { st = cor__field_error(err, &t, "volume", "total for %s -> %s is not a finite number", net->zone_id[origin], tok[k]); goto fail; }
            *cell += v;
            rows++;
        }
    }
    if (st) goto fail;
    if (rows == 0) { st = cor_error_set(err, COR_E_INPUT, "%s: no demand entries", path); goto fail; }
    if (!isfinite(cor_demand_total(d, -1))) { st = cor_error_set(err, COR_E_INPUT, "%s: total demand is not a finite number", path); goto fail; }
    free(tok);
    cor__text_close(&t);
    *out = d;
    return COR_OK;
fail:
    free(tok);
    cor_demand_destroy(d);
    cor__text_close(&t);
    return st ? st : COR_E_INPUT;
}

/* The next data row of a node or flow file, split into at most 8 tokens:
 * blank lines and title rows (first token not a number, e.g. "node x y" or
 * "From To Volume Cost") are skipped.  Returns the token count, -1 at the
 * end of the file or on a read error (*st set). */
static int data_row(cor__text *t, char **tok, cor_error *err, cor_status *st)
{
    char *s;
    while ((s = cor__text_next(t, err, st))) {
        int n = split(s, tok, 8, 0);
        if (n > 0 && isdigit((unsigned char)tok[0][0])) return n;
    }
    return -1;
}

cor_status cor_read_tntp_node(const char *path, cor_network *net, cor_error *err)
{
    cor__text t;
    cor_status st = cor__text_open(&t, path, err);
    if (st) return st;
    char *tok[8];
    int n;
    long rows = 0;
    while ((n = data_row(&t, tok, err, &st)) >= 0) {
        if (n < 3) { st = cor__field_error(err, &t, n < 2 ? "x" : "y", "missing: expected 'node x y'"); break; }
        int32_t u = cor_network_find_node(net, tok[0]);
        if (u < 0) { st = cor__field_error(err, &t, "node", "unknown node %s", tok[0]); break; }
        double x, y;
        if (cor__parse_number(tok[1], &x)) { st = cor__field_error(err, &t, "x", "not a finite number: '%s'", tok[1]); break; }
        if (cor__parse_number(tok[2], &y)) { st = cor__field_error(err, &t, "y", "not a finite number: '%s'", tok[2]); break; }
        if (fabs(x) > COR_COORD_MAX || fabs(y) > COR_COORD_MAX) {
            int bx = fabs(x) > COR_COORD_MAX;
            st = cor__field_error(err, &t, bx ? "x" : "y", "%s is out of range (|coordinate| <= %g: "
                                  "map positions derived from it would overflow)", tok[bx ? 1 : 2], COR_COORD_MAX);
            break;
        }
        net->node_x[u] = x;
        net->node_y[u] = y;
        rows++;
    }
    if (!st && rows == 0) st = cor_error_set(err, COR_E_INPUT, "%s: no node rows", path);
    cor__text_close(&t);
    return st;
}

cor_status cor_read_tntp_flow(const char *path, const cor_network *net, double *flow,
                              cor_error *err)
{
    cor__text t;
    cor_status st = cor__text_open(&t, path, err);
    if (st) return st;
    uint8_t *seen = calloc((size_t)(net->n_links > 0 ? net->n_links : 1), 1);
    if (!seen) { cor__text_close(&t); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    for (int32_t a = 0; a < net->n_links; a++) flow[a] = 0;
    char *tok[8];
    int n;
    long rows = 0;
    while ((n = data_row(&t, tok, err, &st)) >= 0) {
        if (n < 3) { st = cor__field_error(err, &t, "Volume", "missing: expected 'from to volume [cost]'"); break; }
        int32_t u = cor_network_find_node(net, tok[0]), v = cor_network_find_node(net, tok[1]);
        if (u < 0 || v < 0) { st = cor__field_error(err, &t, u < 0 ? "From" : "To", "unknown node %s", u < 0 ? tok[0] : tok[1]); break; }
        double x;
        if (cor__parse_number(tok[2], &x)) { st = cor__field_error(err, &t, "Volume", "not a finite number: '%s'", tok[2]); break; }
        int32_t hit = -1;
        for (int32_t a = net->first_out[u]; a < net->first_out[u + 1]; a++)
            if (net->link_to[a] == v && !seen[a]) { hit = a; break; }
        if (hit < 0) { st = cor__field_error(err, &t, NULL, "no (further) link %s -> %s in the network", tok[0], tok[1]); break; }
        seen[hit] = 1;
        flow[hit] = x;
        rows++;
    }
    if (!st && rows == 0) st = cor_error_set(err, COR_E_INPUT, "%s: no flow rows", path);
    free(seen);
    cor__text_close(&t);
    return st;
}
