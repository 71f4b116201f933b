/* corridor report — OGC GeoPackage 1.3 writer (feature layers "links" and
 * "nodes").  Written to PATH.tmp.PID.XXXXXX with SQLite, renamed on success. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/internal.h"

#ifndef COR_HAVE_SQLITE

cor_status cor_write_gpkg(const char *path, const cor_network *net, const cor_solution *sol,
                          const char *const *class_names, cor_error *err)
{
    (void)net; (void)sol; (void)class_names;
    return cor_error_set(err, COR_E_USAGE, "%s: GeoPackage output needs SQLite (libsqlite3-dev) at build time",
                         path ? path : "gpkg");
}

#else
#include <sqlite3.h>

#include "io/outfile.h"

#define GPKG_APPLICATION_ID 0x47504B47 /* "GPKG" */
#define GPKG_USER_VERSION 10300        /* 1.3.0 */

static const char WGS84_WKT[] =
    "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
    "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,"
    "AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,"
    "AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]";

static const char SCHEMA[] =
    "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,"
    " organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,"
    " definition TEXT NOT NULL, description TEXT);"
    "CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,"
    " identifier TEXT UNIQUE, description TEXT DEFAULT '',"
    " last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
    " min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,"
    " CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));"
    "CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,"
    " geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,"
    " CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),"
    " CONSTRAINT uk_gc_table_name UNIQUE (table_name),"
    " CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),"
    " CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));"
    "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined',"
    " 'undefined cartesian coordinate reference system');"
    "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined',"
    " 'undefined geographic coordinate reference system');";

typedef struct gp {
    sqlite3 *db;
    cor_error *err;
    const char *path;
} gp;

static cor_status db_fail(gp *g, const char *what)
{
    return cor_error_set(g->err, COR_E_IO, "%s: %s: %s", g->path, what, sqlite3_errmsg(g->db));
}

static cor_status exec(gp *g, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(g->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        cor_status st = cor_error_set(g->err, COR_E_IO, "%s: %s", g->path, msg ? msg : "sqlite error");
        sqlite3_free(msg);
        return st;
    }
    return COR_OK;
}

/* ---- GeoPackageBinary: "GP", version 0, flags, srs_id, [envelope], WKB.
 * Little-endian throughout (flags bit 0 = 1). */
typedef struct blob {
    unsigned char *p;
    size_t len, cap;
} blob;

static int put(blob *b, const void *src, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n) cap *= 2;
        unsigned char *q = realloc(b->p, cap);
        if (!q) return -1;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, src, n);
    b->len += n;
    return 0;
}

/* Host-to-little-endian copies (the build targets little- and big-endian
 * alike: bytes are produced explicitly). */
static int put_u32(blob *b, uint32_t v)
{
    unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    return put(b, c, 4);
}

static int put_f64(blob *b, double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    unsigned char c[8];
    for (int i = 0; i < 8; i++) c[i] = (unsigned char)(v >> (8 * i));
    return put(b, c, 8);
}

static int gp_header(blob *b, int32_t srs, const cor__pt *p, int n, int envelope)
{
    unsigned char h[4] = {'G', 'P', 0, (unsigned char)(0x01 | (envelope ? 0x02 : 0))};
    if (put(b, h, 4) || put_u32(b, (uint32_t)srs)) return -1;
    if (envelope) {
        double x0 = p[0].x, x1 = p[0].x, y0 = p[0].y, y1 = p[0].y;
        for (int i = 1; i < n; i++) {
            x0 = fmin(x0, p[i].x);
            x1 = fmax(x1, p[i].x);
            y0 = fmin(y0, p[i].y);
            y1 = fmax(y1, p[i].y);
        }
        /* envelope order: minx, maxx, miny, maxy */
        if (put_f64(b, x0) || put_f64(b, x1) || put_f64(b, y0) || put_f64(b, y1)) return -1;
    }
    return 0;
}

static int gp_linestring(blob *b, int32_t srs, const cor__pt *p, int n)
{
    unsigned char bo = 1;
    if (gp_header(b, srs, p, n, 1) || put(b, &bo, 1) || put_u32(b, 2) || put_u32(b, (uint32_t)n)) return -1;
    for (int i = 0; i < n; i++)
        if (put_f64(b, p[i].x) || put_f64(b, p[i].y)) return -1;
    return 0;
}

