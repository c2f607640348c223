"""depeche bench - the table (scripts/bench): the report's figures with the
targets of the issues beside them, never asserted."""

from bench_pipeline import STAGES

# Targets of the issues, shown beside the figures (never asserted).
T_TEXT = 2000           # plain-text articles/s end to end, 2 cores
T_HTML = 1000           # HTML pages/s end to end, and per core in clean
T_VS_READABILITY = 5    # clean's speed on real pages, in readability-lxml's
T_P99_MS = 5.0          # p99 fetch -> sink at 200 articles/s
T_SPLIT_MBS = 200       # split MB/s, and >= 5x ICU
T_TAG_TOKS = 1e6        # tag tokens/s/core
T_CPU_US = 400          # CPU us per text article, five processes (issue 18)
T_REAL_PAGES = 600      # real pages/s end to end (issue 18)


# --------------------------------------------------------------------------
# The table.

def fmt(x, unit=""):
    if x is None:
        return "-"
    if x >= 1e6:
        return "%.2fM%s" % (x / 1e6, unit)
    if x >= 1e4:
        return "%.0fk%s" % (x / 1e3, unit)
    if x >= 100:
        return "%.0f%s" % (x, unit)
    return "%.1f%s" % (x, unit)


def verdict(ok):
    return "ok" if ok else "MISSED"


