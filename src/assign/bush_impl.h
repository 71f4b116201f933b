/* corridor — bush solver engine, included twice by bush.c: once with 16-bit
 * link ids (networks under 65,536 links: 10 bytes per bush link) and once
 * with 32-bit ids.  Needs LID (the id type) and BN(name) (name mangling). */

/* Per-thread dense scratch -> persistent bush list.  The list holds the bush
 * links grouped by head node, heads in topological order; x the flows. */

static inline LID *BN(lk)(const borigin *o) { return (LID *)o->lk; }

static int BN(reserve)(borigin *o, int32_t n)
{
    if (n <= o->cap && n >= o->cap / 2) return 0;
    int32_t cap = n + n / 8 + 16;
    LID *nl = realloc(o->lk, (size_t)cap * sizeof(LID));
    if (!nl) return -1;
    o->lk = nl;
    double *nx = realloc(o->x, (size_t)cap * sizeof(double));
    if (!nx) return -1;
    o->x = nx;
    o->cap = cap;
    return 0;
}

/* Marks the entries [g0, e) of head j the bush update drops: no flow and
 * not j's min entry, or a tail the bush no longer reaches (flow -1). */
static inline void BN(prune)(const bctx *c, borigin *o, const bnode *N, int32_t j, int32_t g0,
                             int32_t e, int multi, int32_t *pruned)
{
    if (!multi) {
        /* the only entry is the min entry: dropped only when its tail is
         * unreached, i.e. when j is */
        if (!(N[j].U < INFINITY)) { o->x[g0] = -1; (*pruned)++; }
        return;
    }
    const LID *lk = BN(lk)(o);
    const int32_t bu = N[j].pu;
    for (int32_t q = g0; q < e; q++)
        if ((o->x[q] == 0 && q != bu) || !(N[c->ft[lk[q]].f].U < INFINITY)) { o->x[q] = -1; (*pruned)++; }
}

/* Labels in list order.  U/pu: min over all bush links; L/pl: max over
 * used links (MODE 1; L = -INF where no used inflow) or over all links
 * (MODE 0 and 2).  Sets N[].pos, N[].gs and topo[] for bush nodes; returns
 * the node count.  MODE 2 also marks the entries the bush update drops (no
 * flow and not the node's min entry, or a tail the bush no longer reaches)
 * with flow -1, counts them in *pruned, and sets w->D = U on bush nodes.
 * Entries are grouped by head, so a head's labels start at its first entry
 * and are refined by the others. */
static inline __attribute__((always_inline)) int32_t
BN(labels_impl)(const bctx *c, bwork *w, borigin *o, const double *tt, const double *fk,
                const int MODE, int32_t *pruned)
{
    /* MODE 1: nodes with two or more used in-entries whose max and min
     * entries differ and whose excess L - U exceeds the shift threshold go
     * to w->exl (topological order, w->nexl of them); w->maxex is the
     * largest excess of any node */
    const double thr = c->thr[o->k];
    int32_t nex = 0, multi = 0;
    double mx = 0;
    const bft *ft = c->ft;
    const LID *lk = BN(lk)(o);
    double *x = o->x;
    bnode *N = w->nd;
    int32_t *topo = w->topo;
    const int32_t n = o->n;
    int32_t r = o->node, nt = 1;
    N[r].U = 0; N[r].L = 0; N[r].pu = -1; N[r].pl = -1; N[r].pos = 0; topo[0] = r;
    int32_t pj = -1, g0 = 0;
    for (int32_t e = 0; e < n; e++) {
        const int32_t a = lk[e];
        const bft p = ft[a];
        const int32_t i = p.f, j = p.t;
        const double ca = fk ? tt[a] + fk[a] : tt[a];
        const double ui = N[i].U, li = N[i].L;
        const double cu = ui + ca;
        double cl = li + ca;
        int usel = 1;
        if (MODE == 1) {
            usel = x[e] > 0;
            if (!usel) {
                cl = -INFINITY;
            } else if (li < -DBL_MAX) {
                /* rounding residue: flow on a link whose tail has no inflow
                 * left; drop it (it is below 1e-15 relative) */
                x[e] = 0;
                usel = 0;
            }
        }
        bnode *nj = &N[j];
        if (j != pj) {
            if (MODE == 1 && multi) {
                const bnode *q = &N[pj];
                if (q->pl >= 0) {
                    double ex = q->L - q->U;
                    if (ex > mx) mx = ex;
                    if (ex > thr && q->pu != q->pl) w->exl[nex++] = pj;
                }
            }
            if (MODE == 2 && pj >= 0) {
                BN(prune)(c, o, N, pj, g0, e, multi, pruned);
                w->D[pj] = N[pj].U;
            }
            multi = 0;
            nj->U = cu; nj->pu = e;
            nj->L = cl; nj->pl = usel ? e : -1;
            nj->pos = nt;
            if (MODE != 1) {
                nj->gs = e;
                topo[nt] = j;
            }
            nt++;
            pj = j;
            g0 = e;
        } else {
            multi = 1;
            if (cu < nj->U) { nj->U = cu; nj->pu = e; }
            if (cl > nj->L) { nj->L = cl; nj->pl = e; }
        }
    }
    if (MODE == 1) {
        if (multi) {
            const bnode *q = &N[pj];
            if (q->pl >= 0) {
                double ex = q->L - q->U;
                if (ex > mx) mx = ex;
                if (ex > thr && q->pu != q->pl) w->exl[nex++] = pj;
            }
        }
        w->nexl = nex;
        w->maxex = mx;
    }
    if (MODE == 2) {
        w->D[r] = 0;
        if (pj >= 0) {
            BN(prune)(c, o, N, pj, g0, n, multi, pruned);
            w->D[pj] = N[pj].U;
        }
    }
    return nt;
}