static int gp_point(blob *b, int32_t srs, double x, double y)
{
    unsigned char bo = 1;
    cor__pt p = {x, y};
    if (gp_header(b, srs, &p, 1, 0) || put(b, &bo, 1) || put_u32(b, 1)) return -1;
    return put_f64(b, x) || put_f64(b, y);
}

/* Appends "name" (a double-quoted SQL identifier) to sb. */
static void ident(cor__sb *sb, const char *name)
{
    cor__sb_put(sb, "\"");
    for (const char *s = name; *s; s++) {
        cor__sb_putn(sb, s, 1);
        if (*s == '"') cor__sb_putn(sb, s, 1); /* "" escapes a quote */
    }
    cor__sb_put(sb, "\"");
}

static cor_status register_layer(gp *g, const char *table, const char *type, int32_t srs,
                                 const double bb[4], const char *desc)
{
    sqlite3_stmt *st = NULL;
    const char *sql = "INSERT INTO gpkg_contents (table_name, data_type, identifier, description,"
                      " min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?)";
    if (sqlite3_prepare_v2(g->db, sql, -1, &st, NULL) != SQLITE_OK) return db_fail(g, "gpkg_contents");
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, desc, -1, SQLITE_STATIC);
    for (int i = 0; i < 4; i++) {
        if (isfinite(bb[i])) sqlite3_bind_double(st, 4 + i, bb[i]);
        else sqlite3_bind_null(st, 4 + i);
    }
    sqlite3_bind_int(st, 8, srs);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return db_fail(g, "gpkg_contents");
    if (sqlite3_prepare_v2(g->db, "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)", -1,
                           &st, NULL) != SQLITE_OK)
        return db_fail(g, "gpkg_geometry_columns");
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, srs);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? COR_OK : db_fail(g, "gpkg_geometry_columns");
}

/* CREATE TABLE + INSERT statement for a feature table whose attribute
 * columns are names[i] with SQL types types[i]. */
static cor_status make_table(gp *g, const char *table, const char *geomtype, int n,
                             const char *const *names, const char *const *types, sqlite3_stmt **ins)
{
    cor__sb c = {0}, i = {0};
    cor__sb_printf(&c, "CREATE TABLE \"%s\" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom %s",
                   table, geomtype);
    cor__sb_printf(&i, "INSERT INTO \"%s\" (geom", table);
    for (int k = 0; k < n; k++) {
        cor__sb_put(&c, ", ");
        ident(&c, names[k]);
        cor__sb_printf(&c, " %s", types[k]);
        cor__sb_put(&i, ", ");
        ident(&i, names[k]);
    }
    cor__sb_put(&c, ")");
    cor__sb_put(&i, ") VALUES (?");
    for (int k = 0; k < n; k++) cor__sb_put(&i, ", ?");
    cor__sb_put(&i, ")");
    cor_status st = COR_OK;
    if (c.oom || i.oom) st = cor_error_set(g->err, COR_E_NOMEM, "out of memory");
    else if (!(st = exec(g, c.s)) && sqlite3_prepare_v2(g->db, i.s, -1, ins, NULL) != SQLITE_OK)
        st = db_fail(g, table);
    cor__sb_free(&c);
    cor__sb_free(&i);
    return st;
}

static void bind_num(sqlite3_stmt *st, int col, double v)
{
    if (isfinite(v)) sqlite3_bind_double(st, col, v);
    else sqlite3_bind_null(st, col);
}

static void bind_extra(sqlite3_stmt *st, int col, const char *v, int numeric)
{
    double x;
    if (numeric) {
        if (cor__parse_num(v, &x)) sqlite3_bind_double(st, col, x);
        else sqlite3_bind_null(st, col);
    } else {
        sqlite3_bind_text(st, col, v, -1, SQLITE_STATIC);
    }
}

