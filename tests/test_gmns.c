/* GMNS CSV reader: closed-form equilibrium on a GMNS fixture, a Sioux Falls
 * TNTP -> GMNS -> network round trip, the tolerance rules (BOM, CRLF, quoted
 * WKT, dir_flag, VDF_* columns, empty directed, extra columns, units) and
 * every input error with its file, line and field. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define COR_FUZZ_REPLAY 1
#include "fuzz/fuzz_gmns.c"
#include "fuzz/fuzz_gmns_demand.c"

/* ---- helpers ---------------------------------------------------------------- */

static cor_solution *solve(const cor_network *net, const cor_demand *d, int max_iter, double gap)
{
    cor_class *c = calloc((size_t)d->n_classes, sizeof *c);
    for (int k = 0; k < d->n_classes; k++) {
        c[k].name = d->class_name[k];
        c[k].demand = d->od + (size_t)k * d->n_zones * d->n_zones;
        c[k].vot = 1;
    }
    cor_problem p = {.net = net, .n_classes = d->n_classes, .classes = c};
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.method = COR_METHOD_BFW;
    par.gap = gap;
    par.max_iter = max_iter;
    par.threads = 1;
    cor_solution *s = NULL;
    cor_error err = {0};
    cor_status st = cor_assign(&p, &par, &s, &err);
    if (st != COR_OK && st != COR_E_NOCONV) fail_msg("assign: status %d: %s", st, err.msg);
    assert_non_null(s);
    free(c);
    return s;
}

/* Writes the given files (name, text pairs, NULL-terminated) into a new
 * temporary directory and returns it. */
static char *case_dir(const char *name, ...)
{
    char *dir = tu_tmpdir();
    va_list ap;
    va_start(ap, name);
    for (const char *n = name; n; n = va_arg(ap, const char *)) {
        const char *text = va_arg(ap, const char *);
        free(tu_write(dir, n, text));
    }
    va_end(ap);
    return dir;
}

static const char NODES3[] = "node_id,x_coord,y_coord,zone_id\n1,0,0,1\n2,1,0,\n3,2,0,3\n";

/* Reads dir, expects failure with `code`, and checks every fragment occurs
 * in the message.  Removes dir. */
static void expect_error(char *dir, cor_status code, const char *const *frags)
{
    cor_network *net = (cor_network *)(intptr_t)1;
    cor_demand *dem = (cor_demand *)(intptr_t)1;
    cor_error err = {0};
    cor_status st = cor_read_gmns(dir, &net, &dem, &err);
    if (st != code) fail_msg("status %d (%s), expected %d", st, err.msg, code);
    assert_null(net);
    assert_null(dem);
    for (const char *const *f = frags; *f; f++)
        if (!strstr(err.msg, *f)) fail_msg("message '%s' lacks '%s'", err.msg, *f);
    tu_rmtree(dir);
    free(dir);
}

static cor_network *read_ok(const char *dir, cor_demand **dem)
{
    cor_network *net = NULL;
    cor_error err = {0};
    cor_status st = cor_read_gmns(dir, &net, dem, &err);
    if (st != COR_OK) fail_msg("cor_read_gmns(%s): %s", dir, err.msg);
    assert_non_null(net);
    return net;
}

static const char *lcol(const cor_network *net, const char *col, const char *link)
{
    int c = cor_network_link_col(net, col);
    if (c < 0) fail_msg("no extra link column '%s'", col);
    int32_t a = cor_network_find_link(net, link);
    if (a < 0) fail_msg("no link '%s'", link);
    return net->link_extra.values[c][a];
}

static int32_t link_of(const cor_network *net, const char *id)
{
    int32_t a = cor_network_find_link(net, id);
    if (a < 0) fail_msg("no link '%s'", id);
    return a;
}

/* ---- the closed-form fixture -------------------------------------------- */

/* tests/data/gmns/two_link: two parallel links 1 -> 2 with BPR alpha 1,
 * beta 1 (linear), free-flow times from length / free_speed in km and km/h,
 * capacity = capacity x lanes, demand D.  Equilibrium:
 *   t01 (1 + v1/c1) = t02 (1 + (D - v1)/c2)
 *   v1 = (t02 - t01 + t02 D / c2) / (t01 / c1 + t02 / c2). */
static void two_link_closed_form(void **state)
{
    (void)state;
    cor_demand *dem = NULL;
    cor_network *net = read_ok(tu_src("tests/data/gmns/two_link"), &dem);
    assert_non_null(dem);
    assert_int_equal(net->n_nodes, 2);
    assert_int_equal(net->n_links, 2);
    assert_int_equal(net->n_zones, 2);
    int32_t a = link_of(net, "short"), b = link_of(net, "long");
    /* length 10 km and 20 km at 60 km/h: 60 * length / speed minutes */
    tu_close(net->fftime[a], 60.0 * 10 / 60, 1e-15);
    tu_close(net->fftime[b], 60.0 * 20 / 60, 1e-15);
    tu_close(net->capacity[a], 50.0 * 2, 1e-15); /* per-lane capacity x lanes */
    tu_close(net->capacity[b], 200.0 * 1, 1e-15);
    tu_close(net->vdf_alpha[a], 1, 0);
    tu_close(net->vdf_beta[b], 1, 0);
    assert_int_equal(net->vdf_kind[a], COR_VDF_BPR);
    tu_close(net->length[b], 20, 0);
    tu_close(net->speed[b], 60, 0);
    assert_string_equal(lcol(net, "allowed_uses", "short"), "auto;truck");
    assert_string_equal(lcol(net, "lanes", "short"), "2");
    assert_int_equal(cor_network_node_col(net, "name") >= 0, 1);
    assert_string_equal(net->node_extra.values[cor_network_node_col(net, "name")][1], "destination");
    assert_int_equal(dem->n_classes, 1);
    assert_string_equal(dem->class_name[0], "all");
    double D = dem->od[0 * 2 + 1];
    tu_close(D, 1000, 0);

    cor_solution *s = solve(net, dem, 1000, 1e-12);
    double t1 = net->fftime[a], t2 = net->fftime[b], c1 = net->capacity[a], c2 = net->capacity[b];
    double v1 = (t2 - t1 + t2 * D / c2) / (t1 / c1 + t2 / c2), v2 = D - v1;
    tu_close(s->flow[a], v1, 1e-9);
    tu_close(s->flow[b], v2, 1e-9);
    tu_close(s->time[a], t1 * (1 + v1 / c1), 1e-9);
    tu_close(s->time[b], s->time[a], 1e-9);
    double obj = t1 * v1 + t1 * v1 * v1 / (2 * c1) + t2 * v2 + t2 * v2 * v2 / (2 * c2);
    tu_close(s->objective, obj, 1e-9);
    cor_solution_destroy(s);
    cor_demand_destroy(dem);
    cor_network_destroy(net);
}

