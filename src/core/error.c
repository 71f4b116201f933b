/* corridor — error object. */
#include <stdarg.h>
#include <stdio.h>

#include "corridor/error.h"

cor_status cor_error_set(cor_error *err, cor_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

const char *cor_status_name(cor_status s)
{
    switch (s) {
    case COR_OK: return "ok";
    case COR_E_USAGE: return "usage error";
    case COR_E_INPUT: return "bad input";
    case COR_E_NOCONV: return "did not converge within limits";
    case COR_E_IO: return "i/o error";
    case COR_E_NOMEM: return "out of memory";
    case COR_E_INTERRUPTED: return "interrupted";
    case COR_E_INTERNAL: return "internal error";
    }
    return "unknown error";
}
