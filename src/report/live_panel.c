/* The report's live what-if panel (docs/REPORTS.md): the section's markup,
 * the data set it re-solves (embedded as JSON) and, at the end of the page,
 * the WebAssembly engine (asset engine_js, built by emscripten: CMake target
 * corridor_engine) and the panel's script (live.js).  Without the engine
 * the section says visibly that the panel is not included. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/case.h"
#include "io/textfile.h"
#include "report/assets.h"
#include "report/internal.h"

/* The largest data set embedded (bytes of text): beyond it the page would
 * outgrow what is comfortable to e-mail. */
#define LIVE_MAX_DATA (3u << 20)

int cor__live_available(void) { return cor__asset_engine_js.size > 0; }

/* A JSON string safe inside <script>: '<' as \u003c. */
static void json_str(cor__sb *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    cor__sb_put(b, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            char e[3] = {'\\', (char)c, 0};
            cor__sb_put(b, e);
        } else if (c == '\n') {
            cor__sb_put(b, "\\n");
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            char e[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            cor__sb_put(b, e);
        } else {
            cor__sb_putn(b, (const char *)&s[i], 1);
        }
    }
    cor__sb_put(b, "\"");
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The files of one folder of the data set ending in one of the suffixes, as
 * "prefix+name": text entries of the "files" object, sorted by name. */
static cor_status add_files(cor__sb *b, const char *dir, const char *prefix, const char *const *suf, int n_suf,
                            int *first, size_t *total, cor_error *err)
{
    DIR *d = opendir(dir);
    if (!d) return prefix[0] ? COR_OK : cor_error_set(err, COR_E_IO, "%s: cannot list the data set", dir);
    char **names = NULL;
    int n = 0, cap = 0;
    cor_status st = COR_OK;
    struct dirent *de;
    while ((de = readdir(d))) {
        int ok = 0;
        for (int i = 0; i < n_suf; i++) ok |= ends_with(de->d_name, suf[i]);
        if (!ok || de->d_name[0] == '.') continue;
        if (n == cap) {
            char **nn = realloc(names, (size_t)(cap = cap ? 2 * cap : 16) * sizeof *nn);
            if (!nn) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); break; }
            names = nn;
        }
        if (!(names[n] = strdup(de->d_name))) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); break; }
        n++;
    }
    closedir(d);
    if (!st) qsort(names, (size_t)n, sizeof *names, name_cmp);
    for (int i = 0; i < n && !st; i++) {
        size_t pl = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(pl);
        if (!path) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); break; }
        snprintf(path, pl, "%s/%s", dir, names[i]);
        cor__text t;
        st = cor__text_open(&t, path, err);
        free(path);
        if (st) break;
        *total += t.len;
        if (*total > LIVE_MAX_DATA) {
            cor__text_close(&t);
            st = cor_error_set(err, COR_E_INPUT, "%s: the data set is over %u MB, too large for the live panel", dir,
                               LIVE_MAX_DATA >> 20);
            break;
        }
        if (!*first) cor__sb_put(b, ",\n");
        *first = 0;
        char key[512];
        snprintf(key, sizeof key, "%s%s", prefix, names[i]);
        json_str(b, key, strlen(key));
        cor__sb_put(b, ": ");
        json_str(b, t.buf, t.len);
        cor__text_close(&t);
    }
    for (int i = 0; i < n; i++) free(names[i]);
    free(names);
    return st;
}