static int32_t BN(labels)(const bctx *c, bwork *w, borigin *o, const double *tt, const double *fk,
                          int mode, int32_t *pruned)
{
    if (fk) {
        if (mode == 1) return BN(labels_impl)(c, w, o, tt, fk, 1, pruned);
        if (mode == 2) return BN(labels_impl)(c, w, o, tt, fk, 2, pruned);
        return BN(labels_impl)(c, w, o, tt, fk, 0, pruned);
    }
    if (mode == 1) return BN(labels_impl)(c, w, o, tt, NULL, 1, pruned);
    if (mode == 2) return BN(labels_impl)(c, w, o, tt, NULL, 2, pruned);
    return BN(labels_impl)(c, w, o, tt, NULL, 0, pruned);
}

/* Cold bush: shortest-path tree at the current costs, all-or-nothing flows. */
static void BN(origin_init)(const bctx *c, bwork *w, borigin *o)
{
    const cor_network *net = c->net;
    const double *tt = phase_a_cost(c, o->k), *fk = NULL;
    const uint8_t *mk = c->masks[o->k];
    bnode *N = w->nd;
    for (int32_t i = 0; i < c->n; i++) { w->D[i] = INFINITY; w->predD[i] = -1; }
    w->D[o->node] = 0;
    int32_t hs = 0;
    h_push(w, o->node, 0.0, &hs);
    int32_t nt = dijkstra_run(c, w, o, tt, fk, mk, hs, w->topo);
    if (BN(reserve)(o, nt - 1)) { w->bad = 1; return; }
    LID *lk = BN(lk)(o);
    int32_t n = 0;
    for (int32_t idx = 1; idx < nt; idx++) {
        int32_t j = w->topo[idx];
        N[j].pos = n;            /* entry of j's tree link */
        lk[n] = (LID)w->predD[j];
        o->x[n++] = 0;
    }
    o->n = n;
    node_demand(c, w, o);
    for (int32_t idx = nt - 1; idx > 0; idx--) {
        int32_t j = w->topo[idx];
        double f = w->nf[j];
        if (f > 0) {
            o->x[N[j].pos] += f;
            w->nf[net->link_from[w->predD[j]]] += f;
        }
        w->nf[j] = 0;
    }
    w->nf[o->node] = 0;
}

/* Adds link a = (i, j) to the bush order held in w->topo / w->nd[].pos (links
 * with ent >= 0 are the bush): when j comes before i, the nodes reachable
 * from j up to i's position and those reaching i down to j's position are
 * reordered (Pearce & Kelly 2006).  Returns 1 (added, ent[a] set), 0 (a
 * would close a cycle: not added), -1 (work budget spent: caller falls back
 * to a full order). */