/* ---- Sioux Falls: TNTP -> GMNS -> network ------------------------------------ */

static void write_gmns(const char *dir, const cor_network *net, const cor_demand *d)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/node.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "node_id,x_coord,y_coord,zone_id,node_type\n");
    for (int32_t u = 0; u < net->n_nodes; u++) {
        int32_t z = net->node_zone[u];
        fprintf(f, "%s,,,%s,%s\n", net->node_id[u], z >= 0 ? net->zone_id[z] : "",
                net->no_thru[u] ? "centroid" : "");
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/link.csv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    /* columns in an unusual order, DTALite-style VDF columns */
    fprintf(f, "from_node_id,to_node_id,link_id,directed,length,VDF_fftt1,VDF_cap1,VDF_alpha1,VDF_beta1,toll,link_type\n");
    for (int32_t k = 0; k < net->n_links; k++) {
        int32_t a = net->link_by_order[k];
        fprintf(f, "%s,%s,%s,1,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%d\n", net->node_id[net->link_from[a]],
                net->node_id[net->link_to[a]], net->link_id[a], net->length[a], net->fftime[a],
                net->capacity[a], net->vdf_alpha[a], net->vdf_beta[a], net->toll[a], net->link_type[a]);
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/demand.csv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "o_zone_id,d_zone_id,volume\n");
    for (int32_t o = 0; o < d->n_zones; o++)
        for (int32_t z = 0; z < d->n_zones; z++) {
            double v = d->od[(size_t)o * d->n_zones + z];
            if (v != 0) fprintf(f, "%s,%s,%.17g\n", net->zone_id[o], net->zone_id[z], v);
        }
    fclose(f);
}

static void siouxfalls_roundtrip(void **state)
{
    (void)state;
    const char *np = tu_shared("tntp/SiouxFalls_net.tntp");
    const char *tp = tu_shared("tntp/SiouxFalls_trips.tntp");
    if (!np || !tp) skip();
    cor_error err = {0};
    cor_network *tn = NULL;
    cor_demand *td = NULL;
    assert_int_equal(cor_read_tntp_net(np, &tn, &err), COR_OK);
    assert_int_equal(cor_read_tntp_trips(tp, tn, &td, &err), COR_OK);
    char *dir = tu_tmpdir();
    write_gmns(dir, tn, td);
    cor_demand *gd = NULL;
    cor_network *gn = read_ok(dir, &gd);
    assert_non_null(gd);
    assert_int_equal(gn->n_links, tn->n_links);
    assert_int_equal(gn->n_nodes, tn->n_nodes);
    assert_int_equal(gn->n_zones, tn->n_zones);
    for (int32_t a = 0; a < tn->n_links; a++) {
        int32_t g = link_of(gn, tn->link_id[a]);
        assert_string_equal(gn->node_id[gn->link_from[g]], tn->node_id[tn->link_from[a]]);
        assert_string_equal(gn->node_id[gn->link_to[g]], tn->node_id[tn->link_to[a]]);
        assert_true(gn->fftime[g] == tn->fftime[a]);
        assert_true(gn->capacity[g] == tn->capacity[a]);
        assert_true(gn->vdf_alpha[g] == tn->vdf_alpha[a]);
        assert_true(gn->vdf_beta[g] == tn->vdf_beta[a]);
        assert_true(gn->length[g] == tn->length[a]);
        assert_int_equal(gn->vdf_kind[g], tn->vdf_kind[a]);
    }
    tu_close(cor_demand_total(gd, -1), cor_demand_total(td, -1), 1e-12);
    cor_solution *st = solve(tn, td, 200, 1e-5);
    cor_solution *sg = solve(gn, gd, 200, 1e-5);
    tu_close(sg->objective, st->objective, 1e-9);
    tu_close(sg->relative_gap, st->relative_gap, 1e-6);
    for (int32_t a = 0; a < tn->n_links; a++)
        tu_close(sg->flow[link_of(gn, tn->link_id[a])], st->flow[a], 1e-6);
    cor_solution_destroy(st);
    cor_solution_destroy(sg);
    cor_demand_destroy(gd);
    cor_network_destroy(gn);
    cor_demand_destroy(td);
    cor_network_destroy(tn);
    tu_rmtree(dir);
    free(dir);
}

/* ---- tolerance ---------------------------------------------------------------- */

