/* corridor internal — an RFC 4180 CSV record reader over a whole-file buffer.
 *
 * Built on cor__text (so a UTF-8 BOM is skipped, NUL bytes and UTF-16 are
 * rejected).  Records are parsed in place, without allocating per field:
 *   - fields are separated by ',' and records by LF or CRLF;
 *   - a field starting with '"' (after optional blanks) is quoted: it may
 *     hold ',', line breaks and doubled quotes ("" = one '"'); text after the
 *     closing quote up to the next separator is appended as is (lenient, as
 *     Python's csv module);
 *   - unquoted fields are trimmed of blanks (space, tab, CR) at both ends;
 *   - records whose fields are all empty (blank lines, ",,,," rows that
 *     spreadsheets append) are skipped.
 * The fields of a record are stored contiguously, each NUL-terminated, from
 * the record's start, so a caller can keep just (start, count) and walk the
 * record again later with cor__csv_refields.  The buffer stays valid until
 * cor__csv_close.
 */
#ifndef COR_CSV_H
#define COR_CSV_H
#include <stdio.h>
#include "io/textfile.h"
#include "corridor/network.h"

typedef struct cor__csv {
    cor__text t;     /* t.line = line on which the current record starts */
    char **field;    /* [n_fields] the current record's fields */
    int n_fields;
    int cap;
    char *rec;       /* start of the current record (== field[0]) */
    long next_line;  /* line number of the next unread byte */
} cor__csv;

/* Opens and reads the whole file; COR_E_IO if it cannot be read. */
cor_status cor__csv_open(cor__csv *c, const char *path, cor_error *err);
void cor__csv_close(cor__csv *c);
/* Reads the next non-blank record into c->field / c->n_fields.  Returns 1 on
 * a record, 0 at end of file, -1 on an error (unterminated quote, record
 * longer than COR_MAX_LINE, no memory) with err filled. */
int cor__csv_next(cor__csv *c, cor_error *err);
/* Points c->field at the n fields of a record previously returned (rec =
 * its c->rec).  Returns 0, or -1 on no memory. */
int cor__csv_refields(cor__csv *c, char *rec, int n);
/* Field i of the current record, "" when the record is shorter. */
static inline const char *cor__csv_get(const cor__csv *c, int i)
{
    return (i >= 0 && i < c->n_fields) ? c->field[i] : "";
}
/* Writes s as one CSV field: as it is, or in double quotes (a '"' doubled)
 * when it holds a comma, a quote or a line break, or starts or ends with a
 * blank — what cor__csv_next reads back as s (RFC 4180). */
void cor__csv_put(FILE *fp, const char *s);
/* prefix + s as one field (a header such as volume_CLASS). */
void cor__csv_put_prefixed(FILE *fp, const char *prefix, const char *s);
/* The one separator of list-valued fields (paths.csv corridors, countries,
 * nodes; links.csv corridor): items are joined by ';', an item's own ';' and
 * '\' are escaped by a '\' before them, and the whole field is quoted as by
 * cor__csv_put.  docs/FORMATS.md "Output files". */
#define COR_CSV_LIST_SEP ';'
/* Writes a list-valued field: next(it) returns the items in order, then
 * NULL; it is called through two fresh iterators over the same list (the
 * first pass decides the quoting). */
void cor__csv_put_list(FILE *fp, const char *(*next)(void *it), void *pass1, void *pass2);
/* The fields link_id,from_node_id,to_node_id of link a. */
void cor__csv_put_link(FILE *fp, const cor_network *net, int32_t a);
#endif
