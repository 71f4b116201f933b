/* corridor internal — whole-file text buffers, line iteration and strict
 * number parsing shared by every reader. */
#ifndef COR_TEXTFILE_H
#define COR_TEXTFILE_H
#include <stddef.h>
#include <stdint.h>
#include "corridor/error.h"

/* Longest line accepted (bytes); longer lines are an input error. */
#define COR_MAX_LINE (1 << 20)

typedef struct cor__text {
    char *buf;        /* file contents + NUL, owned */
    size_t len;
    size_t pos;       /* next unread byte */
    long line;        /* number of the line last returned (1-based) */
    const char *path;
} cor__text;

/* Reads the whole file; COR_E_IO if it cannot be opened/read.  Rejects NUL
 * bytes, UTF-16 and anything else that is not UTF-8 (Latin-1, Windows-1252)
 * and skips a UTF-8 BOM. */
cor_status cor__text_open(cor__text *t, const char *path, cor_error *err);
void cor__text_close(cor__text *t);
/* Offset of the first byte of s[0..len) that does not start a valid UTF-8
 * sequence (overlong forms, surrogates and code points above U+10FFFF are
 * invalid), or len when all of it is valid.  cor__text_open rejects files
 * that are not UTF-8 with the line and column of that byte. */
size_t cor__utf8_invalid(const char *s, size_t len);
/* Next line, NUL-terminated in place (CR/LF stripped); NULL at end.  Lines
 * longer than COR_MAX_LINE set *err and return NULL with t->line on it. */
char *cor__text_next(cor__text *t, cor_error *err, cor_status *st);

/* Strict parsers: the whole token must be a finite number.  Return 0 on
 * success, -1 otherwise. */
int cor__parse_double(const char *s, double *out);
/* As cor__parse_double, with a fast exact path for plain decimals. */
int cor__parse_number(const char *s, double *out);
int cor__parse_long(const char *s, long *out);
/* "FILE:LINE: field NAME: <msg>" (no field: "FILE:LINE: <msg>") as
 * COR_E_INPUT, for readers that track lines themselves. */
cor_status cor__error_at(cor_error *err, const char *file, long line, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Error helper: "path:line: field NAME: <msg>". */
cor_status cor__field_error(cor_error *err, const cor__text *t, const char *field,
                            const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
#endif
