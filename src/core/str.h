/* corridor internal — the one set of string and path helpers.
 *
 * Every function that returns a string returns it malloc'd (the caller
 * frees it) and returns NULL only when memory runs out. */
#ifndef COR_STR_H
#define COR_STR_H

/* A copy of s; NULL is taken as "". */
char *cor__strdup(const char *s);
/* The concatenation of the strings given, up to a NULL argument:
 * cor__concat("c_", id, NULL). */
char *cor__concat(const char *s, ...);
/* dir + "/" + name; no '/' is added when dir is empty or already ends in
 * one (so "" + name = name, "out/" + name = "out/name"). */
char *cor__path_join(const char *dir, const char *name);
/* Calls fn on each token of s separated by any byte of seps (empty tokens
 * skipped; tokens cut at 63 bytes).  Stops at, and returns, the first
 * non-zero value fn returns; 0 when every call returned 0. */
int cor__split_tokens(const char *s, const char *seps,
                      int (*fn)(void *ud, const char *tok), void *ud);
/* Class names become parts of output names: the volume_NAME and flow_NAME
 * columns of links.csv, link_performance.csv, the GeoJSON and the
 * GeoPackage (whose column names ignore case) beside their own flow_change
 * column, and the class column of tables whose total row is "all".  Returns
 * NULL when name can be used, else why not (for an error message):
 * "all" and "change" in any case are reserved. */
const char *cor__class_name_reserved(const char *name);
/* Splits line in place into blank-separated words (the scenario and hazard
 * files' lexer): "double quoted" words may hold blanks, '#' outside quotes
 * starts a comment.  Returns the count (at most max), -1 on an unterminated
 * quote, -2 on more than max words. */
int cor__tokenize(char *line, char **tok, int max);
#endif