/* UTF-8 BOM, CRLF line ends, upper-case headers in another order, blank
 * lines and spreadsheet ",,,," rows, quoted WKT geometry with commas and a
 * doubled quote, a quoted field spanning two lines, empty `directed`,
 * `directed` false (reverse id "<id>r", or "<id>r2" when "<id>r" is taken),
 * a pandas index column with an empty name. */
static void bom_crlf_quotes_directed(void **state)
{
    (void)state;
    char *dir = case_dir(
        "node.csv", "\xEF\xBB\xBF" "NODE_ID,Y_Coord,X_Coord,Zone_ID\r\n1,40.5,44.5,z1\r\n2,41,45,\r\n\r\n3,42,46,z3\r\n,,,\r\n",
        "link.csv",
        "\xEF\xBB\xBF,Link_ID,From_Node_ID,To_Node_ID,Directed,Free_Flow_Time,Capacity,Geometry,Name\r\n"
        "0,a,1,2,,1.5,100,\"LINESTRING (44.5 40.5, 45 41)\",\"Road \"\"A\"\", north\"\r\n"
        "1,b,2,3,false,2.5,200,\"LINESTRING (45 41, 46 42)\",\"two\r\nlines\"\r\n"
        "2,br,3,1, FALSE ,3,300,,plain\r\n"
        ",,,,,,,,\r\n",
        NULL);
    cor_network *net = read_ok(dir, NULL);
    assert_int_equal(net->n_nodes, 3);
    assert_int_equal(net->n_zones, 2);
    assert_int_equal(net->n_links, 5); /* a, b, b's reverse, br, br's reverse */
    int32_t u1 = cor_network_find_node(net, "1");
    tu_close(net->node_x[u1], 44.5, 0);
    tu_close(net->node_y[u1], 40.5, 0);
    assert_int_equal(cor_network_find_zone(net, "z3"), 1);
    int32_t a = link_of(net, "a");
    assert_string_equal(net->node_id[net->link_from[a]], "1");
    tu_close(net->fftime[a], 1.5, 0);
    assert_string_equal(lcol(net, "geometry", "a"), "LINESTRING (44.5 40.5, 45 41)");
    assert_string_equal(lcol(net, "name", "a"), "Road \"A\", north");
    assert_string_equal(lcol(net, "name", "b"), "two\r\nlines");
    assert_string_equal(lcol(net, "directed", "a"), "");
    /* "br" is a link of the file, so b's reverse is "br2"; br's is "brr" */
    int32_t b = link_of(net, "b"), b2 = link_of(net, "br2"), br = link_of(net, "br"), brr = link_of(net, "brr");
    assert_int_equal(net->link_from[b2], net->link_to[b]);
    assert_int_equal(net->link_to[b2], net->link_from[b]);
    tu_close(net->fftime[b2], net->fftime[b], 0);
    tu_close(net->capacity[b2], 200, 0);
    assert_string_equal(lcol(net, "geometry", "br2"), "LINESTRING (45 41, 46 42)");
    assert_int_equal(net->link_from[brr], net->link_to[br]);
    assert_string_equal(lcol(net, "name", "brr"), "plain");
    /* the empty-named index column is dropped, names are lower-cased */
    assert_int_equal(net->link_extra.n_cols, 3);
    assert_true(cor_network_link_col(net, "name") >= 0);
    assert_true(cor_network_link_col(net, "directed") >= 0);
    cor_network_destroy(net);
    tu_rmtree(dir);
    free(dir);
}

/* dir_flag (DTALite): 1 forward, 0 both directions, -1 reverse; only read
 * when there is no `directed` column. */
static void dir_flag(void **state)
{
    (void)state;
    char *dir = case_dir("node.csv", NODES3, "link.csv",
                         "link_id,from_node_id,to_node_id,dir_flag,length,free_speed\n"
                         "f,1,2,1,10,50\nb,2,3,0,20,40\nr,3,1,-1,30,60\nd,1,3,,5,50\n",
                         NULL);
    cor_network *net = read_ok(dir, NULL);
    assert_int_equal(net->n_links, 5);
    int32_t f = link_of(net, "f"), br = link_of(net, "br"), r = link_of(net, "r"), d = link_of(net, "d");
    assert_string_equal(net->node_id[net->link_from[f]], "1");
    assert_string_equal(net->node_id[net->link_from[br]], "3");
    assert_string_equal(net->node_id[net->link_to[br]], "2");
    assert_string_equal(net->node_id[net->link_from[r]], "1"); /* -1: to -> from */
    assert_string_equal(net->node_id[net->link_to[r]], "3");
    assert_string_equal(net->node_id[net->link_to[d]], "3");
    /* no config.csv: 60 * length / free_speed */
    tu_close(net->fftime[br], 60.0 * 20 / 40, 1e-15);
    tu_close(net->fftime[r], 60.0 * 30 / 60, 1e-15);
    /* no capacity column: uncongested */
    assert_int_equal(net->vdf_kind[f], COR_VDF_CONSTANT);
    assert_string_equal(lcol(net, "dir_flag", "r"), "-1");
    cor_network_destroy(net);
    tu_rmtree(dir);
    free(dir);
    /* with a `directed` column, dir_flag is only kept (GMNS: shape order) */
    dir = case_dir("node.csv", NODES3, "link.csv",
                   "link_id,from_node_id,to_node_id,directed,dir_flag,free_flow_time\nr,3,1,true,-1,4\n", NULL);
    net = read_ok(dir, NULL);
    assert_int_equal(net->n_links, 1);
    assert_string_equal(net->node_id[net->link_from[0]], "3");
    cor_network_destroy(net);
    tu_rmtree(dir);
    free(dir);
}

