#!/usr/bin/env python3
"""depeche — inner cross-validation of the sink's story thresholds.

Runs fetch | clean | split | tag | sink once, in the file's order, with
DP_STORY_PAIRS set: the sink writes every pair it compares and what the
pair decision reads of it (cosine, days apart, weekdays / names / numbers
of the leads apart or shared). The stories of any setting of the
thresholds are then the average-link clusters of those pairs (as the sink
makes them), computed here without running the sink again (checked: the
setting the sink ran with must give the sink's own figures, or this stops).

Only the tuned topics are read (held-out topics, see eval_stories.py, are
dropped before anything). They are split into two inner halves by a hash
fixed in advance, sha256("inner" + topic) % 2. For each candidate setting
(--try, DP_STORY_TUNE syntax, over the defaults below) it prints B-cubed
P/R/F1 on each inner half; then, for each half, the candidate with the best
F1 among those of precision >= --pmin there (ties: the earlier one), and
its figures on the other half: the inner-CV estimate of tuning that way.

--single and --corroborate M score other rules than the sink's average
link (see stories()), for comparison.

Usage: tests/eval/story_cv.py [--try SETTING]... [--pmin 0.9]
       [--corroborate M | --single] [DIR]
(scripts/eval-stories builds the stages; run it once first).
"""
import argparse
import hashlib
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_stories import held_out, load, run_chain, scores, topic_of  # noqa: E402

#  The defaults of stages/sink/evidence.c (s_defaults); the check against
#  the sink's own stories catches a difference.
DEFAULTS = dict(dated=0.22, undated=0.38, copy=0.80, days=8,
                num_shared=0.12, num_apart=0.24, names_apart=0.24, wday_apart=0.12,
                slack=0.22, edge=0.20)


def inner(topic):
    return int(hashlib.sha256(("inner" + str(topic)).encode()).hexdigest()[:8], 16) % 2


def setting(text):
    c = dict(DEFAULTS)
    for part in filter(None, (p.strip() for p in text.split(","))):
        k, v = part.split("=")
        if k.strip() not in c:
            sys.exit("story_cv: no threshold %s here" % k)
        c[k.strip()] = float(v)
    return c


def need(c, p):
    """The cosine dp_evidence_decide asks of pair p under setting c."""
    cos, days, wd, nm, num = p[2], p[3], p[4], p[5], p[6]
    n = c["undated"] if days < 0 else c["dated"] + (c["copy"] - c["dated"]) * days / c["days"]
    n += c["wday_apart"] * wd + c["names_apart"] * nm
    if num < 0:
        n += c["num_apart"]
    elif num > 0 and n > c["dated"]:
        n = max(n - c["num_shared"], c["dated"])
    return n


