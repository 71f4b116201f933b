/* corridor internal — text file buffers and strict numbers. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/textfile.h"

size_t cor__utf8_invalid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* ASCII fast path: eight bytes at a time */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= len) break;
        unsigned c = p[i];
        if (c < 0x80) { i++; continue; }
        size_t n;
        unsigned min;
        if (c >= 0xC2 && c <= 0xDF) { n = 1; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; min = 0x10000; }
        else return i; /* continuation byte, overlong lead C0/C1, or F5..FF */
        if (len - i <= n) return i;
        unsigned cp = c & (0x3F >> n);
        for (size_t k = 1; k <= n; k++) {
            if ((p[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += n + 1;
    }
    return len;
}

cor_status cor__text_open(cor__text *t, const char *path, cor_error *err)
{
    memset(t, 0, sizeof *t);
    t->path = path;
    FILE *fp = fopen(path, "rb");
    if (!fp) return cor_error_set(err, COR_E_IO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 1 << 16, len = 0;
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(fp);
        return cor_error_set(err, COR_E_IO, "%s: is a directory, not a file", path);
    }
    if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
        (uint64_t)sb.st_size < ((uint64_t)1 << 34))
        cap = (size_t)sb.st_size + 1; /* one read, no regrowth; +1 sees EOF */
    char *buf = malloc(cap + 1);
    if (!buf) { fclose(fp); return cor_error_set(err, COR_E_NOMEM, "%s: out of memory", path); }
    for (;;) {
        if (len == cap) {
            if ((uint64_t)cap > ((uint64_t)1 << 34)) {
                free(buf); fclose(fp);
                return cor_error_set(err, COR_E_INPUT, "%s: file too large", path);
            }
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) { free(buf); fclose(fp); return cor_error_set(err, COR_E_NOMEM, "%s: out of memory", path); }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + len, 1, cap - len, fp);
        len += r;
        if (r == 0) break;
        /* not text: stop at once (a device like /dev/zero never ends) */
        if (memchr(buf + len - r, '\0', r)) break;
    }
    int bad = ferror(fp), e = errno;
    fclose(fp);
    if (bad) { free(buf); return cor_error_set(err, COR_E_IO, "%s: read error: %s", path, strerror(e)); }
    buf[len] = '\0';
    if (len >= 2 && (((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE) ||
                     ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF))) {
        free(buf);
        return cor_error_set(err, COR_E_INPUT, "%s:1: file is UTF-16; save it as UTF-8", path);
    }
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        long line = 1;
        for (const char *p = buf; p < nul; p++) line += (*p == '\n');
        free(buf);
        return cor_error_set(err, COR_E_INPUT, "%s:%ld: NUL byte: not a text file", path, line);
    }
    size_t bad_at = cor__utf8_invalid(buf, len);
    if (bad_at < len) {
        long line = 1;
        size_t col = 1;
        for (size_t i = 0; i < bad_at; i++) {
            if (buf[i] == '\n') { line++; col = 1; }
            else col++;
        }
        unsigned byte = (unsigned char)buf[bad_at];
        free(buf);
        return cor_error_set(err, COR_E_INPUT,
                             "%s:%ld: byte 0x%02X at column %zu is not UTF-8 (Latin-1 or "
                             "Windows-1252?); convert the file, e.g. iconv -f WINDOWS-1252 -t UTF-8",
                             path, line, byte, col);
    }
    /* classic Mac OS line ends: a file with CR but no LF is read as lines
     * ended by CR (each CR becomes a LF; CRLF files are untouched) */
    if (!memchr(buf, '\n', len))
        for (char *p = memchr(buf, '\r', len); p; p = memchr(p + 1, '\r', len - (size_t)(p + 1 - buf)))
            *p = '\n';
    t->buf = buf;
    t->len = len;
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
        (unsigned char)buf[2] == 0xBF)
        t->pos = 3;
    return COR_OK;
}

void cor__text_close(cor__text *t)
{
    free(t->buf);
    t->buf = NULL;
}