/* VDF_alpha1/VDF_beta1/VDF_fftt1/VDF_cap1 win over vdf_alpha/vdf_beta/
 * free_flow_time/capacity x lanes; BPR defaults 0.15 and 4; other periods
 * are kept as extras. */
static void vdf_columns(void **state)
{
    (void)state;
    char *dir = case_dir("node.csv", NODES3, "link.csv",
                         "link_id,from_node_id,to_node_id,directed,length,free_speed,capacity,lanes,"
                         "VDF_fftt1,VDF_cap1,VDF_alpha1,VDF_beta1,vdf_alpha,vdf_beta,free_flow_time,VDF_alpha2\n"
                         "x,1,2,1,10,50,1000,2,7.5,1800,0.5,2,0.9,9,99,0.3\n"
                         "y,2,3,1,10,50,1000,2,,,,,0.25,5,12,\n"
                         "z,1,3,1,10,50,1000,3,,,,,,,,\n",
                         NULL);
    cor_network *net = read_ok(dir, NULL);
    int32_t x = link_of(net, "x"), y = link_of(net, "y"), z = link_of(net, "z");
    tu_close(net->fftime[x], 7.5, 0);
    tu_close(net->capacity[x], 1800, 0);
    tu_close(net->vdf_alpha[x], 0.5, 0);
    tu_close(net->vdf_beta[x], 2, 0);
    tu_close(net->fftime[y], 12, 0);
    tu_close(net->capacity[y], 2000, 0);
    tu_close(net->vdf_alpha[y], 0.25, 0);
    tu_close(net->vdf_beta[y], 5, 0);
    tu_close(net->fftime[z], 60.0 * 10 / 50, 1e-15);
    tu_close(net->capacity[z], 3000, 0);
    tu_close(net->vdf_alpha[z], 0.15, 0);
    tu_close(net->vdf_beta[z], 4, 0);
    assert_int_equal(net->vdf_kind[z], COR_VDF_BPR);
    assert_string_equal(lcol(net, "vdf_alpha2", "x"), "0.3");
    assert_int_equal(cor_network_link_col(net, "vdf_alpha1"), -1);
    assert_int_equal(cor_network_link_col(net, "capacity"), -1);
    cor_network_destroy(net);
    tu_rmtree(dir);
    free(dir);
}

/* The layout of data/eurasia: string node ids, free_flow_time in hours,
 * vdf_alpha/vdf_beta, and many descriptive columns kept as extras. */
static void eurasia_layout(void **state)
{
    (void)state;
    char *dir = case_dir(
        "node.csv",
        "node_id,name,x_coord,y_coord,country,node_type,zone_id,source,notes\n"
        "cn_xian,Xi'an,108.94,34.34,CN,city,cn_xian,,\n"
        "kz_khorgos,Khorgos,80.25,44.21,KZ,border,,,\"dry port, gauge change\"\n"
        "az_baku,Baku,49.87,40.41,AZ,port,az_baku,,\n",
        "link.csv",
        "link_id,from_node_id,to_node_id,directed,name,mode,length,free_flow_time,capacity,cost,vdf_alpha,vdf_beta,"
        "country,corridor,status,opening_year,gauge,source,notes\n"
        "l1,cn_xian,kz_khorgos,false,Xi'an-Khorgos,rail,2900,60,12000000,85,0.15,4,CN,middle,operating,2016,1435,x,\n"
        "l2,kz_khorgos,az_baku,true,Caspian ferry,sea,480,30,4000000,40,0,1,KZ;AZ,middle,operating,,,,\n",
        NULL);
    cor_network *net = read_ok(dir, NULL);
    assert_int_equal(net->n_links, 3);
    assert_int_equal(net->n_zones, 2);
    int32_t l1 = link_of(net, "l1"), l1r = link_of(net, "l1r"), l2 = link_of(net, "l2");
    tu_close(net->fftime[l1], 60, 0);
    tu_close(net->capacity[l1r], 12000000, 0);
    tu_close(net->length[l1r], 2900, 0);
    assert_int_equal(net->vdf_kind[l1], COR_VDF_BPR);
    assert_int_equal(net->vdf_kind[l2], COR_VDF_CONSTANT); /* alpha 0 */
    assert_string_equal(lcol(net, "mode", "l2"), "sea");
    assert_string_equal(lcol(net, "cost", "l1r"), "85");
    assert_string_equal(lcol(net, "opening_year", "l1"), "2016");
    assert_string_equal(lcol(net, "corridor", "l1r"), "middle");
    assert_string_equal(lcol(net, "country", "l2"), "KZ;AZ");
    int c = cor_network_node_col(net, "notes");
    assert_true(c >= 0);
    assert_string_equal(net->node_extra.values[c][cor_network_find_node(net, "kz_khorgos")], "dry port, gauge change");
    assert_string_equal(net->node_extra.values[cor_network_node_col(net, "zone_id")][0], "cn_xian");
    assert_int_equal(net->no_thru[0], 0);
    cor_network_destroy(net);
    tu_rmtree(dir);
    free(dir);
}

/* A zone on several nodes gets a centroid "c_<zone>" (no through traffic)
 * with zero-time connectors; node_type "centroid" bars through traffic. */