static int BN(insert)(const bctx *c, bwork *w, int32_t a, int64_t *budget)
{
    const cor_network *net = c->net;
    const int32_t *from = net->link_from, *to = net->link_to;
    bnode *N = w->nd;
    int32_t *ord = w->topo, *ent = w->ent;
    int32_t i = from[a], j = to[a];
    int32_t lb = N[j].pos, ub = N[i].pos;
    if (lb > ub) { ent[a] = INT32_MAX; return 1; }
    uint8_t *mark = w->mark;
    int32_t *stk = w->stk, *F = w->fl, *B = w->bl;
    int32_t nf = 0, nb = 0, sp = 0;
    int cycle = 0;
    /* forward from j over bush links, positions below ub */
    stk[sp++] = j; mark[j] = 1;
    while (sp && !cycle) {
        int32_t u = stk[--sp];
        F[nf++] = u;
        for (int32_t b = net->first_out[u]; b < net->first_out[u + 1]; b++) {
            if (ent[b] < 0) continue;
            int32_t v = to[b];
            if (v == i) { cycle = 1; break; }
            if (N[v].pos < ub && !mark[v]) { mark[v] = 1; stk[sp++] = v; }
        }
        *budget -= net->first_out[u + 1] - net->first_out[u] + 1;
    }
    if (cycle || *budget < 0) {
        for (int32_t q = 0; q < nf; q++) mark[F[q]] = 0;
        for (int32_t q = 0; q < sp; q++) mark[stk[q]] = 0;
        return cycle && *budget >= 0 ? 0 : -1;
    }
    /* backward from i over bush links, positions above lb */
    stk[sp++] = i; mark[i] = 2;
    while (sp) {
        int32_t u = stk[--sp];
        B[nb++] = u;
        for (int32_t r = net->first_in[u]; r < net->first_in[u + 1]; r++) {
            int32_t b = net->in_link[r];
            if (ent[b] < 0) continue;
            int32_t v = from[b];
            if (N[v].pos > lb && !mark[v]) { mark[v] = 2; stk[sp++] = v; }
        }
        *budget -= net->first_in[u + 1] - net->first_in[u] + 1;
    }
    for (int32_t q = 0; q < nf; q++) mark[F[q]] = 0;
    for (int32_t q = 0; q < nb; q++) mark[B[q]] = 0;
    if (*budget < 0) return -1;
    /* positions of both sets, each sorted; B's nodes take the lowest
     * positions of the union, in their old relative order, then F's */
    for (int32_t q = 0; q < nf; q++) F[q] = N[F[q]].pos;
    for (int32_t q = 0; q < nb; q++) B[q] = N[B[q]].pos;
    qsort(F, (size_t)nf, sizeof *F, cmp_i32);
    qsort(B, (size_t)nb, sizeof *B, cmp_i32);
    int32_t *P = w->plist, *nodes = stk;
    int32_t x = 0, y = 0, np = 0;
    while (x < nb || y < nf) {
        if (y >= nf || (x < nb && B[x] < F[y])) P[np++] = B[x++];
        else P[np++] = F[y++];
    }
    for (int32_t q = 0; q < nb; q++) nodes[q] = ord[B[q]];
    for (int32_t q = 0; q < nf; q++) nodes[nb + q] = ord[F[q]];
    for (int32_t q = 0; q < np; q++) { ord[P[q]] = nodes[q]; N[nodes[q]].pos = P[q]; }
    ent[a] = INT32_MAX;
    return 1;
}

/* Phase A: exact shortest paths at the global times (returns this origin's
 * SPTT share; unreachable destinations flagged in unr when non-NULL), then
 * the bush update. */
