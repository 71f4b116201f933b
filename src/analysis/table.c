/* corridor — result tables (see table.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/table.h"
#include "core/str.h"
#include "corridor/io.h"
#include "io/csv.h"

cor_table *cor_table_new(const char *name, int n_cols, const char *const *cols)
{
    cor_table *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->name = cor__strdup(name);
    t->cols = calloc((size_t)n_cols, sizeof *t->cols);
    t->numeric = calloc((size_t)n_cols, 1);
    t->n_cols = n_cols;
    if (!t->name || !t->cols || !t->numeric) { cor_table_free(t); return NULL; }
    for (int c = 0; c < n_cols; c++) {
        const char *s = cols[c];
        if (*s == '#') { t->numeric[c] = 1; s++; }
        if (!(t->cols[c] = cor__strdup(s))) { cor_table_free(t); return NULL; }
    }
    return t;
}

void cor_table_free(cor_table *t)
{
    if (!t) return;
    for (int r = 0; r < t->n_rows; r++) {
        for (int c = 0; c < t->n_cols; c++) free(t->rows[r][c]);
        free(t->rows[r]);
    }
    free(t->rows);
    for (int c = 0; t->cols && c < t->n_cols; c++) free(t->cols[c]);
    free(t->cols);
    free(t->numeric);
    free(t->name);
    free(t);
}

int cor_table_row(cor_table *t)
{
    if (t->n_rows == t->cap_rows) {
        int cap = t->cap_rows ? 2 * t->cap_rows : 64;
        char ***r = realloc(t->rows, (size_t)cap * sizeof *r);
        if (!r) { t->failed = 1; return -1; }
        t->rows = r;
        t->cap_rows = cap;
    }
    char **row = calloc((size_t)t->n_cols, sizeof *row);
    if (!row) { t->failed = 1; return -1; }
    t->rows[t->n_rows++] = row;
    return 0;
}

int cor_table_ok(const cor_table *t) { return t && !t->failed; }

int cor_table_set(cor_table *t, int col, const char *s)
{
    if (t->failed) return -1; /* the last row may be an earlier one */
    if (!t->n_rows || col < 0 || col >= t->n_cols) { t->failed = 1; return -1; }
    char *v = cor__strdup(s ? s : "");
    if (!v) { t->failed = 1; return -1; }
    free(t->rows[t->n_rows - 1][col]);
    t->rows[t->n_rows - 1][col] = v;
    return 0;
}

int cor_table_numf(cor_table *t, int col, const char *fmt, double v)
{
    char buf[64];
    if (!isfinite(v)) buf[0] = '\0';
    else {
        snprintf(buf, sizeof buf, fmt, v);
        if (!strcmp(buf, "-0")) strcpy(buf, "0");
    }
    return cor_table_set(t, col, buf);
}

int cor_table_num(cor_table *t, int col, double v)
{
    return cor_table_numf(t, col, "%.6g", v);
}

static const char *cell(const cor_table *t, int r, int c)
{
    const char *s = t->rows[r][c];
    return s ? s : "";
}

cor_status cor_table_write_csv(const cor_table *t, const char *dir, cor_error *err)
{
    if (t->failed) return cor_error_set(err, COR_E_NOMEM, "%s: incomplete table (a row or cell could not be stored: out of memory)",
                                        t->name);
    char *path = cor__concat(dir, "/", t->name, ".csv", (char *)NULL);
    if (!path) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor_outfile f;
    cor_status st = cor_outfile_open(&f, path, err);
    free(path);
    if (st) return st;
    for (int c = 0; c < t->n_cols; c++) {
        if (c) fputc(',', f.fp);
        cor__csv_put(f.fp, t->cols[c]);
    }
    fputc('\n', f.fp);
    for (int r = 0; r < t->n_rows; r++) {
        for (int c = 0; c < t->n_cols; c++) {
            if (c) fputc(',', f.fp);
            cor__csv_put(f.fp, cell(t, r, c));
        }
        fputc('\n', f.fp);
    }
    return cor_outfile_commit(&f, err);
}

void cor_table_print(const cor_table *t, FILE *fp, const char *title, int max_rows)
{
    int rows = (max_rows > 0 && max_rows < t->n_rows) ? max_rows : t->n_rows;
    size_t *w = calloc((size_t)t->n_cols, sizeof *w);
    if (!w) return;
    for (int c = 0; c < t->n_cols; c++) {
        w[c] = strlen(t->cols[c]);
        for (int r = 0; r < rows; r++) {
            size_t l = strlen(cell(t, r, c));
            if (l > w[c]) w[c] = l;
        }
        if (w[c] > 48) w[c] = 48;
    }
    if (title) fprintf(fp, "\n%s\n", title);
    for (int c = 0; c < t->n_cols; c++)
        fprintf(fp, t->numeric[c] ? "%s%*s" : "%s%-*s", c ? "  " : "", (int)w[c], t->cols[c]);
    fputc('\n', fp);
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < t->n_cols; c++) {
            const char *s = cell(t, r, c);
            int prec = (int)w[c];
            fprintf(fp, t->numeric[c] ? "%s%*.*s" : "%s%-*.*s", c ? "  " : "", (int)w[c], prec, s);
        }
        fputc('\n', fp);
    }
    if (rows < t->n_rows) fprintf(fp, "... %d more rows (see %s.csv)\n", t->n_rows - rows, t->name);
    free(w);
}

void cor_table_json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') fprintf(fp, "\\%c", ch);
        else if (ch < 0x20) fprintf(fp, "\\u%04x", ch);
        else fputc(ch, fp);
    }
    fputc('"', fp);
}

void cor_table_json(const cor_table *t, FILE *fp)
{
    cor_table_json_string(fp, t->name);
    fputs(": [", fp);
    for (int r = 0; r < t->n_rows; r++) {
        fputs(r ? ",\n  {" : "\n  {", fp);
        for (int c = 0; c < t->n_cols; c++) {
            if (c) fputs(", ", fp);
            cor_table_json_string(fp, t->cols[c]);
            fputs(": ", fp);
            const char *s = cell(t, r, c);
            if (t->numeric[c]) fputs(*s ? s : "null", fp);
            else cor_table_json_string(fp, s);
        }
        fputc('}', fp);
    }
    fputs(t->n_rows ? "\n]" : "]", fp);
}
