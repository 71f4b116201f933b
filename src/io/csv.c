/* corridor internal — in-place RFC 4180 CSV records (see csv.h). */
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"

cor_status cor__csv_open(cor__csv *c, const char *path, cor_error *err)
{
    memset(c, 0, sizeof *c);
    cor_status st = cor__text_open(&c->t, path, err);
    if (st) return st;
    c->next_line = 1;
    return COR_OK;
}

void cor__csv_close(cor__csv *c)
{
    cor__text_close(&c->t);
    free(c->field);
    c->field = NULL;
    c->n_fields = c->cap = 0;
}

static int push(cor__csv *c, char *f)
{
    if (c->n_fields == c->cap) {
        int nc = c->cap ? c->cap * 2 : 32;
        if (nc > (1 << 24)) return -1;
        char **nf = realloc(c->field, (size_t)nc * sizeof *nf);
        if (!nf) return -1;
        c->field = nf;
        c->cap = nc;
    }
    c->field[c->n_fields++] = f;
    return 0;
}

static int is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

/* Bytes that end an unquoted field, and bytes that need attention inside a
 * quoted one.  The buffer ends in a NUL (and holds no other before the
 * parse position), so scans stop at the end without a bounds test. */
static const unsigned char STOP[256] = {[0] = 1, [','] = 1, ['\n'] = 1};
static const unsigned char QSTOP[256] = {[0] = 1, ['"'] = 1, ['\n'] = 1};

/* Parses one record at t.pos.  Returns 1, 0 at end, -1 on error. */
static int parse_record(cor__csv *c, cor_error *err)
{
    char *buf = c->t.buf;
    char *end = buf + c->t.len;
    char *p = buf + c->t.pos;
    if (p >= end) return 0;
    char *w = p; /* write position: never passes p */
    char *start = p, *rec_end = p;
    c->n_fields = 0;
    c->rec = start;
    c->t.line = c->next_line;
    for (;;) {
        char *f = w;
        while (p < end && (*p == ' ' || *p == '\t')) p++;
        if (p < end && *p == '"') {
            long qline = c->next_line;
            p++;
            for (;;) {
                char ch = *p;
                if (!QSTOP[(unsigned char)ch]) { *w++ = ch; p++; continue; }
                if (p >= end) { /* the NUL after the buffer */
                    cor_error_set(err, COR_E_INPUT,
                                  "%s:%ld: quoted field never closed (missing '\"')",
                                  c->t.path, qline);
                    return -1;
                }
                if (ch == '"') {
                    if (p + 1 < end && p[1] == '"') { *w++ = '"'; p += 2; continue; }
                    p++;
                    break;
                }
                if (ch == '\n') c->next_line++;
                *w++ = ch;
                p++;
            }
            /* lenient: keep any text between the closing quote and the
             * separator, minus surrounding blanks */
            while (p < end && (*p == ' ' || *p == '\t')) p++;
            char *tail = w;
            while (p < end && *p != ',' && *p != '\n') *w++ = *p++;
            while (w > tail && is_blank(w[-1])) w--;
        } else if (w == p) {
            /* nothing compacted yet: find the end without copying */
            while (!STOP[(unsigned char)*p]) p++;
            if (p > end) p = end;
            w = p;
            while (w > f && is_blank(w[-1])) w--;
        } else {
            while (!STOP[(unsigned char)*p]) *w++ = *p++;
            while (w > f && is_blank(w[-1])) w--;
        }
        char sep = p < end ? *p : '\0';
        if (sep != ',') { /* the record's own bytes end here, before CRLF or LF */
            rec_end = p;
            if (rec_end > start && rec_end[-1] == '\r') rec_end--;
        }
        *w++ = '\0'; /* w <= p here, so this may overwrite the separator */
        if (push(c, f)) {
            cor_error_set(err, COR_E_NOMEM, "%s:%ld: out of memory", c->t.path, c->t.line);
            return -1;
        }
        if (sep == ',') { p++; continue; }
        if (sep == '\n') { p++; c->next_line++; }
        break;
    }
    c->t.pos = (size_t)(p - buf);
    if ((size_t)(rec_end - start) > COR_MAX_LINE) {
        cor_error_set(err, COR_E_INPUT, "%s:%ld: record longer than %d bytes",
                      c->t.path, c->t.line, COR_MAX_LINE);
        return -1;
    }
    return 1;
}

int cor__csv_next(cor__csv *c, cor_error *err)
{
    for (;;) {
        int r = parse_record(c, err);
        if (r <= 0) return r;
        for (int i = 0; i < c->n_fields; i++)
            if (c->field[i][0]) return 1;
    }
}

int cor__csv_refields(cor__csv *c, char *rec, int n)
{
    c->n_fields = 0;
    c->rec = rec;
    for (int i = 0; i < n; i++) {
        if (push(c, rec)) return -1;
        rec += strlen(rec) + 1;
    }
    return 0;
}

static int blank(char c) { return c == ' ' || c == '\t'; }

void cor__csv_put(FILE *fp, const char *s)
{
    size_t n = strlen(s);
    if (!strpbrk(s, ",\"\n\r") && !(n && (blank(s[0]) || blank(s[n - 1])))) { fputs(s, fp); return; }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"') fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

void cor__csv_put_prefixed(FILE *fp, const char *prefix, const char *s)
{
    char *f = malloc(strlen(prefix) + strlen(s) + 1);
    if (!f) { /* cannot build it: the prefix and a quoted name are still one valid field */
        fputc('"', fp);
        for (const char *p = prefix; *p; p++) fputc(*p, fp);
        for (; *s; s++) {
            if (*s == '"') fputc('"', fp);
            fputc(*s, fp);
        }
        fputc('"', fp);
        return;
    }
    strcpy(f, prefix);
    strcat(f, s);
    cor__csv_put(fp, f);
    free(f);
}

void cor__csv_put_list(FILE *fp, const char *(*next)(void *it), void *pass1, void *pass2)
{
    const char *item, *last = NULL;
    int quote = 0, first = 1;
    while ((item = next(pass1))) {
        if (strpbrk(item, ",\"\n\r")) quote = 1;
        if (first && blank(item[0])) quote = 1;
        first = 0;
        last = item;
    }
    if (last && *last && blank(last[strlen(last) - 1])) quote = 1;
    if (quote) fputc('"', fp);
    for (int i = 0; (item = next(pass2)); i++) {
        if (i) fputc(COR_CSV_LIST_SEP, fp);
        for (; *item; item++) {
            if (*item == COR_CSV_LIST_SEP || *item == '\\') fputc('\\', fp);
            else if (*item == '"' && quote) fputc('"', fp);
            fputc(*item, fp);
        }
    }
    if (quote) fputc('"', fp);
}

void cor__csv_put_link(FILE *fp, const cor_network *net, int32_t a)
{
    cor__csv_put(fp, net->link_id[a]);
    fputc(',', fp);
    cor__csv_put(fp, net->node_id[net->link_from[a]]);
    fputc(',', fp);
    cor__csv_put(fp, net->node_id[net->link_to[a]]);
}
