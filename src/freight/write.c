/* corridor — freight results as CSV files (written atomically). */
#include <stdio.h>
#include <string.h>

#include "corridor/io.h"
#include "freight/internal.h"

static void csv_str(FILE *fp, const char *s)
{
    int q = 0;
    for (const char *p = s; *p; p++)
        if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r') { q = 1; break; }
    if (!q) { fputs(s, fp); return; }
    fputc('"', fp);
    for (const char *p = s; *p; p++) {
        if (*p == '"') fputc('"', fp);
        fputc(*p, fp);
    }
    fputc('"', fp);
}

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

static cor_status write_corridors(const cor_freight *f, const cor_freight_result *r,
                                  const char *path, cor_error *err)
{
    cor_outfile o;
    cor_status st = cor_outfile_open(&o, path, err);
    if (st) return st;
    FILE *fp = o.fp;
    fputs("corridor,class,basis,tonnes,mean_days,mean_usd_t\n", fp);
    for (int basis = 0; basis < 2; basis++)
        for (int c = 0; c < (basis ? COR_CORR_COUNT : COR_CORR_COUNT + 1); c++)
            for (int k = -1; k < r->n_classes; k++) {
                cor_freight_stat s = cor_freight_result_stat(r, basis, (cor_corridor)c, k);
                fputs(cor_corridor_name((cor_corridor)c), fp);
                fputc(',', fp);
                csv_str(fp, k < 0 ? "all" : f->cls->cls[k].name);
                fprintf(fp, ",%s,%.10g,%.10g,%.10g\n", basis ? "uses" : "primary", s.tonnes,
                        s.mean_days, s.mean_usd);
            }
    return cor_outfile_commit(&o, err);
}

static cor_status write_paths(const cor_freight *f, const cor_freight_result *r, const char *path,
                              cor_error *err)
{
    cor_outfile o;
    cor_status st = cor_outfile_open(&o, path, err);
    if (st) return st;
    FILE *fp = o.fp;
    const cor_network *net = f->net;
    fputs("class,o_zone_id,d_zone_id,tonnes,share,days,usd_t,gen_usd_t,primary,corridors,countries,nodes\n", fp);
    size_t zz = (size_t)net->n_zones * (size_t)net->n_zones;
    char ctry[512];
    for (int i = 0; i < r->n_paths; i++) {
        const cor_freight_path *p = &r->paths[i];
        double D = f->dem->od[zz * (size_t)p->cls + (size_t)p->o * (size_t)net->n_zones + (size_t)p->d];
        csv_str(fp, f->cls->cls[p->cls].name);
        fputc(',', fp);
        csv_str(fp, net->zone_id[p->o]);
        fputc(',', fp);
        csv_str(fp, net->zone_id[p->d]);
        fprintf(fp, ",%.10g,%.6g,%.6g,%.6g,%.6g,%s,", p->flow, D > 0 ? p->flow / D : 0.0,
                p->hours / 24.0, p->usd, p->gen_usd, cor_corridor_name(p->primary));
        mask_str(fp, p->corridors);
        fputc(',', fp);
        cor_freight_countries_str(f, p->links, p->n_links, ctry, sizeof ctry);
        csv_str(fp, ctry);
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
    return cor_outfile_commit(&o, err);
}

static cor_status write_links(const cor_freight *f, const cor_freight_result *r, const char *path,
                              cor_error *err)
{
    cor_outfile o;
    cor_status st = cor_outfile_open(&o, path, err);
    if (st) return st;
    FILE *fp = o.fp;
    const cor_network *net = f->net;
    const cor_solution *s = r->sol;
    fputs("link_id,from_node_id,to_node_id,mode,corridor,status,open,volume,capacity,voc,time_h,free_flow_time_h,cost_usd_t", fp);
    for (int k = 0; k < f->cls->n; k++) {
        fputs(",volume_", fp);
        csv_str(fp, f->cls->cls[k].name);
    }
    fputc('\n', fp);
    for (int32_t i = 0; i < net->n_links; i++) {
        int32_t a = net->link_by_order[i];
        csv_str(fp, net->link_id[a]);
        fputc(',', fp);
        csv_str(fp, net->node_id[net->link_from[a]]);
        fputc(',', fp);
        csv_str(fp, net->node_id[net->link_to[a]]);
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
    return cor_outfile_commit(&o, err);
}

cor_status cor_freight_write(cor_freight *f, const cor_freight_result *r, const char *dir,
                             cor_error *err)
{
    static const char *const NAMES[] = {"corridors.csv", "paths.csv", "links.csv", "convergence.csv"};
    char path[4096];
    cor_status st = COR_OK;
    for (int i = 0; i < 4 && !st; i++) {
        if (snprintf(path, sizeof path, "%s/%s", dir, NAMES[i]) >= (int)sizeof path)
            return cor_error_set(err, COR_E_USAGE, "output path too long: %s", dir);
        switch (i) {
        case 0: st = write_corridors(f, r, path, err); break;
        case 1: st = write_paths(f, r, path, err); break;
        case 2: st = write_links(f, r, path, err); break;
        default: st = cor_write_convergence(path, r->sol, err); break;
        }
    }
    return st;
}
