/* corridor internal — string and path helpers (see str.h). */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/str.h"

char *cor__strdup(const char *s)
{
    if (!s) s = "";
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

char *cor__concat(const char *s, ...)
{
    va_list ap;
    size_t n = 0;
    va_start(ap, s);
    for (const char *p = s; p; p = va_arg(ap, const char *)) n += strlen(p);
    va_end(ap);
    char *d = malloc(n + 1), *w = d;
    if (!d) return NULL;
    va_start(ap, s);
    for (const char *p = s; p; p = va_arg(ap, const char *)) {
        size_t k = strlen(p);
        memcpy(w, p, k);
        w += k;
    }
    va_end(ap);
    *w = '\0';
    return d;
}

char *cor__path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    return cor__concat(dir, (n && dir[n - 1] != '/') ? "/" : "", name, (const char *)NULL);
}

int cor__split_tokens(const char *s, const char *seps, int (*fn)(void *ud, const char *tok),
                      void *ud)
{
    char tok[64];
    while (*s) {
        while (*s && strchr(seps, *s)) s++;
        if (!*s) break;
        size_t n = 0;
        while (s[n] && !strchr(seps, s[n])) n++;
        size_t c = n < sizeof tok - 1 ? n : sizeof tok - 1;
        memcpy(tok, s, c);
        tok[c] = 0;
        int r = fn(ud, tok);
        if (r) return r;
        s += n;
    }
    return 0;
}

const char *cor__class_name_reserved(const char *name)
{
    if (!strcasecmp(name, "all")) return "reserved: 'all' is the row of all classes in the result tables";
    if (!strcasecmp(name, "change")) return "reserved: flow_change is the report's own column beside flow_CLASS";
    return NULL;
}

int cor__tokenize(char *line, char **tok, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        while (*p && isspace((unsigned char)*p)) p++;
        if (!*p || *p == '#') break;
        if (n == max) return -2;
        if (*p == '"') {
            char *q = strchr(p + 1, '"');
            if (!q) return -1;
            *q = '\0';
            tok[n++] = p + 1;
            p = q + 1;
            continue;
        }
        tok[n++] = p;
        while (*p && !isspace((unsigned char)*p) && *p != '#') p++;
        if (*p == '#') { *p = '\0'; break; }
        if (*p) *p++ = '\0';
    }
    return n;
}