static double BN(origin_update)(const bctx *c, bwork *w, borigin *o, uint8_t *unr)
{
    const cor_network *net = c->net;
    const uint8_t *mk = c->masks[o->k];
    const double *tt = phase_a_cost(c, o->k), *fk = NULL;
    const int32_t *from = net->link_from, *to = net->link_to;
    const int32_t n = c->n;
    LID *lk = BN(lk)(o);
    bnode *N = w->nd;
    double *D = w->D;
    int32_t *ent = w->ent;
    for (int32_t i = 0; i < n; i++) { N[i].U = INFINITY; N[i].L = -INFINITY; N[i].pos = -1; D[i] = INFINITY; }
    int32_t removed = 0;
    int32_t nt = BN(labels)(c, w, o, tt, fk, 2, &removed);
    /* (the labels pass set D = U on bush nodes) */
    int32_t hs = 0, nc = 0, nc2 = 0;
    /* every link out of a reached node: shortcuts and Dijkstra seeds.  Any
     * shortcut joins the bush (one that saved less than the shift threshold
     * was once left out: some bushes then kept a gap share they could not
     * see, and berlin-center stalled near 2e-10 for 40 iterations).  Bush
     * links pass by themselves: U_j <= U_i + c_ij by the labels (the same
     * floating-point sum), and relaxing them is harmless. */
    uint8_t *low = w->mark; /* D lowered in the scan (w->mark is all 0 outside BN(insert)) */
    int32_t *lowl = w->fl, nlow = 0;
    for (int32_t i = 0; i < n; i++) {
        const double di = D[i];
        if (!(di < INFINITY) || !passable(net, i, o->node)) continue;
        const double ui = N[i].U, li = N[i].L;
        const int32_t a1 = net->first_out[i + 1];
        for (int32_t a = net->first_out[i]; a < a1; a++) {
            if (mk && !mk[a]) continue;
            const int32_t j = to[a];
            if (j == o->node) continue;
            const double ca = fk ? tt[a] + fk[a] : tt[a];
            /* U_j is D_j unless an earlier link of this scan lowered D_j */
            const double uj = low[j] ? N[j].U : D[j];
            if (ui + ca < uj - 1e-14 * uj && N[j].U < INFINITY) {
                if (li < N[j].L) w->cand[nc++] = a;   /* keeps the bush acyclic */
                else w->cand2[nc2++] = a;           /* tried, kept if acyclic */
            }
            const double nd = di + ca;
            if (nd < D[j]) {
                D[j] = nd;
                w->predD[j] = a;
                h_push(w, j, nd, &hs);
                if (!low[j]) { low[j] = 1; lowl[nlow++] = j; }
            }
        }
    }
    for (int32_t q = 0; q < nlow; q++) low[lowl[q]] = 0;
    if (hs) dijkstra_run(c, w, o, tt, fk, mk, hs, NULL);
    double sptt = 0;
    for (int32_t d = 0; d < c->nz; d++) {
        double q = o->dem[d];
        if (!(q > 0) || d == o->zone) continue;
        double dd = D[net->zone_node[d]];
        if (dd < INFINITY) sptt += q * dd;
        else if (unr) unr[d] = 1;
    }
    /* bush update: drop unused links off the min tree; add shortcuts; graft
     * the shortest-path tree onto nodes the bush does not reach */
    const int32_t kept = o->n - removed;
    int backward = 0;
    int32_t nc1 = nc;
    for (int32_t q = 0; q < nc2; q++) w->cand[nc++] = w->cand2[q];
    for (int32_t q = 0; q < nc; q++) {
        int32_t a = w->cand[q];
        if (N[from[a]].pos >= N[to[a]].pos) backward = 1;
    }
    for (int32_t j = 0; j < n; j++)
        if (!(N[j].U < INFINITY) && D[j] < INFINITY && j != o->node) {
            w->cand[nc++] = w->predD[j];
            backward = 1;
        }
    if (nc == 0) {
        int32_t q = 0;
        for (int32_t e = 0; e < o->n; e++) {
            if (o->x[e] < 0) continue;
            lk[q] = lk[e];
            o->x[q++] = o->x[e];
        }
        o->n = q;
        if (removed && BN(reserve)(o, q)) w->bad = 1;
        return sptt;
    }
    if (!backward) {
        /* the order stands: each new link goes at the end of its head's
         * group (one merge pass over the list) */
        int64_t *key = w->key;
        int32_t *ip = w->cand2;
        for (int32_t q = 0; q < nc; q++) {
            int32_t a = w->cand[q], j = to[a];
            int32_t e = N[j].gs;
            while (e < o->n && to[lk[e]] == j) e++;
            key[q] = (int64_t)e << 32 | q;
        }
        /* candidates by insertion point, ties in candidate order */
        qsort(key, (size_t)nc, sizeof *key, cmp_i64);
        for (int32_t q = 0; q < nc; q++) {
            ip[q] = (int32_t)(key[q] >> 32);
            w->nnext[q] = w->cand[key[q] & 0xffffffff];
        }
        memcpy(w->cand, w->nnext, (size_t)nc * sizeof(int32_t));
        LID *nl = (LID *)w->nlk;
        double *nx = w->nx;
        int32_t q = 0, k = 0;
        for (int32_t e = 0; e <= o->n; e++) {
            while (k < nc && ip[k] == e) {
                nl[q] = (LID)w->cand[k++];
                nx[q++] = 0.0;
            }
            if (e == o->n) break;
            if (o->x[e] < 0) continue;
            nl[q] = lk[e];
            nx[q++] = o->x[e];
        }
        if (q != kept + nc || BN(reserve)(o, q)) { w->bad = 1; return sptt; }
        memcpy(o->lk, nl, (size_t)q * sizeof(LID));
        memcpy(o->x, nx, (size_t)q * sizeof(double));
        o->n = q;
        return sptt;
    }
    /* a new node order: the current one, locally repaired for each new link
     * that goes against it (BN(insert)); a full Kahn order when nodes are
     * grafted or the local repairs grow too large */
    int32_t *ord = w->topo;
    /* bush membership by link (ent: entry, -1 for none or dropped,
     * INT32_MAX for new links), reset to -1 by the rebuild below */
    for (int32_t e = 0; e < o->n; e++) ent[lk[e]] = o->x[e] < 0 ? -1 : e;
    for (int32_t q = 0; q < nc; q++) ent[w->cand[q]] = INT32_MAX;
    int kahn = 0;
    for (int32_t q = 0; q < nc; q++) {
        int32_t a = w->cand[q];
        if (N[from[a]].pos < 0 || N[to[a]].pos < 0) { kahn = 1; break; }
    }
    if (backward && !kahn) {
        /* insert one by one (candidates are not bush links until then) */
        for (int32_t q = 0; q < nc; q++) ent[w->cand[q]] = -1;
        int64_t budget = 2 * (int64_t)nt + 64;
        int32_t nk = 0, nk1 = 0, q;
        for (q = 0; q < nc; q++) {
            int32_t a = w->cand[q];
            int r = BN(insert)(c, w, a, &budget);
            if (r < 0) break;
            if (r == 0) continue; /* would close a cycle: left out */
            if (q < nc1) nk1++;
            w->cand[nk++] = a;
        }
        if (q < nc) {
            /* budget spent: Kahn orders the whole updated set */
            kahn = 1;
            for (; q < nc; q++) {
                if (q < nc1) nk1++;
                w->cand[nk++] = w->cand[q];
            }
        }
        for (q = 0; q < nk; q++) ent[w->cand[q]] = INT32_MAX;
        nc = nk;
        nc1 = nk1;
    }
    if (kahn) {
        for (int attempt = 0;; attempt++) {
            int32_t *indeg = w->indeg;
            for (int32_t e = 0; e < o->n; e++)
                if (ent[lk[e]] >= 0 && ent[lk[e]] != INT32_MAX) indeg[to[lk[e]]]++;
            for (int32_t q = 0; q < nc; q++) indeg[to[w->cand[q]]]++;
            int32_t head = 0, tail = 0, seen = 0;
            ord[tail++] = o->node;
            while (head < tail) {
                int32_t u = ord[head++];
                if (!passable(net, u, o->node)) continue;
                for (int32_t a = net->first_out[u]; a < net->first_out[u + 1]; a++) {
                    if (ent[a] < 0) continue;
                    seen++;
                    if (--indeg[to[a]] == 0) ord[tail++] = to[a];
                }
            }
            nt = tail;
            if (seen == kept + nc) break;
            /* a cycle through links that failed the max-label test: drop them */
            for (int32_t e = 0; e < o->n; e++) indeg[to[lk[e]]] = 0;
            for (int32_t q = 0; q < nc; q++) indeg[to[w->cand[q]]] = 0;
            if (attempt > 0 || nc == nc1) { w->bad = 1; return sptt; }
            for (int32_t q = nc1; q < nc; q++) ent[w->cand[q]] = -1;
            nc = nc1;
        }
    }
    /* the new list: per head in the new order, its kept old entries (one
     * contiguous group of the old list) then its new links */
    int32_t *nh = w->nhead, *nn = w->nnext;
    for (int32_t q = nc - 1; q >= 0; q--) {
        int32_t a = w->cand[q], j = to[a];
        nn[q] = nh[j];
        nh[j] = q;
    }
    LID *nl = (LID *)w->nlk;
    double *nx = w->nx;
    int32_t q = 0;
    for (int32_t idx = 1; idx < nt; idx++) {
        int32_t j = ord[idx];
        if (N[j].U < INFINITY && j != o->node) {
            for (int32_t e = N[j].gs; e < o->n && to[lk[e]] == j; e++) {
                int32_t a = lk[e];
                ent[a] = -1;
                if (o->x[e] < 0) continue;
                nl[q] = (LID)a;
                nx[q++] = o->x[e];
            }
        }
        for (int32_t r = nh[j]; r >= 0; r = nn[r]) {
            int32_t a = w->cand[r];
            ent[a] = -1;
            nl[q] = (LID)a;
            nx[q++] = 0.0;
        }
        nh[j] = -1;
    }
    if (q != kept + nc || BN(reserve)(o, q)) { w->bad = 1; return sptt; }
    memcpy(o->lk, nl, (size_t)q * sizeof(LID));
    memcpy(o->x, nx, (size_t)q * sizeof(double));
    o->n = q;
    return sptt;
}

