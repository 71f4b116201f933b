/* The WebAssembly entry points of the report's live panel (emscripten,
 * CMake target corridor_engine, docs/REPORTS.md).  The page writes the data
 * set into the module's in-memory file system under /data and calls:
 *   engine_open(dir, year, choice, gap, max_iter)  the base's JSON, or an
 *                                error document {"ok": false, "error": ...}
 *   engine_solve(text)           the scenario body `text` (written to
 *                                DIR/scenarios/what-if.scenario, so `base`
 *                                names resolve among the shipped scenarios)
 *                                solved against the base: its JSON or an error
 *                                document naming the bad line; the base is kept
 * Each returned string stays valid until the next call.  Not part of the
 * native library: only the emscripten build compiles this file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <emscripten/emscripten.h>

#include "corridor/live.h"
#include "corridor/table.h"

static cor_live *engine;
static char *dir_path, *result;

static const char *error_doc(const char *msg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp) return "{\"ok\": false, \"error\": \"out of memory\"}";
    fputs("{\"ok\": false, \"error\": ", fp);
    cor_table_json_string(fp, msg);
    fputs("}", fp);
    if (fclose(fp)) {
        free(buf);
        return "{\"ok\": false, \"error\": \"out of memory\"}";
    }
    free(result);
    result = buf;
    return result;
}

EMSCRIPTEN_KEEPALIVE const char *engine_open(const char *dir, int year, int choice, double gap, int max_iter)
{
    cor_error err = {0};
    cor_live_opts o = {year, choice, gap, max_iter};
    cor_live_destroy(engine);
    engine = NULL;
    free(dir_path);
    if (!(dir_path = strdup(dir))) return error_doc("out of memory");
    if (cor_live_open(dir, &o, &engine, &err)) return error_doc(err.msg);
    return cor_live_base_json(engine);
}

EMSCRIPTEN_KEEPALIVE const char *engine_solve(const char *text)
{
    if (!engine) return error_doc("the engine is not open");
    size_t n = strlen(dir_path) + 48;
    char *path = malloc(n);
    if (!path) return error_doc("out of memory");
    snprintf(path, n, "%s/scenarios/what-if.scenario", dir_path);
    FILE *fp = fopen(path, "w");
    int bad = !fp;
    if (fp) {
        bad = fputs(text, fp) < 0;
        bad |= fclose(fp) != 0;
    }
    if (bad) {
        free(path);
        return error_doc("cannot write the scenario into the module's file system");
    }
    cor_error err = {0};
    char *json = NULL;
    cor_status st = cor_live_solve(engine, path, &json, &err);
    free(path);
    if (st) return error_doc(err.msg);
    free(result);
    result = json;
    return result;
}