static void shared_zone_centroid(void **state)
{
    (void)state;
    char *dir = case_dir(
        "node.csv", "node_id,x_coord,y_coord,zone_id,node_type\n1,0,0,A,\n2,2,4,A,\n3,5,5,B,centroid\n4,6,6,,\n",
        "link.csv", "link_id,from_node_id,to_node_id,directed,free_flow_time,capacity\n"
                    "13,1,3,1,10,100\n23,2,3,1,5,100\n34,3,4,1,1,100\n",
        "demand.csv", "o_zone_id,d_zone_id,volume\nA,B,30\n",
        NULL);
    cor_demand *dem = NULL;
    cor_network *net = read_ok(dir, &dem);
    assert_int_equal(net->n_nodes, 5);
    assert_int_equal(net->n_zones, 2);
    assert_int_equal(net->n_links, 7);
    int32_t c = cor_network_find_node(net, "c_A");
    assert_true(c >= 0);
    assert_int_equal(net->zone_node[cor_network_find_zone(net, "A")], c);
    assert_int_equal(net->no_thru[c], 1);
    assert_int_equal(net->no_thru[cor_network_find_node(net, "3")], 1);
    assert_int_equal(net->no_thru[cor_network_find_node(net, "1")], 0);
    tu_close(net->node_x[c], 1, 0);
    tu_close(net->node_y[c], 2, 0);
    int32_t out = link_of(net, "c_A-2"), in = link_of(net, "1-c_A");
    assert_int_equal(net->link_from[out], c);
    assert_string_equal(net->node_id[net->link_to[out]], "2");
    assert_int_equal(net->link_to[in], c);
    tu_close(net->fftime[out], 0, 0);
    assert_int_equal(net->vdf_kind[in], COR_VDF_CONSTANT);
    /* all of A's demand takes the faster node 2 */
    cor_solution *s = solve(net, dem, 100, 1e-9);
    tu_close(s->flow[link_of(net, "23")], 30, 1e-12);
    tu_close(s->flow[link_of(net, "13")], 0, 1e-12);
    cor_solution_destroy(s);
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    tu_rmtree(dir);
    free(dir);
}

/* config.csv units: miles and mph, nautical miles and knots, metres and
 * km/h; a missing speed unit defaults to long_length per hour. */
static void config_units(void **state)
{
    (void)state;
    static const struct { const char *cfg; double len, spd, minutes; } CASES[] = {
        {"long_length,speed\nmile,mph\n", 30, 60, 30},
        {"long_length,speed\nmi,kph\n", 10, 60, 60.0 * 10 * 1.609344 / 60},
        {"long_length,speed\nnmi,knots\n", 240, 12, 1200},
        {"short_length,long_length,speed\nfoot,meter,km/h\n", 1500, 90, 60.0 * 1.5 / 90},
        {"long_length\nkm\n", 45, 90, 30},
        {"speed\nm/s\n", 1000, 10, 60.0 * 1 / 36},
        {"dataset_name,long_length,speed\n", 50, 100, 30}, /* header only */
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        char link[256];
        snprintf(link, sizeof link, "link_id,from_node_id,to_node_id,length,free_speed\n1,1,2,%g,%g\n",
                 CASES[i].len, CASES[i].spd);
        char *dir = case_dir("node.csv", NODES3, "link.csv", link, "config.csv", CASES[i].cfg, NULL);
        cor_network *net = read_ok(dir, NULL);
        tu_close(net->fftime[0], CASES[i].minutes, 1e-12);
        tu_close(net->length[0], CASES[i].len, 0);
        cor_network_destroy(net);
        tu_rmtree(dir);
        free(dir);
    }
}

/* Demand classes in first-seen order; empty class = "all"; repeated OD
 * pairs add up; no class column = one class "all"; a demand.csv beside the
 * network is read only when asked for. */
static void demand_classes(void **state)
{
    (void)state;
    char *dir = case_dir("node.csv", NODES3, "link.csv",
                         "link_id,from_node_id,to_node_id,free_flow_time\n1,1,2,1\n2,2,3,1\n",
                         "demand.csv", "class,o_zone_id,volume,d_zone_id\ntruck,1,5,3\nrail,3,2.5,1\n,1,1,3\ntruck,1,1.5,3\n",
                         NULL);
    cor_demand *dem = NULL;
    cor_network *net = read_ok(dir, &dem);
    assert_non_null(dem);
    assert_int_equal(dem->n_classes, 3);
    assert_string_equal(dem->class_name[0], "truck");
    assert_string_equal(dem->class_name[1], "rail");
    assert_string_equal(dem->class_name[2], "all");
    int32_t z1 = cor_network_find_zone(net, "1"), z3 = cor_network_find_zone(net, "3");
    size_t nz = (size_t)dem->n_zones;
    tu_close(dem->od[(0 * nz + z1) * nz + z3], 6.5, 0);
    tu_close(dem->od[(1 * nz + z3) * nz + z1], 2.5, 0);
    tu_close(dem->od[(2 * nz + z1) * nz + z3], 1, 0);
    tu_close(cor_demand_total(dem, -1), 10, 0);
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    net = read_ok(dir, NULL); /* demand not asked for */
    char *other = tu_write(dir, "od.csv", "o_zone_id,d_zone_id,volume\n1,3,4\n3,1,\"2\"\n");
    cor_error err = {0};
    assert_int_equal(cor_read_gmns_demand(other, net, &dem, &err), COR_OK);
    assert_int_equal(dem->n_classes, 1);
    assert_string_equal(dem->class_name[0], "all");
    tu_close(cor_demand_total(dem, 0), 6, 0);
    cor_demand_destroy(dem);
    free(other);
    cor_network_destroy(net);
    tu_rmtree(dir);
    free(dir);
}

/* The layout of Path4GMNS's Chicago_Sketch: a header ending in ',' (an
 * unnamed last column holding ';'), dir_flag and no `directed`, length in
 * miles and free_speed in mph without config.csv, per-lane capacity and
 * lanes, DTALite's own columns (VDF_FFTT = 0 is not VDF_fftt1), zone ids
 * only on centroids, demand volume in a column named `value`. */