/* Phase B: Newton shifts on one bush, link volumes vt / times tt (the thread
 * view, or the global arrays when single-threaded). */
static void BN(origin_equilibrate)(const bctx *c, bwork *w, borigin *o, double *vt, double *tt,
                                   int track)
{
    const cor_network *net = c->net;
    const double *fk = c->p->classes[o->k].fixed;
    const bft *ft = c->ft;
    const LID *lk = BN(lk)(o);
    double *x = o->x;
    const double thr = c->thr[o->k];
    for (int pass = 0; pass < c->passes; pass++) {
        w->work += o->n;
        BN(labels)(c, w, o, tt, fk, 1, NULL);
        const bnode *N = w->nd;
        const double maxex = w->maxex;
        for (int32_t q = w->nexl - 1; q >= 0; q--) {
            int32_t j = w->exl[q];
            /* the two segments back to where the paths meet */
            int32_t nmin = 0, nmax = 0;
            int32_t ea = N[j].pu, eb = N[j].pl;
            w->segmin[nmin++] = ea; w->segmax[nmax++] = eb;
            int32_t a = ft[lk[ea]].f, b = ft[lk[eb]].f;
            while (a != b) {
                if (N[a].pos > N[b].pos) { ea = N[a].pu; w->segmin[nmin++] = ea; a = ft[lk[ea]].f; }
                else { eb = N[b].pl; w->segmax[nmax++] = eb; b = ft[lk[eb]].f; }
            }
            double cmin = 0, cmax = 0, der = 0, fmin = INFINITY;
            for (int32_t s = 0; s < nmin; s++) {
                int32_t l = lk[w->segmin[s]];
                cmin += fk ? tt[l] + fk[l] : tt[l];
                der += cor_vdf_deriv(net, l, vt[l]);
            }
            for (int32_t s = 0; s < nmax; s++) {
                int32_t e = w->segmax[s], l = lk[e];
                cmax += fk ? tt[l] + fk[l] : tt[l];
                der += cor_vdf_deriv(net, l, vt[l]);
                if (x[e] < fmin) fmin = x[e];
            }
            double gc = cmax - cmin;
            if (!(gc > 0) || !(fmin > 0)) continue;
            double dx;
            if (der > 0 && der < INFINITY) {
                dx = gc / der;
            } else if (der == 0) {
                dx = fmin;
            } else {
                /* infinite derivative (BPR power below 1 at zero volume):
                 * bisection on the segments' cost difference */
                double lo = 0, hi = fmin;
                for (int r = 0; r < 60 && hi - lo > 1e-15 * fmin; r++) {
                    double mid = 0.5 * (lo + hi), g = 0;
                    for (int32_t s = 0; s < nmax; s++) {
                        int32_t l = lk[w->segmax[s]];
                        double vv = vt[l] - mid;
                        g += cor_vdf_time(net, l, vv > 0 ? vv : 0) + (fk ? fk[l] : 0);
                    }
                    for (int32_t s = 0; s < nmin; s++) {
                        int32_t l = lk[w->segmin[s]];
                        g -= cor_vdf_time(net, l, vt[l] + mid) + (fk ? fk[l] : 0);
                    }
                    if (g > 0) lo = mid;
                    else hi = mid;
                }
                dx = 0.5 * (lo + hi);
            }
            if (dx > fmin) dx = fmin;
            for (int32_t s = 0; s < nmax; s++) {
                int32_t e = w->segmax[s], l = lk[e];
                x[e] -= dx;
                if (x[e] < 0) x[e] = 0;
                vt[l] -= dx;
                tt[l] = cor_vdf_time(net, l, vt[l] > 0 ? vt[l] : 0);
                if (track) {
                    w->dv[l] -= dx;
                    if (!w->tflag[l]) { w->tflag[l] = 1; w->touched[w->ntouched++] = l; }
                }
            }
            for (int32_t s = 0; s < nmin; s++) {
                int32_t e = w->segmin[s], l = lk[e];
                x[e] += dx;
                vt[l] += dx;
                tt[l] = cor_vdf_time(net, l, vt[l] > 0 ? vt[l] : 0);
                if (track) {
                    w->dv[l] += dx;
                    if (!w->tflag[l]) { w->tflag[l] = 1; w->touched[w->ntouched++] = l; }
                }
            }
        }
        if (pass == 0) o->quiet = maxex <= thr;
        if (maxex <= thr) break;
    }
    if (!o->quiet) w->nactive++;
}

