#!/bin/sh
# CSV validity and output names (#13 items 5, 6).
#  - Every CSV output of corridors, scenario, exposure, select-link,
#    criticality and assign, for a copy of tests/data/andes whose node, zone,
#    link and class names hold commas, quotes, ';', '\', blanks and non-ASCII
#    letters, is read back by a strict RFC 4180 parser (a quote only opens or
#    closes a quoted field, doubled inside it; equal field counts) and the ids
#    round-trip, list fields (paths.csv nodes, countries, corridors) split on
#    the one separator ';' with '\' escapes (docs/FORMATS.md).
#  - Class names whose output columns would clash (volume_/flow_CLASS beside
#    another class in another case, flow_change, the "all" row) are refused
#    at input with exit 2 naming class.csv, line and field, before anything
#    is written.
# usage: sh cli_csv.sh CORRIDOR_BIN SOURCE_DIR
set -u
bin=$1
src=$2/tests/data/andes
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
. "$2/tests/testlib.sh"

# the data set with awkward names (written with Python's csv module)
d=$tmp/odd
python3 - "$src" "$d" <<'EOF' || { echo "FAIL: could not build the data set"; exit 1; }
import csv, os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
shutil.copytree(src, dst)
nodes = [r["node_id"] for r in csv.DictReader(open(os.path.join(src, "node.csv"), newline=""))]
forms = ['{}, "q" \u00f1', '{} ;\\ \u00e9', '{} \u00b7\u00fc', '{} "x,y"']
nmap = {n: forms[i % len(forms)].format(n) for i, n in enumerate(nodes)}
cmap = {"general": 'general, "boxed" \u00e7', "soy": "soja \u00f1"}
def lmap(s): return s + ', "l"' if s else s
cols = {"node_id": nmap, "zone_id": nmap, "from_node_id": nmap, "to_node_id": nmap,
        "o_zone_id": nmap, "d_zone_id": nmap, "class": cmap}
