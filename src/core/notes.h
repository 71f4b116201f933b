/* corridor internal — reader notes on a network (cor_network.notes): what
 * was read but skipped, one line each, for the caller to show as warnings
 * or, in strict mode, to refuse. */
#ifndef COR_CORE_NOTES_H
#define COR_CORE_NOTES_H
#include "corridor/network.h"
/* Appends one line (printf format) to net->notes; COR_E_NOMEM on failure. */
cor_status cor__network_note(cor_network *net, cor_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#endif
