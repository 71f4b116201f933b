/* corridor — the one parser of country lists (corridor/network.h). */
#include <ctype.h>
#include <string.h>

#include "corridor/network.h"

const char *cor_country_next(const char **cursor, size_t *len)
{
    const char *p = *cursor;
    while (*p && strchr(COR_COUNTRY_SEPS, *p)) p++;
    if (!*p) {
        *cursor = p;
        *len = 0;
        return NULL;
    }
    const char *q = p;
    while (*q && !strchr(COR_COUNTRY_SEPS, *q)) q++;
    *cursor = q;
    *len = (size_t)(q - p);
    return p;
}

int cor_country_has(const char *list, const char *code)
{
    size_t n = strlen(code), len;
    const char *tok;
    if (!list || !n) return 0;
    while ((tok = cor_country_next(&list, &len)))
        if (len == n) {
            size_t i = 0;
            while (i < n && tolower((unsigned char)tok[i]) == tolower((unsigned char)code[i])) i++;
            if (i == n) return 1;
        }
    return 0;
}
