/* corridor — result tables of the analysis commands: one
 * table = named columns + rows of cells, written as CSV (atomically), as an
 * aligned text table, or as a JSON array of objects. */
#ifndef CORRIDOR_TABLE_H
#define CORRIDOR_TABLE_H
#include <stdio.h>
#include "corridor/error.h"

typedef struct cor_table {
    char *name;          /* file stem: NAME.csv */
    int n_cols;
    char **cols;
    char *numeric;       /* [n_cols] 1 = number (right-aligned, unquoted JSON) */
    int n_rows, cap_rows;
    char ***rows;        /* [n_rows][n_cols] */
    int failed;          /* sticky: a row or cell could not be stored (no
                          * memory); the table is incomplete */
} cor_table;

/* cols: "name" for text, "#name" for numbers.  NULL on no memory. */
cor_table *cor_table_new(const char *name, int n_cols, const char *const *cols);
void cor_table_free(cor_table *t);
/* Appends a row of n_cols cells given as printf formats one after another is
 * awkward in C; instead add cells one by one: row_begin then cell / num. */
/* Each returns -1 on failure and marks the table failed (sticky, like
 * ferror): builders may add a whole table and check cor_table_ok once;
 * cor_table_write_csv refuses a failed table (COR_E_NOMEM). */
int cor_table_row(cor_table *t);                       /* -1 on no memory */
int cor_table_set(cor_table *t, int col, const char *s); /* in the last row */
int cor_table_ok(const cor_table *t);                  /* 1 unless failed */
int cor_table_num(cor_table *t, int col, double v);      /* %.6g; NAN -> "" */
int cor_table_numf(cor_table *t, int col, const char *fmt, double v);
/* DIR/NAME.csv, atomic. */
cor_status cor_table_write_csv(const cor_table *t, const char *dir, cor_error *err);
/* Aligned text, at most max_rows rows (0 = all), with a title line. */
void cor_table_print(const cor_table *t, FILE *fp, const char *title, int max_rows);
/* A JSON string literal (quoted, escaped). */
void cor_table_json_string(FILE *fp, const char *s);
/* "NAME": [ {...}, ... ] (no surrounding braces). */
void cor_table_json(const cor_table *t, FILE *fp);
#endif