def stories(c, pairs, urls, rule=("average", None)):
    """Stories of setting c. rule: ("average", None) what the sink does:
    average link, merging while the mean margin (cosine - need, -0.3 for a
    pair not compared) between two stories is >= -slack, within a group
    (connected by pairs of margin >= -edge; the sink splits and
    re-clusters a group on each arrival to keep to it); ("single", 0)
    what pairs link, connected (the sink before average link);
    ("corroborate", m) a link within m of the cosine needed joins two
    stories only with a second one between them."""
    parent = {u: u for u in urls}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    kind, m = rule
    if m is None:
        m = -c["slack"]
    weak = []
    for p in pairs:
        if not p[7] or p[2] < need(c, p):
            continue
        if kind == "corroborate" and p[2] < need(c, p) + m:
            weak.append(p)
        elif kind != "average":
            parent[find(p[0])] = find(p[1])
    while weak:
        count = {}
        for p in weak:
            x, y = sorted((find(p[0]), find(p[1])))
            if x != y:
                count[(x, y)] = count.get((x, y), 0) + 1
        two = [k for k, n in count.items() if n >= 2]
        if not two:
            break
        for x, y in two:
            parent[find(x)] = find(y)
    if kind == "average":
        margin = {}
        for p in pairs:
            if p[7]:
                margin[(p[0], p[1])] = margin[(p[1], p[0])] = p[2] - need(c, p)
                if margin[(p[0], p[1])] >= -c["edge"]:
                    parent[find(p[0])] = find(p[1])
        members = {u: [u] for u in urls}
        while True:
            at = {u: k for k, us in members.items() for u in us}
            tot, seen = {}, {}
            for (a, b), v in margin.items():
                x, y = at[a], at[b]
                if x < y:
                    tot[(x, y)] = tot.get((x, y), 0.0) + v
                    seen[(x, y)] = seen.get((x, y), 0) + 1
            best = None
            for (x, y), t in tot.items():
                n = len(members[x]) * len(members[y])
                v = (t - 0.3 * (n - seen[(x, y)])) / n
                if v >= m and find(x) == find(y) and (best is None or v > best[0]):
                    best = (v, x, y)
            if not best:
                break
            members[best[1]] += members.pop(best[2])
        return {u: k for k, us in members.items() for u in us}
    return {u: find(u) for u in urls}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", default="../shared/eval/stories")
    ap.add_argument("--bin", default="build/bin")
    ap.add_argument("--work", default="build/eval/stories")
    ap.add_argument("--try", dest="tries", action="append", default=[])
    ap.add_argument("--pmin", type=float, default=0.90)
    ap.add_argument("--corroborate", type=float, help="rule: a link within M needs a second one")
    ap.add_argument("--single", action="store_true", help="rule: single link (connected pairs)")
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.folder, "ecbplus_dev.jsonl")):
        print("story_cv: %s/ecbplus_dev.jsonl not found: skipped" % a.folder, file=sys.stderr)
        return 0
    lines, gold = load(a.folder)
    os.makedirs(a.work, exist_ok=True)
    dump = os.path.join(a.work, "cv.pairs.tsv")
    os.environ["DP_STORY_PAIRS"] = os.path.abspath(dump)
    db, _, _ = run_chain(a.bin, lines, a.work, "cv", [])
    del os.environ["DP_STORY_PAIRS"]
    con = sqlite3.connect(db)
    url = dict(con.execute("SELECT id, url FROM articles WHERE error IS NULL"))
    sink = dict(con.execute("SELECT url, story FROM articles WHERE error IS NULL"))
    con.close()
    tuned = [json.loads(l)["url"] for l in lines]
    tuned = [u for u in tuned if not held_out(topic_of(gold[u]))]
    keep = set(tuned)
    halves = [[u for u in tuned if inner(topic_of(gold[u])) == h] for h in (0, 1)]
    pairs = []
    for line in open(dump, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        ua, ub = url.get(f[0]), url.get(f[1])
        if ua in keep and ub in keep:
            pairs.append((ua, ub, float(f[2]), int(f[4]), int(f[5]), int(f[6]), int(f[7]), int(f[8])))
    base = stories(setting(os.environ.get("DP_STORY_TUNE", "")), pairs, tuned)
    want, got = scores(tuned, gold, sink), scores(tuned, gold, base)
    if abs(want["bf"] - got["bf"]) > 1e-9 or abs(want["bp"] - got["bp"]) > 1e-9:
        sys.exit("story_cv: the sink's own stories give %.4f/%.4f, this model %.4f/%.4f:"
                 " DEFAULTS or need() is out of step with evidence.c"
                 % (want["bp"], want["bf"], got["bp"], got["bf"]))
    fmt = lambda s: "%.3f/%.3f/%.3f" % (s["bp"], s["br"], s["bf"])
    tries = a.tries or [""]
    rule = (("corroborate", a.corroborate) if a.corroborate is not None
            else ("single", 0.0) if a.single else ("average", None))
    figs = []
    print("%d tuned articles (inner halves %d + %d), %d pairs compared"
          % (len(tuned), len(halves[0]), len(halves[1]), len(pairs)))
    print("B-cubed P/R/F1: inner half 0, inner half 1, all tuned; setting over the defaults")
    for t in tries:
        lab = stories(setting(t), pairs, tuned, rule)
        fig = [scores(us, gold, lab) for us in halves] + [scores(tuned, gold, lab)]
        figs.append(fig)
        print("  %s  %s  %s  %s" % (fmt(fig[0]), fmt(fig[1]), fmt(fig[2]), t or "(defaults)"))
    cv = []
    for h in (0, 1):
        ok = [i for i in range(len(tries)) if figs[i][h]["bp"] >= a.pmin]
        if not ok:
            print("tuned on half %d: no setting reaches P %.2f" % (h, a.pmin))
            continue
        i = max(ok, key=lambda i: (round(figs[i][h]["bf"], 6), -i))
        cv.append(figs[i][1 - h])
        print("tuned on half %d: %s -> half %d: %s" % (h, tries[i] or "(defaults)", 1 - h,
                                                     fmt(figs[i][1 - h])))
    if len(cv) == 2:
        print("inner-CV (mean of the two): %.3f/%.3f/%.3f"
              % tuple(sum(x[k] for x in cv) / 2 for k in ("bp", "br", "bf")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