static cor_status write_links(gp *g, const cor__layer *l, int32_t srs)
{
    const cor_network *net = l->net;
    const cor_solution *sol = l->sol;
    const char *const *class_names = l->class_names;
    int diff = sol && l->base_sol && l->base_net;
    char table[200];
    snprintf(table, sizeof table, l->name ? "links_%s" : "links", l->name);
    const cor_strtab *x = &net->link_extra;
    int nmax = 3 + x->n_cols + 4 + (sol ? 4 + sol->n_classes : 0);
    const char **names = calloc((size_t)nmax, sizeof *names);
    const char **types = calloc((size_t)nmax, sizeof *types);
    char **owned = calloc((size_t)(sol ? sol->n_classes : 0) + 1, sizeof *owned);
    int *xcol = calloc((size_t)x->n_cols + 1, sizeof *xcol);
    uint8_t *xnum = calloc((size_t)x->n_cols + 1, 1);
    blob b = {0};
    sqlite3_stmt *ins = NULL;
    cor_status st = COR_OK;
    if (!names || !types || !owned || !xcol || !xnum) { st = cor_error_set(g->err, COR_E_NOMEM, "out of memory"); goto done; }
    int n = 0;
    names[n] = "link_id"; types[n++] = "TEXT";
    names[n] = "from"; types[n++] = "TEXT";
    names[n] = "to"; types[n++] = "TEXT";
    int nx = 0;
    for (int c = 0; c < x->n_cols; c++) {
        if (cor__reserved_link_attr(x->names[c])) continue;
        xnum[nx] = (uint8_t)cor__col_numeric(x->values[c], net->n_links);
        xcol[nx++] = c;
        names[n] = x->names[c];
        types[n++] = xnum[nx - 1] ? "REAL" : "TEXT";
    }
    names[n] = "capacity"; types[n++] = "REAL";
    names[n] = "length"; types[n++] = "REAL";
    names[n] = "fftime"; types[n++] = "REAL";
    names[n] = "toll"; types[n++] = "REAL";
    if (sol) {
        names[n] = "flow"; types[n++] = "REAL";
        for (int k = 0; k < sol->n_classes; k++) {
            char nb[32];
            const char *cn = cor__class_name(class_names, k, nb, sizeof nb);
            owned[k] = malloc(strlen(cn) + 6);
            if (!owned[k]) { st = cor_error_set(g->err, COR_E_NOMEM, "out of memory"); goto done; }
            sprintf(owned[k], "flow_%s", cn);
            names[n] = owned[k]; types[n++] = "REAL";
        }
        names[n] = "voc"; types[n++] = "REAL";
        names[n] = "time"; types[n++] = "REAL";
        if (diff) { names[n] = "flow_change"; types[n++] = "REAL"; }
    }
    if ((st = make_table(g, table, "LINESTRING", n, names, types, &ins))) goto done;
    double bb[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (int32_t k = 0; k < net->n_links; k++) {
        int32_t a = net->link_by_order[k];
        cor__pt *p;
        int np = cor__link_geom(net, a, &p);
        if (np < 0) { st = cor_error_set(g->err, COR_E_NOMEM, "out of memory"); goto done; }
        if (np == 0) continue;
        for (int i = 0; i < np; i++) {
            bb[0] = fmin(bb[0], p[i].x); bb[1] = fmin(bb[1], p[i].y);
            bb[2] = fmax(bb[2], p[i].x); bb[3] = fmax(bb[3], p[i].y);
        }
        b.len = 0;
        int bad = gp_linestring(&b, srs, p, np);
        free(p);
        if (bad) { st = cor_error_set(g->err, COR_E_NOMEM, "out of memory"); goto done; }
        sqlite3_reset(ins);
        int col = 1;
        sqlite3_bind_blob(ins, col++, b.p, (int)b.len, SQLITE_STATIC);
        sqlite3_bind_text(ins, col++, net->link_id[a], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, col++, net->node_id[net->link_from[a]], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, col++, net->node_id[net->link_to[a]], -1, SQLITE_STATIC);
        for (int i = 0; i < nx; i++) bind_extra(ins, col++, x->values[xcol[i]][a], xnum[i]);
        bind_num(ins, col++, net->capacity[a]);
        bind_num(ins, col++, net->length[a]);
        bind_num(ins, col++, net->fftime[a]);
        bind_num(ins, col++, net->toll[a]);
        if (sol) {
            bind_num(ins, col++, sol->flow[a]);
            for (int c = 0; c < sol->n_classes; c++)
                bind_num(ins, col++, sol->class_flow[(size_t)c * (size_t)net->n_links + (size_t)a]);
            bind_num(ins, col++, cor__voc(net, sol, a));
            bind_num(ins, col++, sol->time[a]);
            if (diff) bind_num(ins, col++, cor__flow_change(l, a));
        }
        if (sqlite3_step(ins) != SQLITE_DONE) { st = db_fail(g, table); goto done; }
    }
    st = register_layer(g, table, "LINESTRING", srs, bb,
                        diff ? "link results and flow change against the base"
                             : sol ? "link results of a corridor assignment" : "network links");
done:
    sqlite3_finalize(ins);
    free(b.p);
    if (owned)
        for (int k = 0; k < (sol ? sol->n_classes : 0); k++) free(owned[k]);
    free(owned);
    free(names);
    free(types);
    free(xcol);
    free(xnum);
    return st;
}

static cor_status write_nodes(gp *g, const cor__layer *l, int32_t srs)
{
    const cor_network *net = l->net;
    const cor_solution *sol = l->sol;
    char table[200];
    snprintf(table, sizeof table, l->name ? "nodes_%s" : "nodes", l->name);
    const cor_strtab *x = &net->node_extra;
    int nmax = 2 + x->n_cols + 1;
    const char **names = calloc((size_t)nmax, sizeof *names);
    const char **types = calloc((size_t)nmax, sizeof *types);
    int *xcol = calloc((size_t)x->n_cols + 1, sizeof *xcol);
    uint8_t *xnum = calloc((size_t)x->n_cols + 1, 1);
    blob b = {0};
    sqlite3_stmt *ins = NULL;
    cor_status st = COR_OK;
    if (!names || !types || !xcol || !xnum) { st = cor_error_set(g->err, COR_E_NOMEM, "out of memory"); goto done; }
    int n = 0, nx = 0;
    names[n] = "node_id"; types[n++] = "TEXT";
    names[n] = "zone"; types[n++] = "INTEGER";
    for (int c = 0; c < x->n_cols; c++) {
        if (cor__reserved_node_attr(x->names[c])) continue;
        xnum[nx] = (uint8_t)cor__col_numeric(x->values[c], net->n_nodes);
        xcol[nx++] = c;
        names[n] = x->names[c];
        types[n++] = xnum[nx - 1] ? "REAL" : "TEXT";
    }
    if (sol) { names[n] = "throughput"; types[n++] = "REAL"; }
    if ((st = make_table(g, table, "POINT", n, names, types, &ins))) goto done;
    double bb[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (int32_t u = 0; u < net->n_nodes; u++) {
        double px = net->node_x[u], py = net->node_y[u];
        if (!isfinite(px) || !isfinite(py)) continue;
        bb[0] = fmin(bb[0], px); bb[1] = fmin(bb[1], py);
        bb[2] = fmax(bb[2], px); bb[3] = fmax(bb[3], py);
        b.len = 0;
        if (gp_point(&b, srs, px, py)) { st = cor_error_set(g->err, COR_E_NOMEM, "out of memory"); goto done; }
        sqlite3_reset(ins);
        int col = 1;
        sqlite3_bind_blob(ins, col++, b.p, (int)b.len, SQLITE_STATIC);
        sqlite3_bind_text(ins, col++, net->node_id[u], -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, col++, net->node_zone[u] >= 0);
        for (int i = 0; i < nx; i++) bind_extra(ins, col++, x->values[xcol[i]][u], xnum[i]);
        if (sol) bind_num(ins, col++, cor__node_throughput(net, sol, u));
        if (sqlite3_step(ins) != SQLITE_DONE) { st = db_fail(g, table); goto done; }
    }
    st = register_layer(g, table, "POINT", srs, bb, sol ? "node throughput" : "network nodes");
done:
    sqlite3_finalize(ins);
    free(b.p);
    free(names);
    free(types);
    free(xcol);
    free(xnum);
    return st;
}

cor_status cor_write_gpkg(const char *path, const cor_network *net, const cor_solution *sol,
                          const char *const *class_names, cor_error *err)
{
    cor__layer l = {NULL, net, sol, class_names, NULL, NULL};
    return cor__write_gpkg_layers(path, &l, 1, err);
}

cor_status cor__write_gpkg_layers(const char *path, const cor__layer *layers, int nl, cor_error *err)
{
    if (!path || nl < 1) return cor_error_set(err, COR_E_USAGE, "gpkg: path and a layer are required");
    for (int i = 0; i < nl; i++) {
        const cor_network *net = layers[i].net;
        const cor_solution *sol = layers[i].sol;
        if (!net) return cor_error_set(err, COR_E_USAGE, "gpkg: path and network are required");
        if (sol && sol->n_links != net->n_links)
            return cor_error_set(err, COR_E_USAGE, "gpkg: solution has %d links, network %d",
                                 (int)sol->n_links, (int)net->n_links);
    }
    const cor_network *net = layers[0].net;
    size_t n = strlen(path);
    char *tmp = malloc(n + 40);
    if (!tmp) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    snprintf(tmp, n + 40, "%s.tmp.%ld.XXXXXX", path, (long)getpid());
    cor__outfile_track(tmp, 1); /* removed by cor_outfile_abort_all on a signal */
    int fd = mkstemp(tmp);
    if (fd < 0) {
        cor_status st = cor_error_set(err, COR_E_IO, "%s: cannot create: %s", path, strerror(errno));
        cor__outfile_track(tmp, 0);
        free(tmp);
        return st;
    }
    fchmod(fd, 0644);
    close(fd);
    gp g = {NULL, err, path};
    cor_status st = COR_OK;
    if (sqlite3_open_v2(tmp, &g.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        st = g.db ? db_fail(&g, "open") : cor_error_set(err, COR_E_NOMEM, "out of memory");
        goto done;
    }
    int32_t srs = cor_report_is_lonlat(net) ? 4326 : -1;
    char pragma[128];
    snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
             GPKG_APPLICATION_ID, GPKG_USER_VERSION);
    if ((st = exec(&g, pragma)) || (st = exec(&g, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")) ||
        (st = exec(&g, "BEGIN")) || (st = exec(&g, SCHEMA)))
        goto done;
    { /* the spec's minimum (Req 11) has EPSG:4326 even when no layer uses it */
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(g.db, "INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG',"
                               " 4326, ?, 'longitude/latitude coordinates in decimal degrees on the WGS 84"
                               " spheroid')", -1, &s, NULL) != SQLITE_OK) { st = db_fail(&g, "srs"); goto done; }
        sqlite3_bind_text(s, 1, WGS84_WKT, -1, SQLITE_STATIC);
        int rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) { st = db_fail(&g, "srs"); goto done; }
    }
    for (int i = 0; i < nl; i++) {
        int32_t s_i = cor_report_is_lonlat(layers[i].net) ? 4326 : -1;
        if (s_i != srs) {
            st = cor_error_set(err, COR_E_USAGE, "gpkg: layer %d is %s, the first %s", i,
                               s_i == 4326 ? "lon/lat" : "not lon/lat", srs == 4326 ? "lon/lat" : "not lon/lat");
            goto done;
        }
        if ((st = write_links(&g, &layers[i], srs)) || (st = write_nodes(&g, &layers[i], srs))) goto done;
    }
    if ((st = exec(&g, "COMMIT"))) goto done;
done:
    if (g.db && sqlite3_close(g.db) != SQLITE_OK && !st)
        st = cor_error_set(err, COR_E_IO, "%s: close failed", path);
    if (!st && rename(tmp, path) != 0)
        st = cor_error_set(err, COR_E_IO, "%s: cannot rename into place: %s", path, strerror(errno));
    if (st) unlink(tmp);
    else cor__outset_note(path);
    cor__outfile_track(tmp, 0);
    free(tmp);
    return st;
}
#endif
