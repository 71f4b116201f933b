/* corridor — result writers (CSV). */
#include <stdio.h>

#include "corridor/io.h"
#include "io/csv.h"

void cor_write_link_performance_fp(FILE *fp, const cor_network *net, const cor_solution *sol,
                                   const char *const *class_names)
{
    fputs("link_id,from_node_id,to_node_id,volume,travel_time,capacity,voc,free_flow_time", fp);
    if (sol->n_classes > 1 && class_names)
        for (int k = 0; k < sol->n_classes; k++) {
            fputc(',', fp);
            cor__csv_put_prefixed(fp, "volume_", class_names[k]);
        }
    fputc('\n', fp);
    for (int32_t i = 0; i < net->n_links; i++) {
        int32_t a = net->link_by_order[i];
        cor__csv_put_link(fp, net, a);
        double cap = net->capacity[a];
        fprintf(fp, ",%.17g,%.17g,%.17g,%.17g,%.17g", sol->flow[a], sol->time[a], cap,
                cap > 0 ? sol->flow[a] / cap : 0.0, net->fftime[a]);
        if (sol->n_classes > 1 && class_names)
            for (int k = 0; k < sol->n_classes; k++)
                fprintf(fp, ",%.17g", sol->class_flow[(size_t)k * sol->n_links + a]);
        fputc('\n', fp);
    }
}

void cor_write_convergence_fp(FILE *fp, const cor_solution *sol)
{
    /* several classes: relative_gap is the worst class's, named in worst_class */
    int multi = sol->n_classes > 1;
    fputs(multi ? "iteration,seconds,relative_gap,objective,worst_class\n"
                : "iteration,seconds,relative_gap,objective\n", fp);
    for (int i = 0; i < sol->n_hist; i++) {
        const cor_conv_point *h = &sol->hist[i];
        fprintf(fp, "%d,%.6f,%.6e,%.17g", h->iteration, h->seconds, h->relative_gap, h->objective);
        if (multi) {
            int k = h->worst_class;
            fputc(',', fp);
            if (sol->class_name && k >= 0 && k < sol->n_classes && sol->class_name[k]) cor__csv_put(fp, sol->class_name[k]);
            else fprintf(fp, "%d", k);
        }
        fputc('\n', fp);
    }
}

cor_status cor_write_link_performance(const char *path, const cor_network *net,
                                      const cor_solution *sol,
                                      const char *const *class_names, cor_error *err)
{
    cor_outfile f;
    cor_status st = cor_outfile_open(&f, path, err);
    if (st) return st;
    cor_write_link_performance_fp(f.fp, net, sol, class_names);
    return cor_outfile_commit(&f, err);
}

cor_status cor_write_convergence(const char *path, const cor_solution *sol, cor_error *err)
{
    cor_outfile f;
    cor_status st = cor_outfile_open(&f, path, err);
    if (st) return st;
    cor_write_convergence_fp(f.fp, sol);
    return cor_outfile_commit(&f, err);
}
