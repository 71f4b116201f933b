/* corridor — freight results as CSV files (written atomically). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/io.h"
#include "io/csv.h"
#include "freight/internal.h"

/* The tags of a corridor mask, as a list-valued field. */
typedef struct mask_it {
    const cor_vocab *v;
    cor_corridor_mask m;
    int c;
} mask_it;

static const char *mask_next(void *p)
{
    mask_it *it = p;
    while (it->c < cor_vocab_count(it->v)) {
        int c = it->c++;
        if (it->m & COR_CORR_BIT(c)) return cor_vocab_tag(it->v, c);
    }
    return NULL;
}

static void mask_str(FILE *fp, const cor_vocab *v, cor_corridor_mask m)
{
    mask_it a = {v, m, 0}, b = {v, m, 0};
    cor__csv_put_list(fp, mask_next, &a, &b);
}

/* The countries crossed along a path, consecutive duplicates removed. */
typedef struct ctry_it {
    const cor_freight *f;
    const int32_t *links;
    int32_t n, i, j, last;
} ctry_it;

static const char *ctry_next(ctry_it *it)
{
    const cor_freight *f = it->f;
    while (it->i < it->n) {
        int32_t a = it->links[it->i];
        if (it->j < 0) it->j = f->ctry_first[a];
        if (it->j >= f->ctry_first[a + 1]) { it->i++; it->j = -1; continue; }
        int32_t id = f->ctry_ix[it->j++];
        if (id == it->last) continue;
        it->last = id;
        return f->ctry_name[id];
    }
    return NULL;
}

int cor_freight_countries_str(const cor_freight *f, const int32_t *links, int32_t n_links,
                              char **out)
{
    size_t len = 0;
    int count = 0;
    const char *c;
    ctry_it it = {f, links, n_links, 0, -1, -1};
    while ((c = ctry_next(&it))) len += strlen(c) + (count++ ? 1 : 0);
    char *buf = malloc(len + 1);
    if (!(*out = buf)) return -1;
    ctry_it again = {f, links, n_links, 0, -1, -1};
    for (int i = 0; (c = ctry_next(&again)); i++) {
        if (i) *buf++ = ' ';
        size_t n = strlen(c);
        memcpy(buf, c, n);
        buf += n;
    }
    *buf = '\0';
    return count;
}

static const char *ctry_next_v(void *it) { return ctry_next(it); }

/* The same list as one list-valued CSV field. */
static void countries_put(FILE *fp, const cor_freight *f, const int32_t *links, int32_t n_links)
{
    ctry_it a = {f, links, n_links, 0, -1, -1}, b = a;
    cor__csv_put_list(fp, ctry_next_v, &a, &b);
}

/* The nodes along a path: the first link's tail, then every link's head. */
typedef struct node_it {
    const cor_network *net;
    const int32_t *links;
    int32_t n, i;
} node_it;

static const char *node_next(void *p)
{
    node_it *it = p;
    if (it->i > it->n || !it->n) return NULL;
    int32_t i = it->i++;
    return it->net->node_id[i ? it->net->link_to[it->links[i - 1]] : it->net->link_from[it->links[0]]];
}

static void write_corridors(FILE *fp, const cor_freight *f, const cor_freight_result *r)
{
    fputs("corridor,class,basis,tonnes,mean_days,mean_usd_t\n", fp);
    for (int basis = 0; basis < 2; basis++)
        for (int c = 0; c < (basis ? r->n_corridors : r->n_corridors + 1); c++)
            for (int k = -1; k < r->n_classes; k++) {
                cor_freight_stat s = cor_freight_result_stat(r, basis, (cor_corridor)c, k);
                cor__csv_put(fp, cor_vocab_tag(f->vocab, c));
                fputc(',', fp);
                cor__csv_put(fp, k < 0 ? "all" : f->cls->cls[k].name);
                fprintf(fp, ",%s,%.10g,%.10g,%.10g\n", basis ? "uses" : "primary", s.tonnes,
                        s.mean_days, s.mean_usd);
            }
}