char *cor__text_next(cor__text *t, cor_error *err, cor_status *st)
{
    *st = COR_OK;
    if (t->pos >= t->len) return NULL;
    char *s = t->buf + t->pos;
    char *e = memchr(s, '\n', t->len - t->pos);
    size_t n = e ? (size_t)(e - s) : t->len - t->pos;
    t->line++;
    /* the limit is on the line's own bytes: its CRLF or LF is not counted */
    if (n - (n && s[n - 1] == '\r') > COR_MAX_LINE) {
        *st = cor_error_set(err, COR_E_INPUT, "%s:%ld: line longer than %d bytes",
                            t->path, t->line, COR_MAX_LINE);
        return NULL;
    }
    t->pos += n + (e ? 1 : 0);
    s[n] = '\0';
    if (n && s[n - 1] == '\r') s[n - 1] = '\0';
    return s;
}

int cor__parse_double(const char *s, double *out)
{
    if (!s || !*s) return -1;
    /* reject textual nan/inf before strtod accepts them */
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    if (!((*p >= '0' && *p <= '9') || *p == '.')) return -1;
    /* decimal only: strtod would also take hexadecimal ("0x1p3") */
    if (strpbrk(p, "xXpP")) return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v)) return -1;
    /* ERANGE on underflow (subnormals such as 1e-320, or below them, read as
     * 0) is a finite number; on overflow strtod gave +-HUGE_VAL = inf */
    if (errno == ERANGE && fabs(v) > DBL_MIN) return -1;
    *out = v;
    return 0;
}

/* Strict number with a fast path for plain decimals ("-12.5"): when the
 * digits form an integer below 2^53 and at most 22 of them follow the point,
 * w / 10^k is exact-over-exact and so correctly rounded (Clinger's fast
 * path), the same value strtod gives.  Everything else goes to
 * cor__parse_double (same acceptance). */
int cor__parse_number(const char *s, double *out)
{
    static const double P10[23] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *p = s;
    int neg = 0;
    if (*p == '-' || *p == '+') neg = *p++ == '-';
    uint64_t w = 0;
    int nd = 0, frac = 0, dot = 0, digits = 0;
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            if (nd >= 15) return cor__parse_double(s, out);
            w = w * 10 + (uint64_t)(*p - '0');
            if (w) nd++;
            frac += dot;
            digits = 1;
        } else if (*p == '.' && !dot) dot = 1;
        else break;
    }
    if (*p || !digits || frac > 22)
        return cor__parse_double(s, out);
    double v = (double)w / P10[frac];
    *out = neg ? -v : v;
    return 0;
}

int cor__parse_long(const char *s, long *out)
{
    if (!s || !*s) return -1;
    /* fast path: up to 18 plain digits */
    {
        const char *p = s;
        int neg = 0;
        if (*p == '-' || *p == '+') neg = *p++ == '-';
        long v = 0;
        int nd = 0;
        while (*p >= '0' && *p <= '9' && nd < 18) { v = v * 10 + (*p++ - '0'); nd++; }
        if (nd > 0 && *p == '\0') { *out = neg ? -v : v; return 0; }
    }
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE) return -1;
    *out = v;
    return 0;
}

static cor_status vat(cor_error *err, const char *file, long line, const char *field, const char *fmt, va_list ap)
{
    char detail[400];
    vsnprintf(detail, sizeof detail, fmt, ap);
    if (field) return cor_error_set(err, COR_E_INPUT, "%s:%ld: field %s: %s", file, line, field, detail);
    return cor_error_set(err, COR_E_INPUT, "%s:%ld: %s", file, line, detail);
}

cor_status cor__error_at(cor_error *err, const char *file, long line, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cor_status st = vat(err, file, line, field, fmt, ap);
    va_end(ap);
    return st;
}

cor_status cor__field_error(cor_error *err, const cor__text *t, const char *field,
                            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cor_status st = vat(err, t->path, t->line, field, fmt, ap);
    va_end(ap);
    return st;
}
