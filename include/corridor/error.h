/* corridor — error codes and the error object every fallible call fills.
 *
 * The library never prints and never exits.  Every fallible function returns a
 * cor_status and, when given a non-NULL cor_error *, writes a one-line message
 * naming the file, line and field where that applies.
 */
#ifndef CORRIDOR_ERROR_H
#define CORRIDOR_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cor_status {
    COR_OK = 0,
    COR_E_USAGE = 1,      /* bad arguments from the caller */
    COR_E_INPUT = 2,      /* bad input data (file, line, field in the message) */
    COR_E_NOCONV = 3,     /* solver stopped at a limit before reaching the gap */
    COR_E_IO = 4,         /* could not open, read or write a file */
    COR_E_NOMEM = 5,      /* out of memory */
    COR_E_INTERRUPTED = 6,/* cancelled by the progress callback / a signal */
    COR_E_INTERNAL = 7    /* a bug: an invariant did not hold */
} cor_status;

typedef struct cor_error {
    cor_status code;
    char msg[512];
} cor_error;

/* Writes code and a printf-style message into err (if err is non-NULL) and
 * returns code, so callers can `return cor_error_set(err, COR_E_INPUT, ...)`. */
cor_status cor_error_set(cor_error *err, cor_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Static, human-readable name of a status ("bad input", ...). */
const char *cor_status_name(cor_status s);

#ifdef __cplusplus
}
#endif
#endif