static void write_paths(FILE *fp, const cor_freight *f, const cor_freight_result *r)
{
    const cor_network *net = f->net;
    fputs("class,o_zone_id,d_zone_id,tonnes,share,days,usd_t,gen_usd_t,primary,corridors,countries,nodes", fp);
    fputs(r->choice ? ",segment,probability\n" : "\n", fp); /* the logit model's routes */
    size_t zz = (size_t)net->n_zones * (size_t)net->n_zones;
    for (int i = 0; i < r->n_paths; i++) {
        const cor_freight_path *p = &r->paths[i];
        double D = f->dem->od[zz * (size_t)p->cls + (size_t)p->o * (size_t)net->n_zones + (size_t)p->d];
        cor__csv_put(fp, f->cls->cls[p->cls].name);
        fputc(',', fp);
        cor__csv_put(fp, net->zone_id[p->o]);
        fputc(',', fp);
        cor__csv_put(fp, net->zone_id[p->d]);
        fprintf(fp, ",%.10g,%.6g,%.6g,%.6g,%.6g,", p->flow, D > 0 ? p->flow / D : 0.0,
                p->hours / 24.0, p->usd, p->gen_usd);
        cor__csv_put(fp, cor_vocab_tag(f->vocab, p->primary));
        fputc(',', fp);
        mask_str(fp, f->vocab, p->corridors);
        fputc(',', fp);
        countries_put(fp, f, p->links, p->n_links);
        fputc(',', fp);
        node_it na = {net, p->links, p->n_links, 0}, nb = na;
        cor__csv_put_list(fp, node_next, &na, &nb);
        if (r->choice) {
            fputc(',', fp);
            if (p->seg >= 0) cor__csv_put(fp, f->cls->cls[p->cls].segments[p->seg].name);
            fprintf(fp, ",%.6g", p->prob);
        }
        fputc('\n', fp);
    }
}

static void write_links(FILE *fp, const cor_freight *f, const cor_freight_result *r)
{
    const cor_network *net = f->net;
    const cor_solution *s = r->sol;
    fputs("link_id,from_node_id,to_node_id,mode,corridor,status,open,volume,capacity,voc,time_h,free_flow_time_h,cost_usd_t", fp);
    for (int k = 0; k < f->cls->n; k++) {
        fputc(',', fp);
        cor__csv_put_prefixed(fp, "volume_", f->cls->cls[k].name);
    }
    fputc('\n', fp);
    for (int32_t i = 0; i < net->n_links; i++) {
        int32_t a = net->link_by_order[i];
        cor__csv_put_link(fp, net, a);
        fprintf(fp, ",%s,", cor_mode_name((cor_mode)f->mode[a]));
        mask_str(fp, f->vocab, f->corr[a]);
        double cap = net->capacity[a];
        fprintf(fp, ",%s,%d,%.10g,%.10g,%.6g,%.6g,%.6g,%.6g",
                cor_status_name_link((cor_link_status)f->status[a]), f->open[a], s->flow[a], cap,
                cap > 0 ? s->flow[a] / cap : 0.0, s->time[a], net->fftime[a], f->cost_usd[a]);
        for (int k = 0; k < f->cls->n; k++)
            fprintf(fp, ",%.10g", s->class_flow[(size_t)k * (size_t)net->n_links + (size_t)a]);
        fputc('\n', fp);
    }
}

/* write_convergence in the shape of the others */
static void write_convergence(FILE *fp, const cor_freight *f, const cor_freight_result *r)
{
    (void)f;
    cor_write_convergence_fp(fp, r->sol);
}

cor_status cor_freight_write(cor_freight *f, const cor_freight_result *r, const char *dir,
                             cor_error *err)
{
    static const char *const NAMES[] = {"corridors.csv", "paths.csv", "links.csv", "convergence.csv"};
    static void (*const WRITE[])(FILE *, const cor_freight *, const cor_freight_result *) = {
        write_corridors, write_paths, write_links, write_convergence};
    cor_status st = COR_OK;
    for (int i = 0; i < 4 && !st; i++) {
        char *path = cor__path_join(dir, NAMES[i]);
        if (!path) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        cor_outfile o;
        if (!(st = cor_outfile_open(&o, path, err))) {
            WRITE[i](o.fp, f, r);
            st = cor_outfile_commit(&o, err);
        }
        free(path);
    }
    return st;
}
