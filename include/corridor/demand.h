/* corridor — origin-destination demand, one dense matrix per class. */
#ifndef CORRIDOR_DEMAND_H
#define CORRIDOR_DEMAND_H

#include <stdint.h>
#include "corridor/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* od[(c * n_zones + o) * n_zones + d] is the demand of class c from zone o to
 * zone d (zone indices of the network the demand was read against).  All
 * arrays owned by the demand; free with cor_demand_destroy. */
typedef struct cor_demand {
    int32_t n_zones;
    int n_classes;
    char **class_name;   /* [n_classes] ("all" for single-class TNTP) */
    double *od;          /* [n_classes * n_zones * n_zones] */
} cor_demand;

/* A zeroed demand with the given classes (names copied).  NULL on no memory. */
cor_demand *cor_demand_create(int32_t n_zones, int n_classes,
                              const char *const *class_names);
/* Index of class `name`, or -1. */
int cor_demand_find_class(const cor_demand *d, const char *name);
/* Adds a class (zeroed matrix); returns its index or -1 on no memory. */
int cor_demand_add_class(cor_demand *d, const char *name);
double cor_demand_total(const cor_demand *d, int cls); /* cls -1 = all */
cor_demand *cor_demand_clone(const cor_demand *d);
void cor_demand_destroy(cor_demand *d); /* NULL is fine */

#ifdef __cplusplus
}
#endif
#endif
