/* corridor — freight results as CSV files (written atomically). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/io.h"
#include "io/csv.h"
#include "freight/internal.h"

static void mask_str(FILE *fp, cor_corridor_mask m)
{
    int first = 1;
    for (int c = 0; c < COR_CORR_COUNT; c++)
        if (m & COR_CORR_BIT(c)) {
            if (!first) fputc(';', fp);
            fputs(cor_corridor_name((cor_corridor)c), fp);
            first = 0;
        }
}

int cor_freight_countries_str(const cor_freight *f, const int32_t *links, int32_t n_links,
                              char *buf, size_t cap)
{
    size_t len = 0;
    int count = 0;
    char last[8] = "";
    if (cap) buf[0] = 0;
    for (int32_t i = 0; i < n_links; i++) {
        int32_t a = links[i];
        for (int j = 0; j < COR__MAX_COUNTRIES; j++) {
            const char *c = f->country[a][j];
            if (!c[0] || !strcmp(c, last)) continue;
            snprintf(last, sizeof last, "%s", c);
            count++;
            if (cap && len + strlen(c) + 2 <= cap) {
                len += (size_t)snprintf(buf + len, cap - len, "%s%s", len ? " " : "", c);
            }
        }
    }
    return count;
}

static void write_corridors(FILE *fp, const cor_freight *f, const cor_freight_result *r)
{
    fputs("corridor,class,basis,tonnes,mean_days,mean_usd_t\n", fp);
    for (int basis = 0; basis < 2; basis++)
        for (int c = 0; c < (basis ? COR_CORR_COUNT : COR_CORR_COUNT + 1); c++)
            for (int k = -1; k < r->n_classes; k++) {
                cor_freight_stat s = cor_freight_result_stat(r, basis, (cor_corridor)c, k);
                fputs(cor_corridor_name((cor_corridor)c), fp);
                fputc(',', fp);
                cor__csv_put(fp, k < 0 ? "all" : f->cls->cls[k].name);
                fprintf(fp, ",%s,%.10g,%.10g,%.10g\n", basis ? "uses" : "primary", s.tonnes,
                        s.mean_days, s.mean_usd);
            }
}

static void write_paths(FILE *fp, const cor_freight *f, const cor_freight_result *r)
{
    const cor_network *net = f->net;
    fputs("class,o_zone_id,d_zone_id,tonnes,share,days,usd_t,gen_usd_t,primary,corridors,countries,nodes\n", fp);
    size_t zz = (size_t)net->n_zones * (size_t)net->n_zones;
    char ctry[512];
    for (int i = 0; i < r->n_paths; i++) {
        const cor_freight_path *p = &r->paths[i];
        double D = f->dem->od[zz * (size_t)p->cls + (size_t)p->o * (size_t)net->n_zones + (size_t)p->d];
        cor__csv_put(fp, f->cls->cls[p->cls].name);
        fputc(',', fp);
        cor__csv_put(fp, net->zone_id[p->o]);
        fputc(',', fp);
        cor__csv_put(fp, net->zone_id[p->d]);
        fprintf(fp, ",%.10g,%.6g,%.6g,%.6g,%.6g,%s,", p->flow, D > 0 ? p->flow / D : 0.0,
                p->hours / 24.0, p->usd, p->gen_usd, cor_corridor_name(p->primary));
        mask_str(fp, p->corridors);
        fputc(',', fp);
        cor_freight_countries_str(f, p->links, p->n_links, ctry, sizeof ctry);
        cor__csv_put(fp, ctry);
        fputc(',', fp);
        if (p->n_links) {
            fputs(net->node_id[net->link_from[p->links[0]]], fp);
            for (int32_t j = 0; j < p->n_links; j++) {
                fputc(' ', fp);
                fputs(net->node_id[net->link_to[p->links[j]]], fp);
            }
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
        fputs(",volume_", fp);
        cor__csv_put(fp, f->cls->cls[k].name);
    }
    fputc('\n', fp);
    for (int32_t i = 0; i < net->n_links; i++) {
        int32_t a = net->link_by_order[i];
        cor__csv_put_link(fp, net, a);
        fprintf(fp, ",%s,", cor_mode_name((cor_mode)f->mode[a]));
        mask_str(fp, f->corr[a]);
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
