/* Fuzz target: freight commodity classes (class.csv,
 * cor_read_freight_classes). */
#include "fuzz_common.h"
#include "corridor/freight.h"

FUZZ_TARGET(freight_class)
{
    cor_freight_classes *fc = (cor_freight_classes *)1;
    cor_error err = {0};
    cor_status st = cor_read_freight_classes(fz_write("class.csv", data, size), &fc, &err);
    if (st) {
        fz_check_error(st, &err);
        FZ_CHECK(fc == NULL);
        return 0;
    }
    FZ_CHECK(fc != NULL && fc->n >= 0);
    for (int k = 0; k < fc->n; k++) {
        const cor_freight_class *c = &fc->cls[k];
        FZ_CHECK(c->name != NULL && c->name[0] != '\0');
        FZ_CHECK(isfinite(c->vot) && c->vot > 0);
        FZ_CHECK(isfinite(c->tonnes_per_unit) && c->tonnes_per_unit >= 0);
        FZ_CHECK(c->unit != NULL && c->description != NULL);
        FZ_CHECK(cor_freight_classes_find(fc, c->name) == k); /* no duplicates */
    }
    cor_freight_classes *cl = cor_freight_classes_clone(fc);
    FZ_CHECK(cl != NULL && cl->n == fc->n);
    cor_freight_classes_destroy(cl);
    cor_freight_classes_destroy(fc);
    return 0;
}
