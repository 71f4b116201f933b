/* Reports: WKT geometry, lon/lat detection, GeoJSON (RFC 7946), GeoPackage
 * structure and geometry blobs (read back with SQLite), the HTML page (one
 * path per link with flow, tooltips, outlines, sections, escaping,
 * self-contained), scenario difference maps, error paths, and the freight
 * report on data/eurasia. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"
#include "corridor/report.h"
#include "report/internal.h"
#ifdef COR_HAVE_SQLITE
#include <sqlite3.h>
#endif

/* ---- helpers ---- */
static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
    s[n] = '\0';
    fclose(fp);
    return s;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

/* Text of the element <svg ... id="ID" ...> .. </svg> (malloc'd). */
static char *svg_by_id(const char *html, const char *id)
{
    char key[64];
    snprintf(key, sizeof key, "id=\"%s\"", id);
    const char *p = strstr(html, key);
    if (!p) return NULL;
    const char *e = strstr(p, "</svg>");
    assert_non_null(e);
    size_t n = (size_t)(e - p);
    char *s = malloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

/* The attributes of the map path of link ID (up to its <title>), malloc'd. */
static char *attrs_of(const char *map, const char *id)
{
    char key[64];
    snprintf(key, sizeof key, "data-id=\"%s\"", id);
    const char *p = strstr(map, key);
    assert_non_null(p);
    const char *e = strstr(p, "<title>");
    assert_non_null(e);
    char *s = malloc((size_t)(e - p) + 1);
    memcpy(s, p, (size_t)(e - p));
    s[e - p] = '\0';
    return s;
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* A small lon/lat network in the Caucasus:
 *   input 0  baku -> border   rail, WKT geometry with 3 points
 *   input 1  border -> tbilisi rail
 *   input 2  tbilisi -> poti  road, capacity 0
 *   input 3  poti -> tbilisi  road (no flow)
 *   input 4  tbilisi -> baku  pipeline (no flow) */
static cor_network *caucasus(void)
{
    cor_error err = {0};
    cor_netbuilder *b = cor_netbuilder_create();
    const char *ncols[] = {"name", "node_type", "country"};
    assert_int_equal(cor_netbuilder_node_extra_cols(b, 3, ncols, &err), COR_OK);
    struct { const char *id, *name, *type, *ctry; double x, y; } N[] = {
        {"baku", "Baku port (Alat)", "port", "AZ", 49.87, 40.41},
        {"border", "Boyuk Kesik", "border crossing", "AZ;GE", 45.06, 41.33},
        {"tbilisi", "Tbilisi", "junction", "GE", 44.80, 41.70},
        {"poti", "Poti <port> & co", "port", "GE", 41.67, 42.15},
    };
    for (int i = 0; i < 4; i++) {
        assert_int_equal(cor_netbuilder_add_node(b, N[i].id, N[i].x, N[i].y, &err), i);
        assert_int_equal(cor_netbuilder_node_extra_set(b, i, 0, N[i].name, &err), COR_OK);
        assert_int_equal(cor_netbuilder_node_extra_set(b, i, 1, N[i].type, &err), COR_OK);
        assert_int_equal(cor_netbuilder_node_extra_set(b, i, 2, N[i].ctry, &err), COR_OK);
    }
    assert_int_equal(cor_netbuilder_add_zone(b, 0, "baku", &err), COR_OK);
    assert_int_equal(cor_netbuilder_add_zone(b, 3, "poti", &err), COR_OK);
    const char *lcols[] = {"name", "mode", "cost", "geometry"};
    assert_int_equal(cor_netbuilder_link_extra_cols(b, 4, lcols, &err), COR_OK);
    struct { int f, t; double cap; const char *id, *name, *mode, *cost, *geom; } L[] = {
        {0, 1, 1e6, "L1", "Baku-Boyuk Kesik rail", "rail", "12.5",
         "LINESTRING (49.87 40.41, 47.0 41.0, 45.06 41.33)"},
        {1, 2, 1e6, "L2", "Boyuk Kesik-Tbilisi rail", "rail", "3", ""},
        {2, 3, 0, "L3", "Tbilisi-Poti road", "road", "", ""},
        {3, 2, 0, "L4", "Poti-Tbilisi road", "road", "", ""},
        {2, 0, 5e6, "L5", "pipeline", "pipeline", "1", ""},
    };
    for (int i = 0; i < 5; i++) {
        cor_link_spec s = {.from = L[i].f, .to = L[i].t, .id = L[i].id, .capacity = L[i].cap, .length = 100 + i,
                           .fftime = 2 + i, .alpha = 0.15, .beta = 4};
        assert_int_equal(cor_netbuilder_add_link(b, &s, &err), COR_OK);
        assert_int_equal(cor_netbuilder_link_extra_set(b, i, 0, L[i].name, &err), COR_OK);
        assert_int_equal(cor_netbuilder_link_extra_set(b, i, 1, L[i].mode, &err), COR_OK);
        assert_int_equal(cor_netbuilder_link_extra_set(b, i, 2, L[i].cost, &err), COR_OK);
        assert_int_equal(cor_netbuilder_link_extra_set(b, i, 3, L[i].geom, &err), COR_OK);
    }
    cor_network *net = NULL;
    assert_int_equal(cor_netbuilder_finish(b, &net, &err), COR_OK);
    return net;
}

/* A hand-made two-class solution: class flows per input position. */
typedef struct fake {
    cor_solution sol;
    double flow[5], cls[10], time[5];
    cor_conv_point hist[4];
} fake;

static void fake_solution(fake *f, const cor_network *net, const double (*by_input)[2])
{
    memset(f, 0, sizeof *f);
    f->sol.n_links = net->n_links;
    f->sol.n_zones = net->n_zones;
    f->sol.n_classes = 2;
    f->sol.flow = f->flow;
    f->sol.class_flow = f->cls;
    f->sol.time = f->time;
    for (int k = 0; k < 5; k++) {
        int32_t a = net->link_by_order[k];
        f->cls[a] = by_input[k][0];
        f->cls[5 + a] = by_input[k][1];
        f->flow[a] = by_input[k][0] + by_input[k][1];
        f->time[a] = net->fftime[a] * 1.5;
    }
    for (int i = 0; i < 4; i++) {
        f->hist[i].iteration = i + 1;
        f->hist[i].relative_gap = pow(10, -2 - 2 * i);
    }
    f->sol.hist = f->hist;
    f->sol.n_hist = 4;
    f->sol.relative_gap = 1e-8;
    f->sol.iterations = 4;
    f->sol.converged = 1;
}

static const double BASE_FLOWS[5][2] = {{300000, 200000}, {300000, 200000}, {250000, 0}, {0, 0}, {0, 0}};
static const char *const CLASSES[] = {"containers", "oil & gas"};

/* ---- tests ---- */
static void wkt_linestrings(void **state)
{
    (void)state;
    cor__pt *p;
    assert_int_equal(cor__wkt_linestring("LINESTRING (1 2, 3.5 -4)", &p), 2);
    tu_close(p[1].x, 3.5, 0);
    tu_close(p[1].y, -4, 0);
    free(p);
    assert_int_equal(cor__wkt_linestring("  linestring Z(1 2 9,3 4 9 ,5 6 9)  ", &p), 3);
    tu_close(p[2].x, 5, 0);
    tu_close(p[2].y, 6, 0);
    free(p);
    assert_int_equal(cor__wkt_linestring("POINT (1 2)", &p), 0);
    assert_null(p);
    assert_int_equal(cor__wkt_linestring("LINESTRING (1 2)", &p), 0);       /* one point */
    assert_int_equal(cor__wkt_linestring("LINESTRING (1 2, 3)", &p), 0);    /* missing y */
    assert_int_equal(cor__wkt_linestring("LINESTRING (1 2, 3 4", &p), 0);   /* unclosed */
    assert_int_equal(cor__wkt_linestring("LINESTRING (1 2, 3 4) x", &p), 0); /* trailing */
    assert_int_equal(cor__wkt_linestring("LINESTRING (1 2, nan 4)", &p), 0);
}

static void lonlat_detection(void **state)
{
    (void)state;
    cor_network *net = caucasus();
    assert_int_equal(cor_report_is_lonlat(net), 1);
    /* the WKT geometry of L1 is followed, else from/to coordinates */
    cor__pt *p;
    int32_t a = cor_network_find_link(net, "L1");
    assert_int_equal(cor__link_geom(net, a, &p), 3);
    tu_close(p[1].x, 47.0, 0);
    free(p);
    a = cor_network_find_link(net, "L2");
    assert_int_equal(cor__link_geom(net, a, &p), 2);
    tu_close(p[0].x, 45.06, 0);
    tu_close(p[1].y, 41.70, 0);
    free(p);
    cor_network_destroy(net);
    /* projected feet (ChicagoSketch-like) are not lon/lat */
    static const double L[][6] = {{1, 2, 1, 10, 0, 0}};
    net = tu_net(2, 0, 1, L);
    net->node_x[0] = 690309; net->node_y[0] = 1976022;
    net->node_x[1] = 683649; net->node_y[1] = 1973025;
    assert_int_equal(cor_report_is_lonlat(net), 0);
    /* no coordinates at all */
    net->node_x[0] = net->node_x[1] = NAN;
    assert_int_equal(cor_report_is_lonlat(net), 0);
    cor__pt *q;
    assert_int_equal(cor__link_geom(net, 0, &q), 0);
    cor_network_destroy(net);
}

static void number_formats(void **state)
{
    (void)state;
    char b[64];
    cor__fmt_hnum(b, sizeof b, 1234567.4);
    assert_string_equal(b, "1,234,567");
    cor__fmt_hnum(b, sizeof b, -1000);
    assert_string_equal(b, "-1,000");
    cor__fmt_hnum(b, sizeof b, 0.8692);
    assert_string_equal(b, "0.869");
    cor__fmt_compact(b, sizeof b, 506129574916.0);
    assert_string_equal(b, "506 bn");
    cor__fmt_compact(b, sizeof b, 63010000);
    assert_string_equal(b, "63.0 M");
    cor__fmt_compact(b, sizeof b, 186000);
    assert_string_equal(b, "186 k");
    cor__fmt_compact(b, sizeof b, 18600);
    assert_string_equal(b, "18.6 k");
    cor__fmt_compact(b, sizeof b, 512);
    assert_string_equal(b, "512");
}

static void geojson_files(void **state)
{
    (void)state;
    cor_network *net = caucasus();
    fake f;
    fake_solution(&f, net, BASE_FLOWS);
    char *dir = tu_tmpdir();
    char lp[4096], np[4096];
    snprintf(lp, sizeof lp, "%s/links.geojson", dir);
    snprintf(np, sizeof np, "%s/nodes.geojson", dir);
    cor_error err = {0};
    assert_int_equal(cor_write_geojson_links(lp, net, &f.sol, CLASSES, &err), COR_OK);
    assert_int_equal(cor_write_geojson_nodes(np, net, &f.sol, &err), COR_OK);
    char *s = slurp(lp);
    assert_non_null(s);
    assert_int_equal(strncmp(s, "{\"type\":\"FeatureCollection\"", 27), 0);
    assert_int_equal(count(s, "\"type\":\"Feature\""), 5);
    assert_int_equal(count(s, "\"type\":\"LineString\""), 5);
    assert_null(strstr(s, "corridor:crs"));   /* lon/lat: WGS84 as RFC 7946 says */
    /* input order, WKT geometry, numeric extras as numbers, strings quoted */
    const char *l1 = strstr(s, "\"link_id\":\"L1\""), *l2 = strstr(s, "\"link_id\":\"L2\"");
    assert_non_null(l1);
    assert_non_null(l2);
    assert_true(l1 < l2);
    assert_non_null(strstr(s, "\"coordinates\":[[49.87,40.41],[47,41],[45.06,41.33]]"));
    assert_non_null(strstr(s, "\"cost\":12.5"));
    assert_non_null(strstr(s, "\"cost\":null"));   /* blank numeric cell */
    assert_non_null(strstr(s, "\"mode\":\"rail\""));
    assert_null(strstr(s, "\"geometry\":\"LINESTRING"));   /* not repeated as a property */
    assert_non_null(strstr(l1, "\"flow\":500000,\"flow_containers\":300000,\"flow_oil & gas\":200000,\"voc\":0.5"));
    /* capacity 0: v/c is null, not inf */
    const char *l3 = strstr(s, "\"link_id\":\"L3\"");
    assert_non_null(l3);
    assert_non_null(strstr(l3, "\"voc\":null"));
    free(s);
    s = slurp(np);
    assert_int_equal(count(s, "\"type\":\"Point\""), 4);
    assert_non_null(strstr(s, "\"node_id\":\"poti\",\"zone\":1,\"name\":\"Poti <port> & co\""));
    /* throughput: inflow of tbilisi = 500000 (L2) + 0 (L4) */
    const char *tb = strstr(s, "\"node_id\":\"tbilisi\"");
    assert_non_null(tb);
    assert_non_null(strstr(tb, "\"throughput\":500000"));
    free(s);
    /* network only: no result properties */
    assert_int_equal(cor_write_geojson_links(lp, net, NULL, NULL, &err), COR_OK);
    s = slurp(lp);
    assert_null(strstr(s, "\"flow\""));
    assert_non_null(strstr(s, "\"fftime\":2"));
    free(s);
    tu_rmtree(dir);
    free(dir);
    cor_network_destroy(net);
}

#ifdef COR_HAVE_SQLITE
static long long q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static double rd_f64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    double d;
    memcpy(&d, &v, 8);
    return d;
}

static uint32_t rd_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
#endif

static void gpkg_structure(void **state)
{
    (void)state;
#ifndef COR_HAVE_SQLITE
    skip();
#else
    cor_network *net = caucasus();
    fake f;
    fake_solution(&f, net, BASE_FLOWS);
    char *dir = tu_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/results.gpkg", dir);
    cor_error err = {0};
    assert_int_equal(cor_write_gpkg(path, net, &f.sol, CLASSES, &err), COR_OK);
    assert_int_equal(tu_count_files(dir), 1);   /* no temporary left */
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(q_int(db, "PRAGMA application_id"), 0x47504B47);
    assert_int_equal(q_int(db, "PRAGMA user_version"), 10300);
    assert_int_equal(q_int(db, "SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id IN (-1, 0, 4326)"), 3);
    assert_int_equal(q_int(db, "SELECT organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = 4326"), 4326);
    assert_int_equal(q_int(db, "SELECT count(*) FROM gpkg_contents WHERE data_type = 'features' AND srs_id = 4326"), 2);
    assert_int_equal(q_int(db, "SELECT count(*) FROM gpkg_geometry_columns WHERE (table_name, geometry_type_name) "
                               "IN (VALUES ('links','LINESTRING'), ('nodes','POINT')) AND column_name = 'geom'"), 2);
    assert_int_equal(q_int(db, "SELECT count(*) FROM links"), 5);
    assert_int_equal(q_int(db, "SELECT count(*) FROM nodes"), 4);
    assert_int_equal(q_int(db, "SELECT round(flow) FROM links WHERE link_id = 'L1'"), 500000);
    assert_int_equal(q_int(db, "SELECT round(\"flow_oil & gas\") FROM links WHERE link_id = 'L1'"), 200000);
    assert_int_equal(q_int(db, "SELECT voc IS NULL FROM links WHERE link_id = 'L3'"), 1);
    assert_int_equal(q_int(db, "SELECT typeof(cost) = 'real' FROM links WHERE link_id = 'L1'"), 1);
    assert_int_equal(q_int(db, "SELECT cost IS NULL FROM links WHERE link_id = 'L3'"), 1);
    assert_int_equal(q_int(db, "SELECT zone FROM nodes WHERE node_id = 'baku'"), 1);
    /* contents extent = the extent of the geometries */
    assert_int_equal(q_int(db, "SELECT min_x = 41.67 AND max_x = 49.87 AND min_y = 40.41 AND max_y = 42.15 "
                               "FROM gpkg_contents WHERE table_name = 'links'"), 1);
    /* the L1 blob: GP header, LE flags with an xy envelope, srs 4326, WKB LineString of 3 points */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT geom FROM links WHERE link_id = 'L1'", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const unsigned char *g = sqlite3_column_blob(st, 0);
    int n = sqlite3_column_bytes(st, 0);
    assert_int_equal(n, 8 + 32 + 1 + 4 + 4 + 3 * 16);
    assert_int_equal(g[0], 'G');
    assert_int_equal(g[1], 'P');
    assert_int_equal(g[2], 0);
    assert_int_equal(g[3], 0x03);
    assert_int_equal(rd_u32(g + 4), 4326);
    tu_close(rd_f64(g + 8), 45.06, 0);   /* minx */
    tu_close(rd_f64(g + 16), 49.87, 0);  /* maxx */
    tu_close(rd_f64(g + 24), 40.41, 0);  /* miny */
    tu_close(rd_f64(g + 32), 41.33, 0);  /* maxy */
    assert_int_equal(g[40], 1);          /* WKB little-endian */
    assert_int_equal(rd_u32(g + 41), 2); /* LineString */
    assert_int_equal(rd_u32(g + 45), 3);
    tu_close(rd_f64(g + 49 + 16), 47.0, 0);
    tu_close(rd_f64(g + 49 + 24), 41.0, 0);
    sqlite3_finalize(st);
    /* a node blob: no envelope, WKB Point */
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT geom FROM nodes WHERE node_id = 'poti'", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    g = sqlite3_column_blob(st, 0);
    assert_int_equal(sqlite3_column_bytes(st, 0), 8 + 1 + 4 + 16);
    assert_int_equal(g[3], 0x01);
    assert_int_equal(rd_u32(g + 9), 1);
    tu_close(rd_f64(g + 13), 41.67, 0);
    tu_close(rd_f64(g + 21), 42.15, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* rewriting replaces the file */
    assert_int_equal(cor_write_gpkg(path, net, NULL, NULL, &err), COR_OK);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(q_int(db, "SELECT count(*) FROM pragma_table_info('links') WHERE name = 'flow'"), 0);
    sqlite3_close(db);
    tu_rmtree(dir);
    free(dir);
    cor_network_destroy(net);
#endif
}

static void gis_cartesian(void **state)
{
    (void)state;
    static const double L[][6] = {{1, 2, 1, 10, 0, 0}, {2, 1, 1, 10, 0, 0}};
    cor_network *net = tu_net(2, 0, 2, L);
    net->node_x[0] = 690309; net->node_y[0] = 1976022;
    net->node_x[1] = 683649; net->node_y[1] = 1973025;
    char *dir = tu_tmpdir();
    char p[4096];
    cor_error err = {0};
    snprintf(p, sizeof p, "%s/l.geojson", dir);
    assert_int_equal(cor_write_geojson_links(p, net, NULL, NULL, &err), COR_OK);
    char *s = slurp(p);
    assert_non_null(strstr(s, "\"corridor:crs\":\"undefined cartesian\""));
    assert_non_null(strstr(s, "[690309,1976022]"));
    free(s);
#ifdef COR_HAVE_SQLITE
    snprintf(p, sizeof p, "%s/r.gpkg", dir);
    assert_int_equal(cor_write_gpkg(p, net, NULL, NULL, &err), COR_OK);
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(q_int(db, "SELECT count(*) FROM gpkg_geometry_columns WHERE srs_id = -1"), 2);
    assert_int_equal(q_int(db, "SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id IN (-1, 0, 4326)"), 3);
    sqlite3_close(db);
#endif
    tu_rmtree(dir);
    free(dir);
    cor_network_destroy(net);
}

/* Mode and node styles come from the caller: none = solid lines, no mode
 * totals, plain nodes; a style of its own names its modes and node types. */
static void report_styles(void **state)
{
    (void)state;
    cor_network *net = caucasus();
    fake f;
    fake_solution(&f, net, BASE_FLOWS);
    cor_error err = {0};
    for (int pass = 0; pass < 2; pass++) {
        cor_report *r = cor_report_create("styles");
        cor_report_case c = {.label = "Base", .net = net, .sol = &f.sol, .class_names = CLASSES};
        assert_int_equal(cor_report_add_case(r, &c, &err), COR_OK);
        static const cor_report_mode M[] = {{"road", {0}, 0}, {"rail", {2, 1}, 2}};
        cor_report_style s = {2, M, "port", "harbour", NULL, NULL};
        if (pass) assert_int_equal(cor_report_set_style(r, &s, &err), COR_OK);
        char *dir = tu_tmpdir();
        assert_int_equal(cor_report_write(r, dir, &err), COR_OK);
        char p[4096];
        snprintf(p, sizeof p, "%s/index.html", dir);
        char *h = slurp(p), *map = svg_by_id(h, "map0");
        char *e1 = attrs_of(map, "L1"), *e3 = attrs_of(map, "L3");
        if (!pass) {
            assert_null(strstr(map, "stroke-dasharray"));
            assert_null(strstr(h, "Flow \xc3\x97 length by mode"));
            assert_null(strstr(h, "<b>Nodes</b>"));
            assert_null(strstr(map, "class=\"node port\""));
        } else {
            /* rail: 13 px wide (the most flow) x width 2, dashes 2 and 1 x 13 / 2.5 */
            assert_non_null(strstr(e1, "stroke-dasharray=\"10.4 5.2\""));
            assert_non_null(strstr(e1, "stroke-width=\"26.00\""));
            assert_null(strstr(e3, "stroke-dasharray"));                   /* road solid */
            assert_non_null(strstr(h, "Flow \xc3\x97 length by mode"));
            assert_non_null(strstr(h, "</svg> harbour</span>"));
            assert_non_null(strstr(map, "class=\"node port\""));
            assert_null(strstr(map, "class=\"lborder\""));               /* no border type */
            assert_non_null(strstr(h, "<td>&#8195;by rail</td>"));
        }
        free(e1);
        free(e3);
        free(map);
        free(h);
        cor_report_destroy(r);
        tu_rmtree(dir);
        free(dir);
    }
    cor_report *r = cor_report_create("bad");
    cor_report_mode many[COR_REPORT_MAX_MODES + 1] = {{"m", {0}, 0}};
    cor_report_style s = {COR_REPORT_MAX_MODES + 1, many, NULL, NULL, NULL, NULL};
    assert_int_equal(cor_report_set_style(r, &s, &err), COR_E_USAGE);
    cor_report_destroy(r);
    cor_network_destroy(net);
}

static void html_report(void **state)
{
    (void)state;
    cor_network *net = caucasus();
    fake f;
    fake_solution(&f, net, BASE_FLOWS);
    cor_error err = {0};
    cor_report *r = cor_report_create("Caucasus <test> & co");
    assert_non_null(r);
    cor_report_case c = {.label = "Base 2025", .net = net, .sol = &f.sol, .class_names = CLASSES,
                         .flow_unit = "t/yr", .time_unit = "h", .cost_unit = "USD/t"};
    assert_int_equal(cor_report_add_case(r, &c, &err), COR_OK);
    cor_report_mode modes[COR_MODE_COUNT];
    cor_report_style fs = cor_report_style_freight(modes);
    assert_int_equal(cor_report_set_style(r, &fs, &err), COR_OK);
    const char *cols[] = {"corridor", "Mt/yr"};
    const char *cells[] = {"Middle <Trans-Caspian>", "3.32", "Northern", "5.69"};
    cor_report_table t = {"Corridor table", "A note.", 2, 2, cols, cells};
    assert_int_equal(cor_report_add_table(r, &t, &err), COR_OK);
    const char *cats[] = {"GE", "AZ"}, *ser[] = {"containers", "oil"};
    const double vals[] = {1.5, 2.5, 0.5, NAN};
    cor_report_bars bars = {"Exposure bars", "Mt/yr", NULL, COR_BARS_STACKED, 2, 2, cats, ser, vals};
    assert_int_equal(cor_report_add_bars(r, &bars, &err), COR_OK);
    assert_int_equal(cor_report_add_note(r, "Sources", "FACTS.md [S17] & others", &err), COR_OK);
    char *dir = tu_tmpdir();
    assert_int_equal(cor_report_write(r, dir, &err), COR_OK);
    char p[4096];
    snprintf(p, sizeof p, "%s/index.html", dir);
    char *s = slurp(p);
    assert_non_null(s);
    /* the GIS files beside it */
    snprintf(p, sizeof p, "%s/links.geojson", dir);
    assert_true(file_exists(p));
    snprintf(p, sizeof p, "%s/nodes.geojson", dir);
    assert_true(file_exists(p));
#ifdef COR_HAVE_SQLITE
    snprintf(p, sizeof p, "%s/results.gpkg", dir);
    assert_true(file_exists(p));
#endif
    /* self-contained: nothing fetched */
    assert_null(strstr(s, "http://"));
    assert_null(strstr(s, "https://"));
    assert_null(strstr(s, " src="));
    assert_null(strstr(s, "<link"));
    assert_non_null(strstr(s, "<title>Caucasus &lt;test&gt; &amp; co</title>"));
    /* map: one path per link with flow (L1, L2, L3), two without */
    char *map = svg_by_id(s, "map0");
    assert_non_null(map);
    assert_int_equal(count(map, "class=\"link flow\""), 3);
    assert_int_equal(count(map, "class=\"link noflow\""), 2);
    assert_int_equal(count(map, "<path class=\"link"), 5);
    /* widths: L1 and L2 carry the most (500000) -> 13, L3 half -> 1.3 + 11.7 * 0.5 */
    assert_int_equal(count(map, "stroke-width=\"13.00\""), 2);
    assert_non_null(strstr(map, "stroke-width=\"7.15\""));
    /* colour by v/c: L1/L2 0.5 -> second class; L3 no capacity -> blue */
    assert_int_equal(count(map, "stroke=\"#91cf60\""), 2);
    assert_int_equal(count(map, "stroke=\"#3b6ea8\""), 1);
    /* road is dashed, rail solid; the geometry of L1 has 3 points */
    char *e1 = attrs_of(map, "L1"), *e3 = attrs_of(map, "L3");
    assert_null(strstr(e1, "stroke-dasharray"));
    assert_non_null(strstr(e3, "stroke-dasharray"));
    assert_int_equal(count(strstr(e1, " d=\"M"), "L"), 2);   /* M p0 L p1 L p2 */
    free(e1);
    free(e3);
    /* tooltip of L1 */
    assert_non_null(strstr(map, "<title>Baku-Boyuk Kesik rail\nBaku port \xe2\x86\x92 Boyuk Kesik (link L1)\n"
                                "mode: rail\nflow: 500,000 t/yr\n  containers: 300,000\n  oil &amp; gas: 200,000\n"
                                "v/c: 0.50, time: 3 h, cost: 12.5 USD/t"));
    /* outlines of the countries around, labels of ports and borders */
    assert_non_null(strstr(map, "<title>Georgia</title>"));
    assert_non_null(strstr(map, "<title>Azerbaijan</title>"));
    assert_non_null(strstr(map, ">Baku port</text>"));
    assert_non_null(strstr(map, ">Poti &lt;port&gt; &amp; co</text>"));
    assert_non_null(strstr(map, "class=\"lborder\""));
    free(map);
    /* sections: summary, convergence (4 points), mode bars, caller sections */
    assert_non_null(strstr(s, "relative gap (log)"));
    assert_int_equal(count(s, "<circle class=\"pt\""), 4);
    assert_non_null(strstr(s, "Flow \xc3\x97 length by mode"));
    assert_non_null(strstr(s, "<h2>Corridor table</h2>"));
    assert_non_null(strstr(s, "<td>Middle &lt;Trans-Caspian&gt;</td><td class=\"n\">3.32</td>"));
    assert_non_null(strstr(s, "<h2>Exposure bars</h2>"));
    assert_int_equal(count(s, "<rect class=\"bar\""), 3 + 3);   /* 3 here (NaN skipped) + mode bars */
    assert_non_null(strstr(s, "<title>GE \xe2\x80\x94 oil: 2.5 Mt/yr</title>"));
    assert_non_null(strstr(s, "<p>FACTS.md [S17] &amp; others</p>"));
    assert_non_null(strstr(s, "Natural Earth"));
    assert_null(strstr(s, "id=\"scenarios\""));
    free(s);
    cor_report_destroy(r);
    tu_rmtree(dir);
    free(dir);
    cor_network_destroy(net);
}

static void scenario_difference(void **state)
{
    (void)state;
    cor_network *net = caucasus();
    fake f0, f1;
    fake_solution(&f0, net, BASE_FLOWS);
    /* the scenario moves 100,000 t of containers from L2 to L5 and adds L3 flow */
    static const double S[5][2] = {{300000, 200000}, {200000, 200000}, {300000, 0}, {0, 0}, {100000, 0}};
    fake_solution(&f1, net, S);
    uint8_t open[5] = {1, 1, 1, 0, 1};
    open[cor_network_find_link(net, "L4")] = 0;
    cor_error err = {0};
    cor_report *r = cor_report_create("with a scenario");
    cor_report_case c0 = {.label = "Base", .net = net, .sol = &f0.sol, .class_names = CLASSES};
    cor_report_case c1 = {.label = "Road closed", .net = net, .sol = &f1.sol, .class_names = CLASSES, .link_open = open};
    assert_int_equal(cor_report_add_case(r, &c0, &err), COR_OK);
    assert_int_equal(cor_report_add_case(r, &c1, &err), COR_OK);
    char *dir = tu_tmpdir();
    char p[4096];
    snprintf(p, sizeof p, "%s/index.html", dir);
    assert_int_equal(cor_report_write_html(r, p, &err), COR_OK);
    assert_int_equal(tu_count_files(dir), 1);
    char *s = slurp(p);
    char *map = svg_by_id(s, "map1");
    assert_non_null(map);
    /* changed: L2 (-100000), L3 (+50000), L5 (+100000) */
    assert_int_equal(count(map, "class=\"link flow"), 3);
    assert_int_equal(count(map, "stroke=\"#c0392b\""), 2);  /* increases */
    assert_int_equal(count(map, "stroke=\"#2166ac\""), 1);  /* decrease */
    assert_int_equal(count(map, "class=\"link noflow closed\""), 1);
    assert_non_null(strstr(map, "flow: 400,000 (base 500,000, change -100,000)"));
    free(map);
    /* side by side: one column per case; largest changes table */
    assert_non_null(strstr(s, "<th>measure</th><th>Base</th><th>Road closed</th>"));
    assert_non_null(strstr(s, "<h3>Largest changes</h3>"));
    assert_non_null(strstr(s, "<td class=\"n down\">-100,000</td>"));
    free(s);
    cor_report_destroy(r);
    tu_rmtree(dir);
    free(dir);
    cor_network_destroy(net);
}

static void error_paths(void **state)
{
    (void)state;
    cor_error err = {0};
    cor_report *r = cor_report_create(NULL);
    char *dir = tu_tmpdir();
    assert_int_equal(cor_report_write(r, dir, &err), COR_E_USAGE);
    cor_report_table t = {NULL, NULL, 0, 1, NULL, NULL};
    assert_int_equal(cor_report_add_table(r, &t, &err), COR_E_USAGE);
    const char *cats[] = {"a", "b"};
    const double v[] = {1, 2, 3, 4};
    cor_report_bars b = {"two series, no names", NULL, NULL, COR_BARS_STACKED, 2, 2, cats, NULL, v};
    assert_int_equal(cor_report_add_bars(r, &b, &err), COR_E_USAGE);
    cor_network *net = caucasus();
    fake f;
    fake_solution(&f, net, BASE_FLOWS);
    f.sol.n_links = 3;
    cor_report_case c = {.net = net, .sol = &f.sol};
    assert_int_equal(cor_report_add_case(r, &c, &err), COR_E_USAGE);
    assert_non_null(strstr(err.msg, "3 links"));
    assert_int_equal(cor_write_geojson_links("x.geojson", net, &f.sol, NULL, &err), COR_E_USAGE);
    f.sol.n_links = 5;
    assert_int_equal(cor_report_add_case(r, &c, &err), COR_OK);
    char bad[4096];
    snprintf(bad, sizeof bad, "%s/missing/dir", dir);
    assert_int_equal(cor_report_write(r, bad, &err), COR_E_IO);
    assert_int_equal(tu_count_files(dir), 0);
    assert_int_equal(cor_report_write(r, dir, &err), COR_OK);
    assert_int_equal(tu_count_files(dir), 3 + (
#ifdef COR_HAVE_SQLITE
                                               1
#else
                                               0
#endif
                                               ));
    cor_report_destroy(r);
    cor_report_destroy(NULL);
    tu_rmtree(dir);
    free(dir);
    cor_network_destroy(net);
}

static void freight_eurasia(void **state)
{
    (void)state;
    const char *data = tu_src("data/eurasia");
    if (!cor_freight_dir_is_freight(data)) skip();
    cor_error err = {0};
    cor_freight *f = NULL;
    cor_freight_opts o = {0};
    assert_int_equal(cor_freight_load(data, &o, &f, &err), COR_OK);
    cor_scenario *sc = NULL;
    assert_int_equal(cor_scenario_load(tu_src("data/eurasia/scenarios/tripp-open.scenario"), &sc, &err), COR_OK);
    char *dir = tu_tmpdir();
    const cor_scenario *const list[] = {sc};
    cor_case *model = NULL, *cases[2];
    assert_int_equal(cor_case_from_freight(f, &model, &err), COR_OK);
    assert_int_equal(cor_case_solve_all(model, list, 1, cases, &err), COR_OK);
    cor_report_mode modes[COR_MODE_COUNT];
    cor_report_style fs = cor_report_style_freight(modes);
    assert_int_equal(cor_report_freight(cases, 2, "Eurasia", "test", &fs, dir, &err), COR_OK);
    cor_case_destroy(cases[0]);
    cor_case_destroy(cases[1]);
    cor_case_destroy(model);
    char p[4096];
    snprintf(p, sizeof p, "%s/index.html", dir);
    char *s = slurp(p);
    assert_non_null(s);
    const cor_network *net = cor_freight_network(f);
    char *map = svg_by_id(s, "map0");
    assert_int_equal(count(map, "<path class=\"link"), net->n_links);
    assert_true(count(map, "class=\"link flow\"") > 20);
    free(map);
    assert_non_null(strstr(s, "<h2>Tonnes by corridor and class \xe2\x80\x94 Base</h2>"));
    assert_non_null(strstr(s, "Door-to-door days by corridor"));
    assert_non_null(strstr(s, "<h2>Transit-country exposure</h2>"));
    assert_non_null(strstr(s, "<h2>Corridors, base and scenarios</h2>"));
    assert_non_null(strstr(s, "TRIPP (Syunik)"));
    /* key links: the TRIPP rail is closed in the base, carries flow with TRIPP open */
    const char *kl = strstr(s, "<h2>TRIPP links and ferry crossings</h2>");
    assert_non_null(kl);
    const char *tr = strstr(kl, "<td>TRIPP rail Aghband border-Meghri</td>");
    assert_non_null(tr);
    assert_non_null(strstr(tr, "<td>rail</td><td>closed</td><td class=\"n\">"));
    assert_non_null(strstr(s, "id=\"map1\""));   /* difference map of the scenario */
    free(s);
    snprintf(p, sizeof p, "%s/links.geojson", dir);
    s = slurp(p);
    assert_int_equal(count(s, "\"type\":\"LineString\""), net->n_links);
    assert_non_null(strstr(s, "\"flow_containers\":"));
    assert_null(strstr(s, "\"flow_change\""));
    free(s);
    /* the scenario's layers: GeoJSON files and GeoPackage tables with flow_change */
    snprintf(p, sizeof p, "%s/links_tripp_open.geojson", dir);
    s = slurp(p);
    assert_non_null(s);
    assert_int_equal(count(s, "\"flow_change\":"), net->n_links);
    free(s);
    snprintf(p, sizeof p, "%s/nodes_tripp_open.geojson", dir);
    assert_true(file_exists(p));
#ifdef COR_HAVE_SQLITE
    snprintf(p, sizeof p, "%s/results.gpkg", dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(q_int(db, "SELECT count(*) FROM gpkg_contents"), 4);
    assert_int_equal(q_int(db, "SELECT count(*) FROM links_tripp_open"), net->n_links);
    /* the TRIPP rail carries flow only in the scenario: its change is its flow */
    assert_int_equal(q_int(db, "SELECT count(*) FROM links_tripp_open WHERE name LIKE 'TRIPP rail%' "
                               "AND flow > 0 AND abs(flow_change - flow) < 1e-6"), 
                     q_int(db, "SELECT count(*) FROM links_tripp_open WHERE name LIKE 'TRIPP rail%' AND flow > 0"));
    assert_true(q_int(db, "SELECT count(*) FROM links_tripp_open WHERE name LIKE 'TRIPP rail%' AND flow > 0") > 0);
    /* flow_change sums the scenario minus the base over matching links */
    assert_int_equal(q_int(db, "SELECT count(*) FROM links_tripp_open s JOIN links b USING (link_id) "
                               "WHERE abs(s.flow - b.flow - s.flow_change) > 1e-6 * (1 + abs(s.flow))"), 0);
    sqlite3_close(db);
#endif
    cor_scenario_destroy(sc);
    cor_freight_destroy(f);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wkt_linestrings),
        cmocka_unit_test(lonlat_detection),
        cmocka_unit_test(number_formats),
        cmocka_unit_test(geojson_files),
        cmocka_unit_test(gpkg_structure),
        cmocka_unit_test(gis_cartesian),
        cmocka_unit_test(html_report),
        cmocka_unit_test(report_styles),
        cmocka_unit_test(scenario_difference),
        cmocka_unit_test(error_paths),
        cmocka_unit_test(freight_eurasia),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
