"""depeche bench - the pipeline runs (scripts/bench): five (or more) stage
processes over ipc://, their CPU from rusage, peak RSS, wall clock with the
load, and the latency at a fixed rate."""

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

STAGES = ["fetch", "clean", "split", "tag", "sink"]


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


# --------------------------------------------------------------------------
# 2. The pipeline: five (or more) real processes over ipc://.

class Pipeline:
    """One run: starts sink, tag, split, clean (each instance binds its own
    ipc:// input; the stage before connects to all of them), waits until
    every socket is bound, starts fetch with --ack and times it until it
    exits (= the sink acknowledged every article: all written)."""

    def __init__(self, bindir, cpus, noop=False, instances=None, rate=None,
                 keep_trace=False, timeout=600):
        self.bindir, self.cpus, self.noop = bindir, cpus, noop
        self.instances = instances or {}
        self.rate, self.keep_trace, self.timeout = rate, keep_trace, timeout

    def _spawn(self, name, argv, log_path, stdout=None):
        cpus = self.cpus

        def pin():
            if cpus:
                os.sched_setaffinity(0, cpus)
        with open(log_path, "wb") as err:
            p = subprocess.Popen(argv, stdout=stdout or subprocess.DEVNULL,
                                 stderr=err, preexec_fn=pin)
        p.stage = name
        p.log = log_path
        return p

    def run(self, inputs):
        tmp = tempfile.mkdtemp(prefix="dp-bench-")
        procs = []
        kill_timer = polling = None
        try:
            eps = {}
            for st in ["clean", "split", "tag", "sink"]:
                n = self.instances.get(st, 1)
                eps[st] = ["ipc://%s/%s%d.ipc" % (tmp, st, k) for k in range(n)]
            out = os.path.join(tmp, "out.jsonl")
            nxt = {"fetch": "clean", "clean": "split", "split": "tag", "tag": "sink"}
            for st in ["sink", "tag", "split", "clean"]:
                for k, ep in enumerate(eps[st]):
                    argv = [os.path.join(self.bindir, "depeche-" + st), "--in", "@" + ep]
                    if st == "sink":
                        argv += ["--write", out]
                        if self.keep_trace:
                            argv += ["--keep-trace"]
                    else:
                        argv += ["--out", ",".join(">" + e for e in eps[nxt[st]])]
                        if self.noop:
                            argv += ["--noop"]
                    procs.append(self._spawn(st, argv, os.path.join(tmp, "%s%d.log" % (st, k))))
            # Start order does not matter to the stages, but the clock must
            # not count their start-up (gazetteers, rules): wait for the binds.
            deadline = time.monotonic() + 30
            socks = [e[len("ipc://"):] for v in eps.values() for e in v]
            while not all(os.path.exists(s) for s in socks):
                if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                    raise RuntimeError("stages did not start; see " + tmp)
                time.sleep(0.01)
            time.sleep(0.2)             # loading data files happens around the bind
            argv = [os.path.join(self.bindir, "depeche-fetch"), "--out",
                    ",".join(">" + e for e in eps["clean"]),
                    "--ack", "@ipc://%s/ack.ipc" % tmp]
            if self.rate:
                argv += ["--rate", str(self.rate)]
            argv += inputs
            t0 = time.monotonic()
            fetch = self._spawn("fetch", argv, os.path.join(tmp, "fetch0.log"))
            procs.insert(0, fetch)

            def kill_all():
                for p in procs:
                    if p.returncode is None:
                        try:
                            os.kill(p.pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
            kill_timer = threading.Timer(self.timeout, kill_all)
            kill_timer.start()
            # Peak RSS: VmHWM of each process's own address space, polled.
            # Not ru_maxrss nor the stages' maxrss_kb: Linux carries the
            # peak across fork+exec, so a stage started by this (python,
            # ~13 MB) process would report python's size as its floor.
            hwm = {}
            polling = threading.Event()
            poller = threading.Thread(target=s_poll_hwm, args=(procs, hwm, polling))
            poller.start()
            usage = {}
            _, status, ru = os.wait4(fetch.pid, 0)
            wall = time.monotonic() - t0
            fetch.returncode = os.waitstatus_to_exitcode(status)
            usage[fetch.pid] = ru
            # Everything is written. The others end on the end-of-stream
            # marker, but PUSH gives it to one instance of a scaled stage
            # only: like `depeche run`, stop what is left with SIGTERM,
            # upstream first (nothing is in flight any more).
            for st in ["clean", "split", "tag", "sink"]:
                group = [p for p in procs if p.stage == st]
                grace = time.monotonic() + 1.0
                while group:
                    for p in list(group):
                        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
                        if pid:
                            p.returncode = os.waitstatus_to_exitcode(status)
                            usage[p.pid] = ru
                            group.remove(p)
                    if group and time.monotonic() > grace:
                        for p in group:
                            os.kill(p.pid, signal.SIGTERM)
                        grace = float("inf")
                    if group:
                        time.sleep(0.005)
            kill_timer.cancel()
            polling.set()
            poller.join()
            failed = [p.stage for p in procs if p.returncode != 0]
            if failed:
                raise RuntimeError("stage(s) %s failed; logs in %s" % (failed, tmp))
            res = {"wall": wall, "stages": {}, "resent": 0}
            for p in procs:
                with open(p.log, errors="replace") as f:
                    text = f.read()
                m = re.findall(r"maxrss_kb=(\d+)", text)
                ru = usage[p.pid]
                s = res["stages"].setdefault(p.stage, {"cpu": 0.0, "sys": 0.0, "rss_kb": 0,
                                                       "logged_rss_kb": 0, "n": 0,
                                                       "vcsw": 0, "ivcsw": 0})
                s["cpu"] += ru.ru_utime + ru.ru_stime
                s["sys"] += ru.ru_stime
                # Context switches of all its threads (ZeroMQ's I/O thread
                # too): a wake-up costs this VM 2-20 us of CPU, so how many
                # a run took says which mode its CPU figures come from.
                s["vcsw"] += ru.ru_nvcsw
                s["ivcsw"] += ru.ru_nivcsw
                s["rss_kb"] = max(s["rss_kb"], hwm.get(p.pid, 0))
                s["logged_rss_kb"] = max(s["logged_rss_kb"], int(m[-1]) if m else 0)
                # Resends cost fetch (and every stage) CPU: shown, not hidden.
                r = re.findall(r"fetch: .* resent=(\d+)", text) if p.stage == "fetch" else []
                res["resent"] += int(r[-1]) if r else 0
                s["n"] += 1
            written, dead, lat = 0, 0, []
            if not os.path.exists(out):
                open(out, "wb").close()         # an empty input writes nothing
            with open(out, "rb") as f:
                for line in f:
                    written += 1
                    if b'"error":"' in line:
                        dead += 1
                    if self.keep_trace:
                        lat.append(s_trace(json.loads(line)))
            res.update(written=written, dead=dead, traces=lat)
            shutil.rmtree(tmp, ignore_errors=True)
            return res
        except BaseException:
            if kill_timer:
                kill_timer.cancel()
            if polling:
                polling.set()
            for p in procs:
                if p.returncode is None and p.poll() is None:
                    p.kill()
                    p.wait()
            log("kept " + tmp + " for a look")
            raise


def s_poll_hwm(procs, hwm, stop):
    """Keeps the largest VmHWM (kB) seen of each process until stop is set."""
    while True:
        for p in procs:
            try:
                with open("/proc/%d/status" % p.pid) as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            kb = int(line.split()[1])
                            hwm[p.pid] = max(hwm.get(p.pid, 0), kb)
                            break
            except (OSError, ValueError):
                pass
        if stop.wait(0.02):
            return


def s_trace(rec):
    """{stage: (in, out)} of one record's trace; sink has only in."""
    out = {}
    for st in rec.get("trace") or []:
        out.setdefault(st["stage"], (st.get("in"), st.get("out")))
    return out


def pipeline_runs(label, pipe, inputs, n_articles, n_bytes, runs):
    """Runs pipe `runs` times; returns medians."""
    walls, cpus, rss, loads, resent = [], {}, {}, [], 0
    syss, vcsw, ivcsw, sums = {}, {}, {}, []
    for i in range(runs):
        r = pipe.run(inputs)
        loads.append(os.getloadavg()[0])
        if r["written"] != n_articles:
            raise RuntimeError("%s: %d of %d articles written"
                               % (label, r["written"], n_articles))
        walls.append(r["wall"])
        resent += r["resent"]
        for st, s in r["stages"].items():
            cpus.setdefault(st, []).append(s["cpu"])
            syss.setdefault(st, []).append(s["sys"])
            vcsw.setdefault(st, []).append(s["vcsw"])
            ivcsw.setdefault(st, []).append(s["ivcsw"])
            rss.setdefault(st, []).append(s["rss_kb"])
        sums.append(sum(s["cpu"] for s in r["stages"].values()))
        log("  %-34s run %d/%d: %.2f s, %.0f articles/s, load %.1f; CPU ms %s; "
            "switches %s%s"
            % (label, i + 1, runs, r["wall"], n_articles / max(r["wall"], 1e-9),
               loads[-1], "/".join("%.0f" % (r["stages"].get(st, {}).get("cpu", 0) * 1e3)
                                   for st in STAGES),
               "/".join("%d" % (r["stages"].get(st, {}).get("vcsw", 0)
                                + r["stages"].get(st, {}).get("ivcsw", 0)) for st in STAGES),
               ", fetch resent %d" % r["resent"] if r["resent"] else ""))
    wall = median(walls)
    return {"label": label, "wall_s": wall, "articles_s": n_articles / wall,
            "load": median(loads),
            "mb_s": n_bytes / wall / 1e6, "articles": n_articles,
            "dead": r["dead"], "runs": runs, "resent": resent,
            "instances": dict(pipe.instances), "noop": pipe.noop,
            "cpu_s": {st: median(v) for st, v in cpus.items()},
            "sys_s": {st: median(v) for st, v in syss.items()},
            "vcsw": {st: median(v) for st, v in vcsw.items()},
            "ivcsw": {st: median(v) for st, v in ivcsw.items()},
            "sum_cpu_s": {"min": min(sums), "max": max(sums)},
            "rss_kb": {st: median(v) for st, v in rss.items()}}


def slowest(result):
    """The middle stage that used the most CPU per article (fetch and sink
    are not scaled by instances here: one fetch owns the window)."""
    cpu = result["cpu_s"]
    return max(["clean", "split", "tag"], key=lambda st: cpu.get(st, 0))


# --------------------------------------------------------------------------
# 3. Latency at a fixed offered rate.

def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return None
    k = min(len(xs) - 1, max(0, int(round(p / 100.0 * len(xs) + 0.5)) - 1))
    return xs[k]


SEGMENTS = [("fetch", "fetch", "out", "fetch", "in"), ("q>clean", "clean", "in", "fetch", "out"),
            ("clean", "clean", "out", "clean", "in"), ("q>split", "split", "in", "clean", "out"),
            ("split", "split", "out", "split", "in"), ("q>tag", "tag", "in", "split", "out"),
            ("tag", "tag", "out", "tag", "in"), ("q>sink", "sink", "in", "tag", "out")]


def s_segments(t):
    """Microseconds of each segment of one trace (a stage's own time, and
    the queue + transport time before the next stage), or None."""
    out = {}
    for name, a, ka, b, kb in SEGMENTS:
        if a not in t or b not in t:
            return None
        va = t[a][0 if ka == "in" else 1]
        vb = t[b][0 if kb == "in" else 1]
        if va is None or vb is None:
            return None
        out[name] = va - vb
    return out


def latency_runs(pipe, path, runs):
    per_run, tails, hops = [], [], {}
    for i in range(runs):
        r = pipe.run([path])
        lats = []
        for t in r["traces"]:
            seg = s_segments(t)
            if "fetch" not in t or "sink" not in t or seg is None:
                continue
            lats.append(((t["sink"][0] - t["fetch"][0]) / 1000.0, seg))
            for st in STAGES[1:4]:
                hops.setdefault(st, []).append(seg[st])
        ms = [x for x, _ in lats]
        p99 = pct(ms, 99)
        per_run.append({"p50": pct(ms, 50), "p90": pct(ms, 90), "p99": p99,
                        "max": max(ms) if ms else None, "n": len(ms)})
        # Where the slowest 1% spent their time: mean of each segment.
        tail = [seg for x, seg in lats if x >= p99]
        tails.append({k: statistics.mean(sg[k] for sg in tail) / 1000.0
                      for k, *_ in SEGMENTS} if tail else {})
        log("  latency run %d/%d: %d articles, p50 %.2f ms, p99 %.2f ms"
            % (i + 1, runs, len(ms), per_run[-1]["p50"], per_run[-1]["p99"]))
    res = {k: median([r[k] for r in per_run]) for k in ("p50", "p90", "p99", "max")}
    res.update(n=per_run[-1]["n"], runs=runs, rate=pipe.rate,
               worst_max=max(r["max"] for r in per_run),
               per_run=per_run,
               service_us_p50={st: pct(v, 50) for st, v in hops.items()},
               tail_ms={k: median([t.get(k) for t in tails]) for k, *_ in SEGMENTS})
    return res
