/* Fuzz target: value per tonne of each class (values.csv,
 * cor_read_class_values). */
#include "fuzz_common.h"
#include "corridor/io.h"

FUZZ_TARGET(class_values)
{
    static const char *const names[] = {"containers", "oil", "grain"};
    double value[3];
    cor_error err = {0};
    cor_status st = cor_read_class_values(fz_write("values.csv", data, size), 3, names, value, &err);
    if (st) {
        fz_check_error(st, &err);
        return 0;
    }
    for (int k = 0; k < 3; k++) FZ_CHECK(isfinite(value[k]) && value[k] >= 0);
    return 0;
}