/* Adds origin o's flows into out[n_links]. */
static void BN(add_flows)(const borigin *o, double *out)
{
    const LID *lk = BN(lk)(o);
    for (int32_t e = 0; e < o->n; e++) out[lk[e]] += o->x[e];
}

/* 1 if every link of the bush is usable by its class. */
static int BN(bush_allowed)(const borigin *o, const uint8_t *mk)
{
    if (!mk) return 1;
    const LID *lk = BN(lk)(o);
    for (int32_t e = 0; e < o->n; e++)
        if (!mk[lk[e]]) return 0;
    return 1;
}

/* Warm start after links closed: drops the bush's closed links, updates the
 * bush (exact shortest paths at the current costs graft every node it no longer
 * reaches) and reloads the origin's demand on it, splitting each node's
 * through-flow over its in-links in proportion to the previous flows (all on
 * the shortest in-link where they had none).  Falls back to a cold bush when
 * the repaired bush cannot carry every destination. */
static void BN(origin_repair)(const bctx *c, bwork *w, borigin *o)
{
    const cor_network *net = c->net;
    const uint8_t *mk = c->masks[o->k];
    LID *lk = BN(lk)(o);
    int32_t q = 0;
    for (int32_t e = 0; e < o->n; e++) {
        if (mk && !mk[lk[e]]) continue;
        lk[q] = lk[e];
        o->x[q++] = o->x[e];
    }
    o->n = q;
    BN(origin_update)(c, w, o, NULL);
    if (w->bad) return;
    lk = BN(lk)(o);
    int32_t nt = BN(labels)(c, w, o, phase_a_cost(c, o->k), NULL, 0, NULL);
    const bnode *N = w->nd;
    /* node demand; every reachable destination must be in the bush (w->D:
     * exact distances from the update, w->nd[].pos >= 0: bush node) */
    int ok = 1;
    for (int32_t d = 0; d < c->nz; d++) {
        double dq = o->dem[d];
        if (!(dq > 0) || d == o->zone) continue;
        int32_t v = net->zone_node[d];
        if (!(w->D[v] < INFINITY)) continue; /* unserved */
        if (N[v].pos < 0) { ok = 0; break; }
        w->nf[v] += dq;
    }
    if (!ok) {
        for (int32_t i = 0; i < nt; i++) w->nf[w->topo[i]] = 0;
        BN(origin_init)(c, w, o);
        return;
    }
    /* group boundaries: entries of head topo[idx] are [gs, ge) */
    int32_t e = o->n;
    for (int32_t idx = nt - 1; idx > 0; idx--) {
        int32_t j = w->topo[idx];
        int32_t ge = e;
        while (e > 0 && net->link_to[lk[e - 1]] == j) e--;
        double tot = 0;
        for (int32_t r = e; r < ge; r++) tot += o->x[r];
        double f = w->nf[j];
        for (int32_t r = e; r < ge; r++) {
            double share = tot > 0 ? o->x[r] / tot : (r == N[j].pu ? 1.0 : 0.0);
            double xr = f * share;
            o->x[r] = xr;
            w->nf[net->link_from[lk[r]]] += xr;
        }
        w->nf[j] = 0;
    }
    w->nf[o->node] = 0;
}

static const bengine BN(engine) = {
    sizeof(LID), BN(origin_init), BN(origin_update), BN(origin_equilibrate), BN(add_flows),
    BN(bush_allowed), BN(origin_repair)};
