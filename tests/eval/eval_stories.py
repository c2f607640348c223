#!/usr/bin/env python3
"""depeche — story evaluation (scripts/eval-stories runs this).

Runs the path users run, fetch | clean | split | tag | sink --db --write, as
processes, on a stories set (../shared/eval/stories: ecbplus_dev.jsonl and
ecbplus_dev.gold.tsv, see its README), once in the file's order and once in
each of --orders shuffled orders, then scores the stories:
- final: the story of each article in the database at the end (after merges);
- written: the story each JSON line carried when it was written;
- applied: the written stories with the stream's merge and split records
  applied (each record's "split" entries move the articles they name, its
  "merged" labels now belong to its "story"), what a consumer of
  --write, --archive or --pub ends with: it must equal final.
Figures: B-cubed precision/recall/F1 over articles, pairwise P/R/F1 over
same-event pairs, stories, single-article stories, events; and the article
pairs whose same-story answer changes in a shuffled order.

Held out, fixed before any tuning: topic t (28 of event 28a) is held out iff
int(sha256(str(t)).hexdigest()[:8], 16) % 3 == 0. Held-out topics are only
ever printed as aggregates, beside the tuned ones; --detail (per-topic lines
and the missed / wrong pairs, for tuning) shows tuned topics only.
"""
import argparse
import hashlib
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import time


def held_out(topic):
    return int(hashlib.sha256(str(topic).encode()).hexdigest()[:8], 16) % 3 == 0


def load(folder):
    lines = open(os.path.join(folder, "ecbplus_dev.jsonl"), encoding="utf-8").read().splitlines()
    lines = [l for l in lines if l.strip()]
    gold = {}
    for l in open(os.path.join(folder, "ecbplus_dev.gold.tsv"), encoding="utf-8"):
        if l.startswith("#") or not l.strip():
            continue
        url, event = l.rstrip("\n").split("\t")[:2]
        gold[url] = event
    return lines, gold


def topic_of(event):
    return int(event.rstrip("abcdefghijklmnopqrstuvwxyz"))


