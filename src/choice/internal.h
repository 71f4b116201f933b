/* corridor internal — dense linear algebra shared by the choice solver and
 * the calibration (src/freight/calibrate.c). */
#ifndef COR_CHOICE_INTERNAL_H
#define COR_CHOICE_INTERNAL_H

/* LU with partial pivoting; solves the n x n row-major system A x = b in
 * place (A destroyed, b -> x; piv [n] scratch).  0 ok, -1 singular. */
int cor__lu_solve(double *A, int n, double *b, int *piv);

#endif