static void path4gmns_layout(void **state)
{
    (void)state;
    char *dir = case_dir(
        "node.csv", "name,node_id,zone_id,bin_index,node_type,control_type,x_coord,y_coord,geometry,production,attraction\n"
                    ",1,1,0,,,-87.675591,42.01165,,1,1\n,2,2,0,,,-87.699402,42.003548,,1,1\n"
                    ",547,,,,,-87.68,42.0,,,\n,548,,,,,-87.69,42.0,,,\n",
        "link.csv", "link_id,name,from_node_id,to_node_id,facility_type,link_type,dir_flag,length,lanes,"
                    "link_special_flag,free_speed,capacity,fftt_from_spd,From,To,CAP,Distance,Model_FFTT,VDF_FFTT,"
                    "ref_volume_p1,geometry,\n"
                    "1,,1,547,Highway,1,1,0.86267,1,,60,49500,0.86267,1,547,49500,0.86267,0,0,0,3,;\n"
                    "2,,547,548,Highway,2,1,1.5,2,,30,1800,3,547,548,1800,1.5,0,0,0,3,;\n"
                    "3,,548,2,Highway,1,1,0.5,1,,60,49500,0.5,548,2,49500,0.5,0,0,0,3,;\n",
        "demand.csv", "o_zone_id,d_zone_id,value\n1,1,273.18\n1,2,347.31\n",
        NULL);
    cor_demand *dem = NULL;
    cor_network *net = read_ok(dir, &dem);
    assert_int_equal(net->n_links, 3);
    assert_int_equal(net->n_zones, 2);
    int32_t a = link_of(net, "2");
    tu_close(net->fftime[a], 60.0 * 1.5 / 30, 1e-15);
    tu_close(net->capacity[a], 3600, 0);
    assert_int_equal(net->link_type[a], 2);
    assert_string_equal(lcol(net, "vdf_fftt", "2"), "0");
    assert_string_equal(lcol(net, "facility_type", "2"), "Highway");
    assert_string_equal(lcol(net, "from", "2"), "547");
    assert_true(cor_network_node_col(net, "bin_index") >= 0);
    size_t nz = (size_t)dem->n_zones;
    tu_close(dem->od[0 * nz + 1], 347.31, 0);
    tu_close(cor_demand_total(dem, -1), 273.18 + 347.31, 1e-15);
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    tu_rmtree(dir);
    free(dir);
}

/* No demand.csv: the network alone, *demand = NULL.  No link_id column:
 * ids are the row numbers.  road_link.csv (GMNS < 0.90) is read when
 * link.csv is absent. */
static void optional_files(void **state)
{
    (void)state;
    char *dir = case_dir("node.csv", NODES3, "road_link.csv",
                         "from_node_id,to_node_id,free_flow_time\n1,2,1\n2,3,2\n", NULL);
    cor_demand *dem = (cor_demand *)(intptr_t)1;
    cor_network *net = read_ok(dir, &dem);
    assert_null(dem);
    assert_int_equal(net->n_links, 2);
    tu_close(net->fftime[link_of(net, "2")], 2, 0);
    cor_network_destroy(net);
    /* and through cor_read_network, which picks GMNS for a directory */
    cor_error err = {0};
    assert_int_equal(cor_read_network(dir, &net, NULL, &err), COR_OK);
    assert_int_equal(net->n_links, 2);
    cor_network_destroy(net);
    tu_rmtree(dir);
    free(dir);
}

/* ---- errors -------------------------------------------------------------- */

#define ERR(...) ((const char *const[]){__VA_ARGS__, NULL})

static char *with_link(const char *link)
{
    return case_dir("node.csv", NODES3, "link.csv", link, NULL);
}

static const char LH[] = "link_id,from_node_id,to_node_id,directed,length,free_speed,capacity,free_flow_time,vdf_alpha,vdf_beta\n";

