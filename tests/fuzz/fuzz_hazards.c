/* Fuzz target: the block files of the risk module on the scenario lexer —
 * the input is read both as a hazard catalogue (cor_hazards_load) and as a
 * projects file (cor_projects_load).  Whatever is accepted must be
 * consistent: probabilities in [0, 1], own-cause probabilities in [0, 1],
 * mean durations within the year, at least one block. */
#include "fuzz_common.h"
#include "corridor/risk.h"

FUZZ_TARGET(hazards)
{
    cor_error err = {0};
    cor_hazards *h = NULL;
    cor_status st = cor_hazards_load(fz_write("hazards.txt", data, size), &h, &err);
    if (st) {
        fz_check_error(st, &err);
        FZ_CHECK(h == NULL);
    } else {
        FZ_CHECK(cor_hazards_count(h) >= 1 && cor_hazards_count(h) <= COR_RISK_MAX_EVENTS);
        for (int i = 0; i < cor_hazards_count(h); i++) {
            cor_hazard_info hi;
            cor_hazards_info(h, i, &hi);
            FZ_CHECK(hi.name && *hi.name);
            FZ_CHECK(hi.probability >= 0 && hi.probability <= 1);
            FZ_CHECK(hi.own_probability >= 0 && hi.own_probability <= 1);
            FZ_CHECK(hi.mean_days >= 0 && hi.mean_days <= COR_RISK_YEAR_DAYS);
            FZ_CHECK(hi.months != 0 && hi.months <= 0xfff);
            FZ_CHECK(!hi.joint || hi.n_parts >= 2);
            FZ_CHECK(cor_hazards_find(h, hi.name) == i);
        }
        cor_hazards_destroy(h);
    }
    cor_projects *ps = NULL;
    memset(&err, 0, sizeof err);
    st = cor_projects_load(fz_write("projects.txt", data, size), &ps, &err);
    if (st) {
        fz_check_error(st, &err);
        FZ_CHECK(ps == NULL);
    } else {
        FZ_CHECK(cor_projects_count(ps) >= 1);
        for (int i = 0; i < cor_projects_count(ps); i++) FZ_CHECK(*cor_projects_name(ps, i));
        cor_projects_destroy(ps);
    }
    return 0;
}