for f in ("node.csv", "link.csv", "demand.csv", "class.csv"):
    rows = list(csv.reader(open(os.path.join(src, f), newline="")))
    head = rows[0]
    with open(os.path.join(dst, f), "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(head)
        for r in rows[1:]:
            r = [cols[h].get(v, v) if h in cols else (lmap(v) if h == "link_id" else v)
                 for h, v in zip(head, r)]
            w.writerow(r)
with open(os.path.join(dst, "map.txt"), "w") as m:
    for v in list(nmap.values()) + list(cmap.values()): m.write(v + "\n")
EOF
link='A01, "l"'

run() { name=$1; shift; "$bin" "$@" >"$tmp/$name.txt" 2>&1; rc=$?
  if [ $rc -eq 0 ]; then ok "$name: exit 0"; else bad "$name: exit $rc"; cat "$tmp/$name.txt"; fi; }
run corridors corridors "$d" --out "$tmp/o/corridors"
run scenario scenario "$d" --scenario "$d/scenarios/ilo-open.scenario" --out "$tmp/o/scenario"
run exposure exposure "$d" --out "$tmp/o/exposure"
run select-link select-link "$d" --link "$link" --out "$tmp/o/select"
run criticality criticality "$d" --by link --top 5 --out "$tmp/o/crit"
run assign assign "$d" --out "$tmp/o/assign"

# strict RFC 4180 reading of every CSV output; ids round-trip
python3 - "$tmp/o" "$d/map.txt" <<'EOF'
import os, sys
root, mapfile = sys.argv[1], sys.argv[2]
names = set(l.rstrip("\n") for l in open(mapfile, encoding="utf-8"))
bad = 0
def fail(msg):
    global bad
    bad += 1
    print("FAIL", msg)
def parse(text, path):
    """RFC 4180: fields unquoted (no quote, comma or line break) or quoted
    ("" inside); records end with LF or CRLF.  Raises on anything else."""
    recs, rec, i, n = [], [], 0, len(text)
    while i < n:
        if text[i] == '"':
            j, f = i + 1, []
            while True:
                k = text.find('"', j)
                if k < 0: raise ValueError("unterminated quote")
                f.append(text[j:k])
                if k + 1 < n and text[k + 1] == '"': f.append('"'); j = k + 2; continue
                i = k + 1
                break
            field = "".join(f)
            if i < n and text[i] not in ",\r\n": raise ValueError("text after a closing quote at %d" % i)
        else:
            j = i
            while j < n and text[j] not in ',\r\n':
                if text[j] == '"': raise ValueError("quote inside an unquoted field at %d" % j)
                j += 1
            field, i = text[i:j], j
        rec.append(field)
        if i >= n: recs.append(rec); break
        if text[i] == ',': i += 1; continue
        if text[i] == '\r':
            if i + 1 >= n or text[i + 1] != '\n': raise ValueError("CR without LF")
            i += 1
        i += 1
        recs.append(rec); rec = []
    return recs
def split_list(s):
    items, cur, esc = [], [], False
    for ch in s:
        if esc: cur.append(ch); esc = False
        elif ch == '\\': esc = True
        elif ch == ';': items.append("".join(cur)); cur = []
        else: cur.append(ch)
    if esc: raise ValueError("list ends in an escape")
    items.append("".join(cur))
    return items if s else []
ids_seen = set()
files = 0
for dp, _, fs in os.walk(root):
    for f in sorted(fs):
        if not f.endswith(".csv"): continue
        p = os.path.join(dp, f)
        files += 1
        try:
            recs = parse(open(p, encoding="utf-8", newline="").read(), p)
        except ValueError as e:
            fail("%s: not RFC 4180: %s" % (p, e)); continue
        head = recs[0]
        for k, r in enumerate(recs[1:], 2):
            if len(r) != len(head):
                fail("%s:%d: %d fields, header has %d" % (p, k, len(r), len(head))); break
        for k, r in enumerate(recs[1:], 2):
            for h, v in zip(head, r):
                if v in names: ids_seen.add(v)
                if f == "paths.csv" and h == "nodes":
                    for it in split_list(v):
                        if it not in names: fail("%s:%d: nodes item %r is not a node id" % (p, k, it))
                        ids_seen.add(it)
        for h in head:
            if h.startswith("volume_") and h[7:] in names: ids_seen.add(h[7:])
print("read %d CSV files" % files)
for want in ('general, "boxed" \u00e7', 'soja \u00f1'):
    if want not in ids_seen: fail("class name %r never read back from a field" % want)
odd = [v for v in ids_seen if ',' in v or '"' in v or ';' in v or '\\' in v]
if len(odd) < 6: fail("only %d awkward ids read back: %r" % (len(odd), odd))
need = {'volume_general, "boxed" \u00e7'}
heads = set()
for dp, _, fs in os.walk(root):
    for f in fs:
        if f in ("links.csv", "link_performance.csv"):
            heads |= set(parse(open(os.path.join(dp, f), encoding="utf-8", newline="").read(), f)[0])
if not need <= heads: fail("no volume_CLASS header holding the class name whole")
sys.exit(1 if bad else 0)
EOF
if [ $? -eq 0 ]; then ok "every CSV output is RFC 4180, ids and list items round-trip"; else bad "CSV outputs"; fi

# --- item 6: clashing class names refused at input (exit 2, class.csv:LINE, field class)
clash() { what=$1; cname=$2
  c=$tmp/clash_$3
  cp -r "$src" "$c"
  printf '%s,0.01,rail;road;sea;transfer,t,1,clash\n' "$cname" >>"$c/class.csv"
  line=$(wc -l <"$c/class.csv")
  for cmd in report corridors; do
    "$bin" $cmd "$c" --out "$c/out_$cmd" >"$tmp/clash.txt" 2>&1
    rc=$?
    if [ $rc -eq 2 ] && grep -q "class.csv:$line: field class" "$tmp/clash.txt" && [ -z "$(ls -A "$c/out_$cmd" 2>/dev/null)" ]; then
      ok "$cmd: $what refused (exit 2, class.csv:$line, nothing written)"
    else
      bad "$cmd: $what: exit $rc, out: $(ls "$c/out_$cmd" 2>/dev/null | tr '\n' ' '), message: $(cat "$tmp/clash.txt" | head -3)"
    fi
  done
}
clash "classes soy and SOY" SOY case
clash "a class named change (flow_change)" change change
clash "a class named All (the all row)" All all

# GMNS demand classes in a plain network: Soy beside soy refused too
g=$tmp/gmns
mkdir -p "$g"
cp "$src/node.csv" "$src/link.csv" "$g/"
printf 'o_zone_id,d_zone_id,class,volume\nbo_santa_cruz,ar_rosario,soy,10\nbo_santa_cruz,cl_arica,Soy,5\n' >"$g/demand.csv"
"$bin" assign "$g" --out "$g/out" >"$tmp/gd.txt" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q "demand.csv:3: field class" "$tmp/gd.txt"; then ok "GMNS demand classes soy/Soy refused (exit 2, demand.csv:3)"
else bad "GMNS demand classes soy/Soy: exit $rc: $(cat "$tmp/gd.txt")"; fi

finish
