/* corridor — demand matrices. */
#include <stdlib.h>
#include <string.h>

#include "corridor/demand.h"

cor_demand *cor_demand_create(int32_t n_zones, int n_classes, const char *const *names)
{
    cor_demand *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->n_zones = n_zones;
    for (int c = 0; c < n_classes; c++)
        if (cor_demand_add_class(d, names[c]) < 0) { cor_demand_destroy(d); return NULL; }
    return d;
}

int cor_demand_find_class(const cor_demand *d, const char *name)
{
    for (int c = 0; c < d->n_classes; c++)
        if (!strcmp(d->class_name[c], name)) return c;
    return -1;
}

int cor_demand_add_class(cor_demand *d, const char *name)
{
    size_t zz = (size_t)d->n_zones * (size_t)d->n_zones;
    char **nn = realloc(d->class_name, (size_t)(d->n_classes + 1) * sizeof *nn);
    if (!nn) return -1;
    d->class_name = nn;
    double *od = realloc(d->od, (zz * (size_t)(d->n_classes + 1) + 1) * sizeof *od);
    if (!od) return -1;
    d->od = od;
    memset(od + zz * (size_t)d->n_classes, 0, zz * sizeof *od);
    size_t len = strlen(name) + 1;
    char *s = malloc(len);
    if (!s) return -1;
    memcpy(s, name, len);
    d->class_name[d->n_classes] = s;
    return d->n_classes++;
}

double cor_demand_total(const cor_demand *d, int cls)
{
    size_t zz = (size_t)d->n_zones * (size_t)d->n_zones;
    double s = 0;
    for (int c = 0; c < d->n_classes; c++) {
        if (cls >= 0 && c != cls) continue;
        const double *m = d->od + zz * (size_t)c;
        for (size_t i = 0; i < zz; i++) s += m[i];
    }
    return s;
}

cor_demand *cor_demand_clone(const cor_demand *d)
{
    cor_demand *c = cor_demand_create(d->n_zones, d->n_classes, (const char *const *)d->class_name);
    if (!c) return NULL;
    size_t zz = (size_t)d->n_zones * (size_t)d->n_zones;
    if (zz != 0 && d->n_classes > 0) memcpy(c->od, d->od, zz * (size_t)d->n_classes * sizeof *c->od);
    return c;
}

void cor_demand_destroy(cor_demand *d)
{
    if (!d) return;
    for (int c = 0; c < d->n_classes; c++) free(d->class_name[c]);
    free(d->class_name);
    free(d->od);
    free(d);
}