static const char PANEL[] =
    "<div id=\"live-panel\" data-state=\"loading\"><div class=\"live-controls\">"
    "<fieldset><legend>Start from</legend><label>preset <select id=\"live-preset\"></select></label> "
    "<label>model year <select id=\"live-year\"></select></label></fieldset>"
    "<fieldset><legend>Close a country to transit</legend><div id=\"live-countries\" class=\"live-boxes\"></div></fieldset>"
    "<fieldset><legend>Corridors</legend><div id=\"live-corridors\" class=\"live-boxes\"></div></fieldset>"
    "<fieldset><legend>Capacity \xc3\x97</legend><div id=\"live-capacity\" class=\"live-boxes\"></div></fieldset>"
    "<fieldset><legend>Risk premiums (USD per tonne, route-choice constants)</legend><div id=\"live-premiums\" "
    "class=\"live-boxes\"></div></fieldset>"
    "<fieldset><legend>Demand \xc3\x97 by class</legend><div id=\"live-demand\" class=\"live-boxes\"></div></fieldset>"
    "<fieldset class=\"live-wide\"><legend>The scenario (scenario language, docs/SCENARIOS.md; click a link on the "
    "map above to close or reopen it)</legend><textarea id=\"live-text\" rows=\"5\" spellcheck=\"false\"></textarea>"
    "<div><button type=\"button\" id=\"live-apply\">Apply</button> <button type=\"button\" id=\"live-reset\">Reset to "
    "the base</button> <button type=\"button\" id=\"live-copy\">Copy link</button> <span id=\"live-copied\"></span>"
    "</div></fieldset></div>"
    "<p id=\"live-status\" role=\"status\">Loading the engine\xe2\x80\xa6</p>"
    "<p id=\"live-error\" class=\"live-error\" role=\"alert\" hidden></p>"
    "<div id=\"live-results\"></div></div>";

cor_status cor__live_section(cor__sb *b, const char *dir, cor_case *base, cor_error *err)
{
    cor__sb_put(b, "<section id=\"live\"><h2>Live what-if \xe2\x80\x94 re-solved in this page</h2>");
    if (!cor__live_available()) {
        cor__sb_put(b, "<p class=\"live-missing\"><b>The live what-if panel is not included in this report</b>: "
                       "this corridor was built without emscripten (the WebAssembly engine; docs/REPORTS.md). "
                       "The figures below are the runs made when the report was written.</p></section>\n");
        return COR_OK;
    }
    const cor_assign_params *p = cor_case_params(base);
    cor__sb_put(b, "<p class=\"note\">The equilibrium of this data set is solved again in the browser by the "
                   "same engine as the command line (compiled to WebAssembly), with ");
    cor__sb_put(b, cor_case_choice(base) == COR_CHOICE_LOGIT ? "the calibrated route-choice model (path-size logit)"
                                                             : "the deterministic user equilibrium");
    cor__sb_printf(b, " and gap %.0e. Each change re-solves against the base as <code>corridor scenario</code> does; "
                      "the page's address holds the scenario (<code>#scenario=</code>), so a link to it "
                      "reproduces this state.</p>", p->gap);
    cor__sb_put(b, PANEL);
    cor__sb_printf(b, "<script type=\"application/json\" id=\"live-data\">{\"dir\": \"/data\", \"year\": %d, "
                      "\"choice\": %d, \"gap\": %.17g, \"max_iter\": %d, \"files\": {\n",
                   cor_case_year(base), (int)cor_case_choice(base), p->gap, p->max_iter);
    static const char *const top[] = {".csv"}, *const scen[] = {".scenario", ".csv"};
    int first = 1;
    size_t total = 0;
    cor_status st = add_files(b, dir, "", top, 1, &first, &total, err);
    if (!st) {
        size_t n = strlen(dir) + 16;
        char *sd = malloc(n);
        if (!sd) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        snprintf(sd, n, "%s/scenarios", dir);
        st = add_files(b, sd, "scenarios/", scen, 2, &first, &total, err);
        free(sd);
    }
    if (st) return st;
    cor__sb_put(b, "}}</script></section>\n");
    return COR_OK;
}

void cor__live_scripts(cor__sb *b)
{
    cor__sb_put(b, "<script>");
    cor__sb_putn(b, (const char *)cor__asset_engine_js.data, cor__asset_engine_js.size);
    cor__sb_put(b, "</script><script>");
    cor__sb_putn(b, (const char *)cor__asset_live_js.data, cor__asset_live_js.size);
    cor__sb_put(b, "</script>");
}