def run_chain(bindir, lines, work, tag, sink_args):
    """One run of the five stages on lines; returns (db path, jsonl path, sink CPU s)."""
    src = os.path.join(work, tag + ".in.jsonl")
    db = os.path.join(work, tag + ".db")
    out = os.path.join(work, tag + ".out.jsonl")
    log = os.path.join(work, tag + ".log")
    for p in (db, db + "-wal", db + "-shm", out):
        if os.path.exists(p):
            os.remove(p)
    with open(src, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    b = lambda name: os.path.join(bindir, "depeche-" + name)
    with open(log, "w") as err:
        stages = [[b("fetch"), src], [b("clean")], [b("split")], [b("tag")],
                  [b("sink"), "--db", db, "--write", out] + sink_args]
        procs = []
        prev = None
        for i, cmd in enumerate(stages):
            p = subprocess.Popen(cmd, stdin=prev, stderr=err,
                                 stdout=subprocess.PIPE if i < len(stages) - 1 else subprocess.DEVNULL)
            if prev is not None:
                prev.close()
            prev = p.stdout
            procs.append(p)
        sink_cpu = 0.0
        for i, p in enumerate(procs):
            if i == len(procs) - 1:
                _, status, ru = os.wait4(p.pid, 0)
                p.returncode = os.waitstatus_to_exitcode(status)
                sink_cpu = ru.ru_utime + ru.ru_stime
            else:
                p.wait()
            if p.returncode != 0:
                sys.exit("eval-stories: %s exited %d (log: %s)" % (stages[i][0], p.returncode, log))
    return db, out, sink_cpu


def final_labels(db):
    con = sqlite3.connect(db)
    got = dict(con.execute("SELECT url, story FROM articles WHERE error IS NULL"))
    con.close()
    return got


def written_labels(path):
    """(labels as written, labels with the merge and split records applied)
    by url: a record's "split" entries ("st-FROM st-TO ID") move article ID
    to TO, its "merged" labels become its "story"."""
    written, now, url = {}, {}, {}
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        if r.get("error") or not r.get("story"):
            continue
        for entry in r.get("split") or []:
            _, to, aid = entry.split(" ", 2)
            if aid in now:
                now[aid] = to
        gone = set(r.get("merged") or [])
        if gone:
            for aid, lab in now.items():
                if lab in gone:
                    now[aid] = r["story"]
        now[r["id"]] = r["story"]
        url[r["id"]] = r["url"]
        written[r["url"]] = r["story"]
    return written, {url[a]: lab for a, lab in now.items()}


def scores(urls, gold, got):
    """B-cubed and pairwise figures of labels got over urls against gold."""
    by_gold, by_got = {}, {}
    for u in urls:
        by_gold.setdefault(gold[u], set()).add(u)
        by_got.setdefault(got.get(u, "missing:" + u), set()).add(u)
    p = r = 0.0
    for u in urls:
        g = by_gold[gold[u]]
        c = by_got[got.get(u, "missing:" + u)]
        both = len(g & c)
        p += both / len(c)
        r += both / len(g)
    n = len(urls)
    bp, br = p / n, r / n
    tp = sum(len(by_gold[gold[u]] & c) - 1 for c in by_got.values() for u in c) // 2
    same_got = sum(len(c) * (len(c) - 1) // 2 for c in by_got.values())
    same_gold = sum(len(g) * (len(g) - 1) // 2 for g in by_gold.values())
    pp = tp / same_got if same_got else 1.0
    pr = tp / same_gold if same_gold else 1.0
    f1 = lambda a, b: 2 * a * b / (a + b) if a + b else 0.0
    return {"bp": bp, "br": br, "bf": f1(bp, br), "pp": pp, "pr": pr, "pf": f1(pp, pr),
            "stories": len(by_got), "singles": sum(1 for c in by_got.values() if len(c) == 1),
            "events": len(by_gold)}


def changed_pairs(urls, a, b):
    """Pairs of urls whose same-story answer differs between labellings a and b."""
    urls = sorted(urls)
    idx = {}
    for u in urls:
        idx.setdefault((a.get(u), b.get(u)), []).append(u)
    # Same in a and b iff same (a, b) cell; count pairs same in exactly one.
    same_a = {}
    same_b = {}
    for (la, lb), us in idx.items():
        same_a[la] = same_a.get(la, 0) + len(us)
        same_b[lb] = same_b.get(lb, 0) + len(us)
    pairs = lambda n: n * (n - 1) // 2
    both = sum(pairs(len(us)) for us in idx.values())
    return sum(pairs(n) for n in same_a.values()) + sum(pairs(n) for n in same_b.values()) - 2 * both


def changed_set(urls, a, b):
    urls = sorted(urls)
    out = set()
    for i, u in enumerate(urls):
        for v in urls[i + 1:]:
            if (a.get(u) == a.get(v)) != (b.get(u) == b.get(v)):
                out.add((u, v))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", default="../shared/eval/stories")
    ap.add_argument("--bin", default="build/bin")
    ap.add_argument("--work", default="build/eval/stories")
    ap.add_argument("--orders", type=int, default=3, help="shuffled orders (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--detail", action="store_true",
                    help="per-topic figures and missed/wrong pairs, tuned topics only")
    ap.add_argument("--tuned-only", action="store_true",
                    help="print the tuned topics alone (for tuning sweeps: the held-out"
                         " figures are looked at once, at the end)")
    ap.add_argument("--json", help="write the figures to this file too")
    ap.add_argument("--sink-arg", action="append", default=[],
                    help="one more option for depeche-sink (repeatable)")
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.folder, "ecbplus_dev.jsonl")):
        print("eval-stories: %s/ecbplus_dev.jsonl not found: skipped" % a.folder, file=sys.stderr)
        return 0
    lines, gold = load(a.folder)
    os.makedirs(a.work, exist_ok=True)
    url_of = [json.loads(l)["url"] for l in lines]
    missing = [u for u in url_of if u not in gold]
    if missing:
        sys.exit("eval-stories: %d articles have no gold event, e.g. %s" % (len(missing), missing[0]))
    halves = {"tuned": [u for u in url_of if not held_out(topic_of(gold[u]))],
              "held-out": [u for u in url_of if held_out(topic_of(gold[u]))]}
    t0 = time.time()
    runs = []
    for k in range(a.orders + 1):
        order = list(range(len(lines)))
        if k:
            random.Random(a.seed * 1000 + k).shuffle(order)
        db, out, cpu = run_chain(a.bin, [lines[i] for i in order], a.work,
                                 "order%d" % k, a.sink_arg)
        final = final_labels(db)
        written, applied = written_labels(out)
        runs.append({"final": final, "written": written, "applied": applied, "cpu": cpu})
    base = runs[0]
    report = {}
    print("stories on %s: %d articles, file order + %d shuffled orders (%.1f s)"
          % (a.folder, len(lines), a.orders, time.time() - t0))
    print("%-38s %14s %14s" % ("", "tuned", "held-out"))
    rows = []
    for half, urls in halves.items():
        fig = {}
        for what in ("final", "written", "applied"):
            fig[what] = scores(urls, gold, base[what])
        fig["changed"] = max([changed_pairs(urls, base["final"], r["final"]) for r in runs[1:]] or [0])
        fig["applied_ne_final"] = sum(1 for u in urls if base["applied"].get(u) != base["final"].get(u))
        fig["articles"] = len(urls)
        report[half] = fig
    t, h = report["tuned"], report["held-out"]
    rows = [
        ("articles / events", "%d / %d" % (t["articles"], t["final"]["events"]),
         "%d / %d" % (h["articles"], h["final"]["events"])),
        ("final (database): B-cubed P / R", "%.3f / %.3f" % (t["final"]["bp"], t["final"]["br"]),
         "%.3f / %.3f" % (h["final"]["bp"], h["final"]["br"])),
        ("final: B-cubed F1", "%.3f" % t["final"]["bf"], "%.3f" % h["final"]["bf"]),
        ("final: pairwise P / R", "%.3f / %.3f" % (t["final"]["pp"], t["final"]["pr"]),
         "%.3f / %.3f" % (h["final"]["pp"], h["final"]["pr"])),
        ("final: pairwise F1", "%.3f" % t["final"]["pf"], "%.3f" % h["final"]["pf"]),
        ("final: stories (single-article)", "%d (%d)" % (t["final"]["stories"], t["final"]["singles"]),
         "%d (%d)" % (h["final"]["stories"], h["final"]["singles"])),
        ("written (JSON lines): B-cubed F1", "%.3f" % t["written"]["bf"], "%.3f" % h["written"]["bf"]),
        ("written + merge records: B-cubed F1", "%.3f" % t["applied"]["bf"], "%.3f" % h["applied"]["bf"]),
        ("articles where that differs from final", "%d" % t["applied_ne_final"], "%d" % h["applied_ne_final"]),
        ("pairs changed by a shuffled order (max)", "%d" % t["changed"], "%d" % h["changed"]),
    ]
    for name, x, y in rows:
        print("%-40s %12s %14s" % (name, x, "-" if a.tuned_only else y))
    cpu = [r["cpu"] for r in runs]
    print("depeche-sink CPU (user+sys) per run: %s s; %.0f us per article (median run)"
          % (" ".join("%.2f" % c for c in cpu), sorted(cpu)[len(cpu) // 2] / len(lines) * 1e6))
    if a.detail:
        detail(halves["tuned"], gold, base, runs, lines)
    if a.json:
        if a.tuned_only:
            del report["held-out"]
        with open(a.json, "w") as f:
            json.dump(report, f, indent=1)
    return 0


def detail(urls, gold, base, runs, lines):
    """Per-topic figures and the pairs it gets wrong, tuned topics only."""
    meta = {}
    for l in lines:
        r = json.loads(l)
        meta[r["url"]] = (r.get("published") or "-", (r.get("title") or "")[:60])
    final = base["final"]
    topics = sorted({topic_of(gold[u]) for u in urls})
    print("\nper tuned topic: B-cubed P R F1, stories, events")
    for t in topics:
        us = [u for u in urls if topic_of(gold[u]) == t]
        s = scores(us, gold, final)
        print("  topic %2d: %.3f %.3f %.3f  %3d stories for %d events, %d articles"
              % (t, s["bp"], s["br"], s["bf"], s["stories"], s["events"], len(us)))
    print("\nwrongly joined pairs (tuned): url url event event")
    for i, u in enumerate(urls):
        for v in urls[i + 1:]:
            if final.get(u) == final.get(v) and gold[u] != gold[v]:
                print("  WRONG %s %s %s %s | %s | %s" % (gold[u], gold[v], meta[u][0], meta[v][0],
                                                          meta[u][1], meta[v][1]))
    for k, r in enumerate(runs[1:], 1):
        for u, v in sorted(changed_set(urls, final, r["final"])):
            print("  ORDER%d %s %s %s %s" % (k, gold[u], gold[v], u, v))


if __name__ == "__main__":
    sys.exit(main())