static void link_errors(void **state)
{
    (void)state;
    char buf[1024];
    static const struct { const char *rows; const char *frag[3]; } CASES[] = {
        {"1,1,2,1,1,1,abc,1,,\n", {"link.csv:2: field capacity", "abc"}},
        {"1,1,2,1,1,1,100,1,,\n2,1,9,1,1,1,100,1,,\n", {"link.csv:3: field to_node_id", "'9'"}},
        {"1,7,2,1,1,1,100,1,,\n", {"link.csv:2: field from_node_id", "'7'"}},
        {"1,1,2,1,1,1,100,1,,\n1,2,3,1,1,1,100,1,,\n", {"link.csv:3: field link_id", "duplicate", "line 2"}},
        {"1,1,2,1,1,1,-5,1,,\n", {"link.csv:2: field capacity", "negative"}},
        {"1,1,2,1,1,1,nan,1,,\n", {"link.csv:2: field capacity", "nan"}},
        {"1,1,2,1,1,1,100,inf,,\n", {"link.csv:2: field free_flow_time", "inf"}},
        {"1,1,2,1,1,1,100,-1,,\n", {"link.csv:2: field free_flow_time", "negative"}},
        {"1,1,2,1,1,1,0,1,,\n", {"link.csv:2: field capacity", "zero on a BPR link"}},
        {"1,1,2,1,1,1,100,1,0.15,-2\n", {"link.csv:2: field vdf_beta", "negative"}},
        {"1,1,2,maybe,1,1,100,1,,\n", {"link.csv:2: field directed", "maybe"}},
        {"1,1,2,1,,,100,,,\n", {"link.csv:2: field length", "free_flow_time"}},
        {"1,1,2,1,5,0,100,,,\n", {"link.csv:2: field free_speed", "zero"}},
        {"1,1,2,1,1,1,100,1,,,extra\n", {"link.csv:2", "11 fields", "10 columns"}},
        {"1,,2,1,1,1,100,1,,\n", {"link.csv:2: field from_node_id", "empty"}},
        {"\n\n,1,2,1,1,1,100,1,,\n", {"link.csv:4: field link_id", "empty"}},
        {"1,1,2,1,1,1,100,1,,\n2,1,\"3,1,1,1,100,1,,\n", {"link.csv:3", "quoted field never closed"}},
        {"", {"link.csv", "no link rows"}},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        snprintf(buf, sizeof buf, "%s%s", LH, CASES[i].rows);
        const char *frags[4] = {CASES[i].frag[0], CASES[i].frag[1], CASES[i].frag[2], NULL};
        expect_error(with_link(buf), COR_E_INPUT, frags);
    }
    expect_error(with_link("link_id,to_node_id,free_flow_time\n1,2,3\n"), COR_E_INPUT,
                 ERR("link.csv:1: field from_node_id", "required column missing"));
    expect_error(with_link("link_id,from_node_id,to_node_id,Capacity,capacity\n"), COR_E_INPUT,
                 ERR("link.csv:1: field capacity", "twice"));
    expect_error(with_link(""), COR_E_INPUT, ERR("link.csv", "empty file"));
    expect_error(with_link("link_id,from_node_id,to_node_id,link_type,free_flow_time\n1,1,2,1.5,1\n"),
                 COR_E_INPUT, ERR("link.csv:2: field link_type", "integer"));
}

/* Issue #13 item 12: vdf_beta (and VDF_beta1) take any finite power >= 0. */
static void large_vdf_beta(void **state)
{
    (void)state;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s1,1,2,1,1,1,100,1,0.15,16.83\n2,2,3,1,1,1,100,1,0.15,400\n", LH);
    char *dir = with_link(buf);
    cor_network *net = read_ok(dir, NULL);
    assert_true(net->vdf_beta[link_of(net, "1")] == 16.83);
    assert_true(net->vdf_beta[link_of(net, "2")] == 400);
    cor_network_destroy(net);
    tu_rmtree(dir);
    free(dir);
}

/* Issue #13 item 14: a self-loop is skipped, counted in net->notes naming
 * the first one's line; the other links load as without it; strict mode
 * (cor_case_opts.strict) refuses it. */
static void self_loops_skipped(void **state)
{
    (void)state;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s1,1,2,1,1,1,100,1,,\nloop,2,2,0,1,1,100,1,,\n2,2,3,1,1,1,100,1,,\nl2,3,3,1,1,1,100,1,,\n", LH);
    char *dir = with_link(buf);
    cor_network *net = read_ok(dir, NULL);
    assert_int_equal(net->n_links, 2);
    assert_true(link_of(net, "1") >= 0 && link_of(net, "2") >= 0);
    assert_non_null(net->notes);
    assert_non_null(strstr(net->notes, "link.csv:3: field to_node_id: equals from_node_id '2': self-loop skipped (2 in all;"));
    cor_network_destroy(net);
    cor_case *c = NULL;
    cor_error err = {0};
    cor_case_opts co = {.strict = 1};
    assert_int_equal(cor_case_open(dir, &co, &c, &err), COR_E_INPUT);
    assert_null(c);
    assert_non_null(strstr(err.msg, "link.csv:3: field to_node_id"));
    assert_non_null(strstr(err.msg, "refused in strict mode"));
    co.strict = 0;
    assert_int_equal(cor_case_open(dir, &co, &c, &err), COR_OK);
    assert_non_null(cor_case_network(c)->notes);
    cor_case_destroy(c);
    tu_rmtree(dir);
    free(dir);
}

static void node_and_file_errors(void **state)
{
    (void)state;
    static const char L[] = "link_id,from_node_id,to_node_id,free_flow_time\n1,1,2,1\n";
    expect_error(case_dir("link.csv", L, NULL), COR_E_IO, ERR("node.csv", "cannot open"));
    expect_error(case_dir("node.csv", NODES3, NULL), COR_E_IO, ERR("link.csv", "cannot open"));
    expect_error(case_dir("node.csv", "", "link.csv", L, NULL), COR_E_INPUT, ERR("node.csv", "empty file"));
    expect_error(case_dir("node.csv", "node_id,x_coord\n", "link.csv", L, NULL), COR_E_INPUT,
                 ERR("node.csv", "no node rows"));
    expect_error(case_dir("node.csv", "node_id;x_coord;y_coord\n1;0;0\n", "link.csv", L, NULL), COR_E_INPUT,
                 ERR("node.csv:1: field node_id", "';'-separated"));
    expect_error(case_dir("node.csv", "id,x_coord,y_coord\n1,0,0\n", "link.csv", L, NULL), COR_E_INPUT,
                 ERR("node.csv:1: field node_id", "required column missing"));
    expect_error(case_dir("node.csv", "node_id,x_coord,y_coord\n1,0,0\n2,0,0\n1,3,3\n", "link.csv", L, NULL),
                 COR_E_INPUT, ERR("node.csv:4: field node_id", "duplicate node id '1'"));
    expect_error(case_dir("node.csv", "node_id,x_coord,y_coord\n1,0,0\n2,east,0\n", "link.csv", L, NULL),
                 COR_E_INPUT, ERR("node.csv:3: field x_coord", "east"));
    expect_error(case_dir("node.csv", "node_id,y_coord\n1,0\n2,1e999\n", "link.csv", L, NULL),
                 COR_E_INPUT, ERR("node.csv:3: field y_coord"));
    expect_error(case_dir("node.csv", "node_id\n1\n\"2\n", "link.csv", L, NULL), COR_E_INPUT,
                 ERR("node.csv:3", "never closed"));
    expect_error(case_dir("node.csv", "node_id,zone_id\n1,A\n2,A\nc_A,\n", "link.csv", L, NULL), COR_E_INPUT,
                 ERR("node.csv", "zone 'A'", "c_A"));
    expect_error(case_dir("node.csv", NODES3, "link.csv", L, "config.csv", "long_length,speed\nfurlong,mph\n", NULL),
                 COR_E_INPUT, ERR("config.csv:2: field long_length", "furlong"));
    expect_error(case_dir("node.csv", NODES3, "link.csv", L, "config.csv", "long_length,speed\nkm,warp\n", NULL),
                 COR_E_INPUT, ERR("config.csv:2: field speed", "warp"));
}

