/* Fuzz target: a data set's corridor vocabulary (cor_vocab_load:
 * corridors.csv, highlights.csv, countries.csv) resolved against a fixed
 * small freight model (cor_freight_load: tags of link.csv, branch rules,
 * highlight sets).  The input is "CORRIDORS[\n@@\nHIGHLIGHTS[\n@@\nCOUNTRIES]]";
 * an empty part leaves that file out. */
#include "fuzz_common.h"
#include "corridor/freight.h"

static const char VO_NODES[] =
    "node_id,x_coord,y_coord,zone_id,country\n"
    "a,51,45,a,KZ\nb,49.8,40.4,b,AZ\nc,41.6,41.6,,GE\nd,36,40,d,TR\ne,46,39,,AM\n";
static const char VO_LINKS[] =
    "link_id,from_node_id,to_node_id,directed,mode,length,free_flow_time,capacity,cost,country,corridor,status\n"
    "L1,a,b,0,ferry,450,30,5000000,40,KZ;AZ,middle,open\n"
    "L2,b,c,0,rail,500,20,15000000,20,AZ-GE,middle|feeder,open\n"
    "L3,c,d,0,rail,800,30,10000000,30,Georgia/Turkey,middle;tripp,open\n"
    "L4,b,e,0,rail,300,10,15000000,10,AZ;AM,tripp,open\n"
    "L5,e,d,0,road,400,12,15000000,12,am tr,tripp,open\n"
    "L6,a,d,1,pipeline,2000,100,30000000,15,KZ AZ GE TR,energy,open\n";
static const char VO_DEMAND[] = "o_zone_id,d_zone_id,class,volume\na,d,c,1000\n";
static const char VO_CLASS[] = "class,value_of_time,allowed_modes\nc,0.3,rail;road;ferry;pipeline\n";

static void check_vocab(const cor_vocab *v)
{
    int n = cor_vocab_count(v);
    FZ_CHECK(n >= 0 && n <= COR_CORR_MAX);
    int seen[COR_CORR_MAX] = {0};
    for (int i = 0; i < n; i++) {
        FZ_CHECK(cor_vocab_tag(v, i)[0] && cor_vocab_name(v, i) && cor_vocab_label(v, i));
        FZ_CHECK(cor_vocab_find(v, cor_vocab_tag(v, i)) == i);
        cor_corridor c = cor_vocab_by_precedence(v, i);
        FZ_CHECK(c >= 0 && c < n && !seen[c]);
        seen[c] = 1;
        FZ_CHECK(cor_vocab_primary(v, COR_CORR_BIT(i)) == i);
    }
    FZ_CHECK(!strcmp(cor_vocab_tag(v, n), "none"));
    FZ_CHECK(cor_vocab_primary(v, 0) == n);
    for (int h = 0; h < cor_vocab_n_highlights(v); h++) {
        const cor_highlight *hl = cor_vocab_highlight(v, h);
        FZ_CHECK(hl && hl->set[0] && hl->label && hl->note && hl->tag >= -1 && hl->tag < n);
    }
    for (int i = 0; i < cor_vocab_n_countries(v); i++) {
        const char *code = cor_vocab_country_code(v, i);
        FZ_CHECK(code && code[0] && cor_vocab_country_name(v, i));
        FZ_CHECK(strstr(cor_vocab_country_label(v, code), code) == cor_vocab_country_label(v, code));
    }
    for (int i = 0; i < cor_vocab_n_headline(v); i++) FZ_CHECK(cor_vocab_headline(v, i) != NULL);
}

FUZZ_TARGET(vocab)
{
    const uint8_t *part[FZ_MAX_PARTS];
    size_t len[FZ_MAX_PARTS];
    int np = fz_split(data, size, part, len, 3);
    const char *dir = fz_subdir("vo");
    static const char *const FILES[3] = {"vo/corridors.csv", "vo/highlights.csv", "vo/countries.csv"};
    char path[4200];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", fz_dir(), FILES[i]);
        unlink(path);
        if (i < np && len[i]) fz_write(FILES[i], part[i], len[i]);
    }
    fz_write("vo/node.csv", VO_NODES, sizeof VO_NODES - 1);
    fz_write("vo/link.csv", VO_LINKS, sizeof VO_LINKS - 1);
    fz_write("vo/demand.csv", VO_DEMAND, sizeof VO_DEMAND - 1);
    fz_write("vo/class.csv", VO_CLASS, sizeof VO_CLASS - 1);
    cor_vocab *v = (cor_vocab *)1;
    cor_error err = {0};
    cor_status st = cor_vocab_load(dir, &v, &err);
    if (st) {
        fz_check_error(st, &err);
        FZ_CHECK(v == NULL);
        return 0;
    }
    check_vocab(v);
    cor_vocab *w = cor_vocab_clone(v);
    FZ_CHECK(w != NULL);
    check_vocab(w);
    cor_vocab_destroy(w);
    cor_vocab_destroy(v);
    cor_freight *f = (cor_freight *)1;
    memset(&err, 0, sizeof err);
    st = cor_freight_load(dir, NULL, &f, &err);
    if (st) {
        fz_check_error(st, &err);
        FZ_CHECK(f == NULL);
        return 0;
    }
    const cor_vocab *fv = cor_freight_vocab(f);
    check_vocab(fv);
    const cor_network *net = cor_freight_network(f);
    for (int32_t a = 0; a < net->n_links; a++) {
        cor_corridor_mask m = cor_freight_path_corridors(f, &a, 1);
        int n = cor_vocab_count(fv);
        FZ_CHECK(n == COR_CORR_MAX || (m >> n) == 0);
        for (int h = 0; h < cor_vocab_n_highlights(fv); h++) (void)cor_freight_in_highlight(f, h, a);
        char *s = NULL;
        FZ_CHECK(cor_freight_countries_str(f, &a, 1, &s) >= 0 && s);
        free(s);
    }
    cor_freight_destroy(f);
    return 0;
}
