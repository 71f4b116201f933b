/* corridor — values.csv: value per tonne of each commodity class. */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "corridor/io.h"
#include "io/csv.h"

cor_status cor_read_class_values(const char *path, int n_classes, const char *const *names,
                                 double *value, cor_error *err)
{
    for (int k = 0; k < n_classes; k++) value[k] = NAN;
    cor__csv c;
    cor_status st = cor__csv_open(&c, path, err);
    if (st) return st;
    int r = cor__csv_next(&c, err);
    int ccls = -1, cval = -1;
    if (r > 0)
        for (int i = 0; i < c.n_fields; i++) {
            if (ccls < 0 && !strcasecmp(c.field[i], "class")) ccls = i;
            if (cval < 0 && !strcasecmp(c.field[i], "value_usd_t")) cval = i;
        }
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto done; }
    if (ccls < 0 || cval < 0) {
        st = cor_error_set(err, COR_E_INPUT, "%s:%ld: expected a header with the columns class and value_usd_t",
                           path, r > 0 ? c.t.line : 1L);
        goto done;
    }
    while ((r = cor__csv_next(&c, err)) > 0) {
        const char *cls = cor__csv_get(&c, ccls), *v = cor__csv_get(&c, cval);
        if (c.field[0][0] == '#') continue;
        if (!*cls) { st = cor__field_error(err, &c.t, "class", "empty class name"); goto done; }
        double x;
        if (cor__parse_double(v, &x) || !(x >= 0)) {
            st = cor__field_error(err, &c.t, "value_usd_t", "'%s' is not a non-negative number", v);
            goto done;
        }
        if (x > COR_VALUE_MAX) {
            st = cor__field_error(err, &c.t, "value_usd_t", "%s is out of range (at most %g USD/t: "
                                  "values x tonnes must stay finite)", v, COR_VALUE_MAX);
            goto done;
        }
        for (int k = 0; k < n_classes; k++) {
            if (strcmp(names[k], cls)) continue;
            if (!isnan(value[k])) {
                st = cor__field_error(err, &c.t, "class", "second row for class '%s'", cls);
                goto done;
            }
            value[k] = x;
        }
    }
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto done; }
    for (int k = 0; k < n_classes; k++)
        if (isnan(value[k])) {
            st = cor_error_set(err, COR_E_INPUT, "%s: no row for class '%s'", path, names[k]);
            goto done;
        }
done:
    cor__csv_close(&c);
    return st;
}