static void demand_errors(void **state)
{
    (void)state;
    static const char L[] = "link_id,from_node_id,to_node_id,free_flow_time\n1,1,2,1\n2,2,3,1\n";
    static const struct { const char *dem; const char *frag[3]; } CASES[] = {
        {"o_zone_id,d_zone_id,volume\n1,3,5\n1,2,5\n", {"demand.csv:3: field d_zone_id", "unknown zone '2'"}},
        {"o_zone_id,d_zone_id,volume\n9,3,5\n", {"demand.csv:2: field o_zone_id", "'9'"}},
        {"o_zone_id,d_zone_id,volume\n1,3,-5\n", {"demand.csv:2: field volume", "negative"}},
        {"o_zone_id,d_zone_id,volume\n1,3,five\n", {"demand.csv:2: field volume", "five"}},
        {"o_zone_id,d_zone_id,volume\n1,3,NaN\n", {"demand.csv:2: field volume", "NaN"}},
        {"o_zone_id,d_zone_id,volume\n1,3,\n", {"demand.csv:2: field volume", "empty"}},
        {"o_zone_id,d_zone_id,trips\n1,3,1\n", {"demand.csv:1: field volume", "required column missing"}},
        {"o_zone_id,d_zone_id,volume\n1,3,1e308\n1,3,1e308\n", {"demand.csv:3: field volume", "overflows"}},
        {"o_zone_id,d_zone_id,volume\n", {"demand.csv", "no demand rows"}},
        {"", {"demand.csv", "empty file"}},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        const char *frags[4] = {CASES[i].frag[0], CASES[i].frag[1], CASES[i].frag[2], NULL};
        expect_error(case_dir("node.csv", NODES3, "link.csv", L, "demand.csv", CASES[i].dem, NULL),
                     COR_E_INPUT, frags);
    }
    /* 40000 zones: one dense class would need 11.9 GiB, refused before
     * anything is allocated */
    {
        size_t cap = 40000 * 16 + 64, len = 0;
        char *nodes = malloc(cap);
        len += (size_t)snprintf(nodes, cap, "node_id,zone_id\n");
        for (int i = 1; i <= 40000; i++) len += (size_t)snprintf(nodes + len, cap - len, "%d,%d\n", i, i);
        char *big = case_dir("node.csv", nodes, "link.csv", "from_node_id,to_node_id,free_flow_time\n1,2,1\n",
                             "demand.csv", "o_zone_id,d_zone_id,volume\n1,2,5\n", NULL);
        free(nodes);
        expect_error(big, COR_E_INPUT, ERR("demand.csv:2: field class", "GiB"));
    }
    /* through cor_read_gmns_demand directly */
    char *dir = case_dir("node.csv", "node_id\na\nb\n", "link.csv", "from_node_id,to_node_id,free_flow_time\na,b,1\n", NULL);
    cor_network *net = read_ok(dir, NULL);
    char *p = tu_write(dir, "d.csv", "o_zone_id,d_zone_id,volume\na,b,1\n");
    cor_demand *dem = (cor_demand *)(intptr_t)1;
    cor_error err = {0};
    assert_int_equal(cor_read_gmns_demand(p, net, &dem, &err), COR_E_INPUT);
    assert_null(dem);
    assert_non_null(strstr(err.msg, "d.csv:2: field o_zone_id"));
    assert_non_null(strstr(err.msg, "no zones"));
    free(p);
    cor_network_destroy(net);
    tu_rmtree(dir);
    free(dir);
}

static void test_replay_gmns(void **state) { (void)state; tu_replay("gmns", fuzz_entry_gmns); }
static void test_replay_gmns_demand(void **state) { (void)state; tu_replay("gmns_demand", fuzz_entry_gmns_demand); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_link_closed_form),
        cmocka_unit_test(siouxfalls_roundtrip),
        cmocka_unit_test(bom_crlf_quotes_directed),
        cmocka_unit_test(dir_flag),
        cmocka_unit_test(vdf_columns),
        cmocka_unit_test(eurasia_layout),
        cmocka_unit_test(shared_zone_centroid),
        cmocka_unit_test(config_units),
        cmocka_unit_test(demand_classes),
        cmocka_unit_test(path4gmns_layout),
        cmocka_unit_test(optional_files),
        cmocka_unit_test(link_errors),
        cmocka_unit_test(large_vdf_beta),
        cmocka_unit_test(self_loops_skipped),
        cmocka_unit_test(node_and_file_errors),
        cmocka_unit_test(demand_errors),
        cmocka_unit_test(test_replay_gmns),
        cmocka_unit_test(test_replay_gmns_demand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