def table(rep):
    L = []
    m, c = rep["machine"], rep["corpus"]
    L.append("depeche bench  %s  git %s" % (m["date"], m["git"]))
    L.append("machine: %s, nproc %d, Linux %s, load %.2f at start; build %s"
             % (m["cpu_model"], m["nproc"], m["kernel"], m["loadavg_1m"] or 0,
                rep["build"]))
    L.append("corpus: %s: %d text articles (%.1f KB avg), %d HTML pages (%.1f KB avg)%s"
             % (c["dir"], c["text"], c["text_kb"], c["html"], c["html_kb"],
                ", from " + c["eval"] if c["eval"] else ", generated from samples/"))
    L.append("every figure: median of %d runs" % rep["runs"])
    L.append("")

    P = rep["pipeline"]
    fixed = {k: P.get(k, {}).get("cpu_s", {}) for k in ("empty", "empty_noop")}

    def per_article(p):
        """CPU us per article of each stage: its processes' rusage less the
        fixed cost of the same kind of run on an empty input."""
        base = fixed["empty_noop" if p["noop"] else "empty"]
        return {st: max(0.0, p["cpu_s"].get(st, 0) - base.get(st, 0)) / p["articles"] * 1e6
                for st in STAGES}
    L.append("1. CPU time per article of each stage process (us; user + system from its own "
             "rusage,")
    L.append("   less its start-up and exit measured on an empty input), beside the "
             "pass-through (--noop) of the same run")
    L.append("   %-22s" % "" + "".join("%8s" % st for st in STAGES)
             + "%8s%10s%10s   %s" % ("sum", "sum-tag", "/noop", "target"))
    for key in ["text_ceiling", "text_1", "text_2", "realtext_ceiling", "realtext_1",
                "html_ceiling", "html_1", "html_2", "realpages_ceiling", "realpages_1",
                "realpages_2"]:
        p = P.get(key)
        if not p:
            continue
        per = per_article(p)
        tot = sum(per.values())
        ceil = P.get(key.split("_")[0] + "_ceiling")
        ratio = "" if p["noop"] or not ceil else "%.2fx" % (tot / sum(per_article(ceil).values()))
        tg = ""
        if key in ("text_1", "realtext_1"):
            tg = "<= %d: %s" % (T_CPU_US, verdict(tot <= T_CPU_US))
        if p.get("resent"):
            tg += " [fetch resent %d]" % p["resent"]
        L.append("   %-22s" % key + "".join("%8.0f" % per[st] for st in STAGES)
                 + "%8.0f%10.0f%10s   %s" % (tot, tot - per["tag"], ratio, tg))
    if not P.get("realtext_1"):
        L.append("   realtext: skipped (no ner/train/winer_fr.bio.gz in the evaluation folder)")
    if not P.get("realpages_1"):
        L.append("   realpages: skipped (no extract*/html in the evaluation folder)")
    L.append("   fixed cost per run (ms, empty input): " + ", ".join(
        "%s %.0f" % (st, fixed["empty"].get(st, 0) * 1e3) for st in STAGES))
    L.append("")
    # The mode a run was in: on this kind of virtual machine a wake-up of a
    # thread on the other CPU costs ~20 us of CPU (one on the same CPU ~2.5),
    # so the same code costs more per article in a run with more of them.
    L.append("   context switches per article, voluntary + involuntary, all threads of "
             "each stage (the same")
    L.append("   runs' medians, less the empty input's), system share of the CPU, and the "
             "five processes' CPU per")
    L.append("   article, lowest-highest run")
    L.append("   %-22s" % "" + "".join("%8s" % st for st in STAGES)
             + "%8s%8s   %s" % ("sum", "sys", "sum, runs"))
    for key in ["text_1", "realtext_1", "html_1", "realpages_1"]:
        p = P.get(key)
        if not p or "vcsw" not in p or not p["articles"]:
            continue
        n = p["articles"]
        e = P.get("empty", {})
        sw = {st: max(0, p["vcsw"].get(st, 0) + p["ivcsw"].get(st, 0)
                      - e.get("vcsw", {}).get(st, 0) - e.get("ivcsw", {}).get(st, 0)) / n
              for st in STAGES}
        cpu = sum(p["cpu_s"].values())
        sys_share = sum(p["sys_s"].values()) / cpu if cpu else 0
        base = sum(fixed["empty"].values())
        lo, hi = ((p["sum_cpu_s"][k] - base) / n * 1e6 for k in ("min", "max"))
        L.append("   %-22s" % key + "".join("%8.1f" % sw[st] for st in STAGES)
                 + "%8.1f%7.0f%%   %.0f-%.0f us" % (sum(sw.values()), 100 * sys_share, lo, hi))
    L.append("")

    L.append("2. Whole pipeline, wall clock: 5 processes over ipc:// on %d core(s), fetch "
             "--ack, sink --write;" % rep["cores"])
    L.append("   load = 1-minute load average during the runs (the machine is shared)")
    L.append("   %-40s %10s %8s %8s %8s %6s   %s"
             % ("", "articles/s", "MB/s", "/noop", "wall s", "load", "target"))
    for key, target in [("text_ceiling", None), ("text_1", T_TEXT), ("text_2", T_TEXT),
                        ("gz_replay", None), ("realtext_ceiling", None), ("realtext_1", None),
                        ("html_ceiling", None), ("html_1", T_HTML), ("html_2", T_HTML),
                        ("realpages_ceiling", None), ("realpages_1", T_REAL_PAGES),
                        ("realpages_2", T_REAL_PAGES)]:
        p = P.get(key)
        if not p:
            continue
        ceil = P.get(("text" if key == "gz_replay" else key.split("_")[0]) + "_ceiling")
        ratio = "" if p["noop"] else "%.2f" % (p["articles_s"] / ceil["articles_s"])
        tg = ""
        if target:
            tg = ">= %d: %s" % (target, verdict(p["articles_s"] >= target))
        if key == "gz_replay":
            tg = "%.2fx the .jsonl run" % (p["articles_s"] / P["text_1"]["articles_s"])
        if p["dead"] and p["noop"]:
            # A pass-through cleans nothing: the sink dead-letters pages
            # without text ("was it cleaned?"), as it must.
            tg += " [%d uncleaned pages dead-lettered, as expected]" % p["dead"]
        elif p["dead"]:
            tg += " [%d dead letters]" % p["dead"]
        L.append("   %-40s %10.0f %8.1f %8s %8.2f %6.1f   %s"
                 % (p["label"][:40], p["articles_s"], p["mb_s"], ratio, p["wall_s"],
                    p.get("load") or 0, tg))
    L.append("")

    rp = rep.get("replay")
    if rp:
        f, g = rp["fetch"], rp["gzip"]
        L.append("3. Replay to JSON lines (%.0f MB): depeche-fetch replay.jsonl.gz > out  vs  "
                 "gzip -dc replay.jsonl.gz > out" % rp["mb"])
        L.append("   depeche-fetch  CPU %6.0f ms  wall %6.0f ms  load %.1f"
                 % (f["cpu_s"] * 1e3, f["wall_s"] * 1e3, f["load"]))
        L.append("   gzip -dc       CPU %6.0f ms  wall %6.0f ms  load %.1f"
                 % (g["cpu_s"] * 1e3, g["wall_s"] * 1e3, g["load"]))
        L.append("   fetch's speed in gzip -dc's: %.2fx by CPU, %.2fx by wall; target >= 1x: %s"
                 % (g["cpu_s"] / f["cpu_s"], g["wall_s"] / f["wall_s"],
                    verdict(g["cpu_s"] / f["cpu_s"] >= 1)))
        L.append("")

    mi = rep["micro"]
    R = mi["rows"]
    L.append("4. Stage functions alone, one core (pinned to CPU %d; %d texts, %d pages)"
             % (mi["cpu"], mi["texts"], mi["pages"]))
    L.append("   %-44s %8s %11s %10s   %s" % ("", "MB/s", "articles/s", "tokens/s", "note"))

    def row(stage, name, note=""):
        r = R.get(name)
        if not r:
            return
        L.append("   %-6s %-37s %8.1f %11s %10s   %s"
                 % (stage, r["what"][:37], r["mb_s"], fmt(r["items_s"]),
                    fmt(r["tokens_s"]), note))
    if "fetch_gz" in R:
        z = rep.get("zcat_mb_s")
        row("fetch", "fetch_gz", "%.2fx zcat process (%.0f MB/s)"
            % (R["fetch_gz"]["mb_s"] / z, z) if z else "")
        row("", "zlib_gzread")
    row("clean", "clean_html", "pages/s; target >= %d/core: %s; %.1fx libxml2 time"
        % (T_HTML, verdict(R["clean_html"]["items_s"] >= T_HTML),
           R["libxml2_parse"]["items_s"] / R["clean_html"]["items_s"]))
    row("", "libxml2_parse", "pages/s")
    rl = rep.get("real")
    if rl:
        c = rl["clean"]["sec_page"]
        r = rl["readability_s"]
        L.append("   %-6s %-37s %8s %11s %10s   %s"
                 % ("", "clean, %d real pages (%.0f KB avg)" % (rl["pages"], rl["kb"]),
                    "-", fmt(1 / c), "-",
                    "CPU %.2f ms/page (process, JSON I/O included); %s"
                    % (c * 1e3, "readability-lxml %.1f ms/page: clean %.1fx faster, "
                       "target >= %dx: %s" % (r * 1e3, r / c, T_VS_READABILITY,
                                             verdict(r / c >= T_VS_READABILITY))
                       if r else "readability-lxml not installed")))
    row("", "clean_text")
    sp, icu = R["split"], R["icu_split"]
    ratio = sp["mb_s"] / icu["mb_s"]
    conv = R.get("icu_utf16")
    with_conv = sp["mb_s"] * (1 / icu["mb_s"] + 1 / conv["mb_s"]) if conv else None
    row("split", "split", ">= %d MB/s, >= 5x ICU: %.1fx ICU (%.1fx with its UTF-16), %s"
        % (T_SPLIT_MBS, ratio, with_conv or 0,
           verdict(sp["mb_s"] >= T_SPLIT_MBS and ratio >= 5)))
    row("", "split_tokens", "what the split stage runs")
    row("", "icu_split", "conversion excluded (next row)")
    row("", "icu_utf16")
    row("tag", "tag", "target >= 1M tokens/s/core: %s"
        % verdict((R["tag"]["tokens_s"] or 0) >= T_TAG_TOKS))
    row("sink", "sink", "JSON line written, no fsync, canon + story linking")
    if "sink_nolink" in R:
        row("", "sink_nolink", "the same with --no-link: linking costs %.0f us/article"
            % (1e6 / R["sink"]["items_s"] - 1e6 / R["sink_nolink"]["items_s"]))
    if "link_100k" in R:
        lk = R["link_100k"]["items_s"]
        row("", "link_100k", "the stateful part alone; must not hold the pipeline "
            "below %d/s: %s" % (T_TEXT, verdict(lk >= 2 * T_TEXT)))
    row("", "sink_db", "with SQLite (FTS5, entities, linking state), per 256 a COMMIT")
    row("wire", "protobuf", "per hop: MB/s of packed bytes")
    row("", "json", "filter mode hop: MB/s of JSON")
    L.append("")


    la = rep["latency"]
    L.append("5. Latency fetch.in -> sink.in at %d articles/s offered, %d articles, "
             "text, 1 instance each" % (la["rate"], la["n"]))
    L.append("   p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms (worst run %.2f)"
             "   target p99 <= %.0f ms: %s"
             % (la["p50"], la["p90"], la["p99"], la["max"], la["worst_max"], T_P99_MS,
                verdict(la["p99"] <= T_P99_MS)))
    L.append("   median time inside each stage: "
             + ", ".join("%s %d us" % (st, v) for st, v in la["service_us_p50"].items()))
    L.append("   slowest 1%, mean ms per segment (q> = queue + transport): "
             + ", ".join("%s %.2f" % (k, v) for k, v in la["tail_ms"].items()
                         if v is not None))
    L.append("")

    L.append("6. Peak RSS per stage process (MB)")
    L.append("   %-22s" % "" + "".join("%9s" % s for s in STAGES))
    for key in ["text_1", "realtext_1", "html_1", "realpages_1"]:
        p = P.get(key)
        if p:
            L.append("   %-22s" % key + "".join(
                "%9.1f" % (p["rss_kb"].get(s, 0) / 1024.0) for s in STAGES))
    if rep.get("profile"):
        pr = rep["profile"]
        L.append("")
        L.append("7. Profile: three hottest functions (self cost) per stage, %s"
                 % pr["tool"])
        for st, v in pr["stages"].items():
            L.append("   %-13s " % st + "   ".join("%s %.1f%%" % (f, p) for f, p in v["top"]))
    return "\n".join(L)
