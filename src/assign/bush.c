/* corridor — origin-based (bush) solver.  PLACEHOLDER while the bush solver
 * is being written: delegates to bi-conjugate Frank-Wolfe. */
#include "assign/internal.h"

cor_status cor__assign_bush(const cor_problem *p, const cor_assign_params *par,
                            cor_solution **out, cor_error *err)
{
    cor_assign_params q = *par;
    q.method = COR_METHOD_BFW;
    return cor__assign_fw(p, &q, out, err);
}
