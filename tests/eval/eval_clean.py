#!/usr/bin/env python3
"""depeche — main-text extraction evaluation of stages/clean (helper of
scripts/eval-clean).

Runs the real stage as a filter (depeche-clean --in - --out -, one JSON line
{"id","url","html"} per page) over every set of an evaluation folder and
scores it with each set's own metric:
  extract       ScrapingHub/Zyte benchmark: 4-token shingles, macro P and R,
                F1 of the two (README-extract.md, "Metric"); the peers'
                published outputs (peer-output/) are scored by the same code
  extract_fr    trafilatura's snippet metric on the snippet pages, the
                shingle metric on the full-text pages
  extract_traf  trafilatura's snippet metric (micro P, R, accuracy, F)
  extract_more  the shingle metric, overall and by source (CleanEval,
                Dragnet, CleanPortalEval, Readability.js tests)

Every set is split in advance by a hash of the page id: a page is HELD OUT
iff int(sha256(id)[:8], 16) % 5 == 0. Held-out pages are scored in the
aggregate only: no page list, no per-page score, no output of theirs is
ever printed. Worst-page lists and -v come from the tuned part alone.

With --readability, readability-lxml (Debian's python3-readability, run by
/usr/bin/python3 or $READABILITY_PYTHON) is scored on the same pages, and
the pages where clean is under F1 0.5 while readability-lxml is over 0.8
are counted per part. Its outputs are cached in --cache (the pages do not
change between runs; delete the folder to redo them).

Usage: eval_clean.py [-v] [--worst N] [--readability] [--cache DIR]
                     [--sets a,b] --bin PATH EVALDIR
"""
import argparse, collections, gzip, hashlib, json, os, re, resource, subprocess, sys, time

SUMMARY = []                            # (set, metric, tuned, held-out, empty, pages)
WORD = re.compile(r'\w+', re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
SETS = ('extract', 'extract_fr', 'extract_traf', 'extract_more')


def held_out(page_id):
    """The split, fixed before any tuning: one page in five, by its id."""
    return int(hashlib.sha256(page_id.encode('utf-8')).hexdigest()[:8], 16) % 5 == 0


# ---------------------------------------------------------------------------
# Metrics

def tokenize(text):
    """Python \\w runs, not lowercased (as upstream)."""
    return WORD.findall(text or '')


def shingles(text):
    toks = tokenize(text)
    return collections.Counter(tuple(toks[i:i + 4])
                               for i in range(0, max(1, len(toks) - 3)))


def doc_scores(gold, pred):
    """(tp, fp, fn) as upstream string_shingle_matching."""
    g = shingles(gold) if tokenize(gold) else collections.Counter()
    p = shingles(pred) if tokenize(pred) else collections.Counter()
    tp = sum(min(g[k], p[k]) for k in g.keys() & p.keys())
    fp = sum(max(0, p[k] - g[k]) for k in p)
    fn = sum(max(0, g[k] - p[k]) for k in g)
    return tp, fp, fn


def prf(tp, fp, fn):
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    prec = 0.0 if tp == 0 and fp == 0 else tp / (tp + fp)
    rec = 0.0 if tp == 0 and fn == 0 else tp / (tp + fn)
    return prec, rec


def shingle_corpus(golds, preds):
    """Macro P over pages with tp+fp > 0, macro R over pages with tp+fn > 0,
    F1 of the two means; per page (f, p, r)."""
    ps, rs, per = [], [], {}
    for k, gold in golds.items():
        tp, fp, fn = doc_scores(gold, preds.get(k, ''))
        p, r = prf(tp, fp, fn)
        if tp + fp > 0:
            ps.append(p)
        if tp + fn > 0:
            rs.append(r)
        per[k] = (2 * p * r / (p + r) if p + r else 0.0, p, r)
    P = sum(ps) / len(ps) if ps else 0.0
    R = sum(rs) / len(rs) if rs else 0.0
    return (2 * P * R / (P + R) if P + R else 0.0), P, R, per


def norm(s):
    return re.sub(r'\s+', ' ', s or '').strip()


def snippet_counts(gold, text):
    """(tp, fp, fn, tn) of one page: trafilatura's substring test."""
    out = norm(text)
    w, wo = gold.get('with') or [], gold.get('without') or []
    tp = sum(1 for s in w if norm(s) in out)
    fp = sum(1 for s in wo if norm(s) in out)
    return tp, fp, len(w) - tp, len(wo) - fp


def snippet_corpus(golds, preds):
    """Micro P, R, accuracy, F over all snippets; per page (f, p, r)."""
    tp = fp = fn = tn = 0
    per = {}
    for k, g in golds.items():
        a, b, c, d = snippet_counts(g, preds.get(k, ''))
        tp += a; fp += b; fn += c; tn += d
        f = 2 * a / (2 * a + b + c) if 2 * a + b + c else 1.0
        per[k] = (f, a / (a + b) if a + b else 1.0, a / (a + c) if a + c else 1.0)
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / (tp + fn) if tp + fn else 0.0
    F = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    A = (tp + tn) / max(1, tp + fp + fn + tn)
    return F, P, R, per, A


# ---------------------------------------------------------------------------
# Pages and systems

def read_html(path):
    """Valid UTF-8 as is; else the charset a <meta> declares in the first
    8 KiB (Latin-1 read as Windows-1252); else Windows-1252. As fetch does
    (dp_charset_other): when the first declaration says UTF-8 and the
    bytes are not, the next charset a <meta> of the first 4 KiB declares,
    if it reads every byte (a web archive's banner declares UTF-8 before
    the page's own charset)."""
    raw = gzip.open(path, 'rb').read() if path.endswith('.gz') else open(path, 'rb').read()
    try:
        return raw.decode('utf-8')
    except UnicodeDecodeError:
        pass
    m = re.search(rb'charset\s*=\s*["\']?([A-Za-z0-9_:.-]+)', raw[:8192])
    enc = m.group(1).decode('ascii').lower() if m else 'cp1252'
    if enc in ('iso-8859-1', 'latin1', 'latin-1', 'us-ascii', 'ascii', 'utf-8', 'utf8'):
        enc = 'cp1252' if enc not in ('utf-8', 'utf8') else 'utf-8'
    if enc == 'utf-8':
        for tag in re.findall(rb'<meta[^>]*>', raw[:4096], re.I):
            o = re.search(rb'charset\s*=\s*["\']?([A-Za-z0-9_:.-]+)', tag, re.I)
            other = o.group(1).decode('ascii').lower() if o else None
            if not other or other in ('utf-8', 'utf8'):
                continue
            try:
                return raw.decode(other)
            except (UnicodeDecodeError, LookupError):
                break
    try:
        return raw.decode(enc, 'replace')
    except LookupError:
        return raw.decode('cp1252', 'replace')


def load_pages(folder, ids):
    pages = []
    for i in ids:
        for ext in ('.html.gz', '.html'):
            p = os.path.join(folder, 'html', i + ext)
            if os.path.exists(p):
                pages.append((i, read_html(p)))
                break
    return pages


def run_stage(binary, pages, urls):
    """pages: [(id, html)] -> {id: (text, error, flags)}, CPU seconds of the
    stage process (user + system, from rusage), wall seconds."""
    inp = ''.join(json.dumps({'id': i, 'url': urls.get(i) or None, 'html': h}) + '\n'
                  for i, h in pages)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([binary, '--in', '-', '--out', '-', '--max-bytes', '200000000'],
                          input=inp.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    res = {}
    for line in proc.stdout.decode('utf-8', 'replace').splitlines():
        try:
            d = json.loads(line)
        except ValueError:
            continue
        if isinstance(d, dict) and 'id' in d:
            res[d['id']] = (d.get('text') or '', d.get('error'), d.get('flags') or [])
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode('utf-8', 'replace')[-2000:])
    return res, cpu, wall


BLOCKS = {'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr',
          'td', 'th', 'table', 'blockquote', 'pre', 'section', 'article', 'dd', 'dt',
          'figure', 'figcaption', 'header', 'footer', 'main', 'hr'}


def readability_worker():
    """Runs under /usr/bin/python3: JSON lines {"id","html"} in, {"id",
    "text","cpu"} out (readability-lxml's summary, tags stripped with a line
    break at each block element)."""
    from readability import Document
    import lxml.html
    for line in sys.stdin:
        d = json.loads(line)
        t0 = time.process_time()
        try:
            summary = Document(d['html']).summary(html_partial=True)
            tree = lxml.html.fromstring(summary)
            for el in tree.iter():
                if isinstance(el.tag, str) and el.tag.lower() in BLOCKS:
                    el.tail = '\n' + (el.tail or '')
            text = tree.text_content()
        except Exception:               # an empty or broken page: no text
            text = ''
        cpu = time.process_time() - t0
        sys.stdout.write(json.dumps({'id': d['id'], 'text': text, 'cpu': cpu}) + '\n')
        sys.stdout.flush()


def run_readability(name, pages, cache_dir):
    """{id: text} and the CPU seconds per page (cached by page hash)."""
    py = os.environ.get('READABILITY_PYTHON', '/usr/bin/python3')
    cache, path = {}, None
    if cache_dir:
        os.makedirs(cache_dir, exist_ok=True)
        path = os.path.join(cache_dir, 'readability-%s.jsonl' % name)
        if os.path.exists(path):
            for line in open(path, encoding='utf-8'):
                d = json.loads(line)
                cache[d['id']] = d
    digest = {i: hashlib.sha1(h.encode('utf-8', 'surrogatepass')).hexdigest() for i, h in pages}
    todo = [(i, h) for i, h in pages if cache.get(i, {}).get('sha1') != digest[i]]
    if todo:
        inp = ''.join(json.dumps({'id': i, 'html': h}) + '\n' for i, h in todo)
        proc = subprocess.run([py, os.path.abspath(__file__), '--readability-worker'],
                              input=inp.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if proc.returncode != 0:
            msg = proc.stderr.decode('utf-8', 'replace').strip().splitlines()
            print('  readability-lxml: not run (%s)' % (msg[-1] if msg else 'exit %d' % proc.returncode))
            return None, None
        for line in proc.stdout.decode('utf-8').splitlines():
            d = json.loads(line)
            d['sha1'] = digest[d['id']]
            cache[d['id']] = d
        if path:
            with open(path, 'w', encoding='utf-8') as f:
                for d in cache.values():
                    f.write(json.dumps(d) + '\n')
    texts = {i: cache[i]['text'] for i, _ in pages if i in cache}
    cpu = {i: cache[i]['cpu'] for i, _ in pages if i in cache}
    return texts, cpu


# ---------------------------------------------------------------------------
# Report

class Report:
    """Prints one set: the figures of the tuned and held-out parts side by
    side, and the page lists of the tuned part only."""

    def __init__(self, args, name, ids):
        self.args, self.name = args, name
        self.parts = {'tuned': [i for i in ids if not held_out(i)],
                      'held-out': [i for i in ids if held_out(i)]}

    def header(self, folder, what):
        t, h = len(self.parts['tuned']), len(self.parts['held-out'])
        print('\n%s: %d pages (%s), tuned %d, held-out %d; %s' %
              (self.name, t + h, folder, t, h, what))

    def table(self, rows, cols, first='system'):
        """rows: [(label, {part: (values...)})]; cols: column names."""
        w = 7 * len(cols)
        print('  %-22s %-*s   %-*s' % ('', w, 'tuned', w, 'held-out'))
        print('  %-22s %s   %s' % (first, ''.join('%7s' % c for c in cols),
                                   ''.join('%7s' % c for c in cols)))
        for label, vals in rows:
            cells = []
            for part in ('tuned', 'held-out'):
                v = vals.get(part)
                cells.append(''.join(('%7.3f' % x if isinstance(x, float) else '%7s' % x)
                                     for x in v) if v else ' ' * w)
            print('  %-22s %s   %s' % (label, cells[0], cells[1]))

    def counts(self, res, per, rb_per):
        """Empty outputs, fallbacks, and (with readability) the pages where
        clean is below 0.5 while readability-lxml is above 0.8, per part."""
        out = {}
        for part, ids in self.parts.items():
            empty = sum(1 for i in ids if not res.get(i, ('',))[0])
            fb = sum(1 for i in ids if 'clean-fallback' in res.get(i, ('', None, []))[2])
            lost = [i for i in ids if rb_per and per[i][0] < 0.5 and rb_per[i][0] > 0.8]
            ahead = sum(1 for i in ids if rb_per and per[i][0] > rb_per[i][0] + 1e-9)
            behind = sum(1 for i in ids if rb_per and per[i][0] < rb_per[i][0] - 1e-9)
            out[part] = (empty, fb, lost, ahead, behind)
        for part in ('tuned', 'held-out'):
            empty, fb, lost, ahead, behind = out[part]
            line = '  %-9s empty outputs %d, clean-fallback %d' % (part, empty, fb)
            if rb_per:
                line += ('; pages below 0.5 where readability-lxml is above 0.8: %d; '
                         'pages ahead of / behind readability-lxml: %d / %d' %
                         (len(lost), ahead, behind))
            print(line)
        return out

    def worst(self, per, res, urls, rb_per, lost):
        """The worst pages of the tuned part (all of them with -v)."""
        ids = sorted(self.parts['tuned'], key=lambda k: per[k][0])
        n = len(ids) if self.args.v else self.args.worst
        if n:
            print('  worst tuned pages (F P R%s id [error] (fallback) url):' % (' readability' if rb_per else ''))
        for k in ids[:n]:
            f, p, r = per[k]
            err = res.get(k, ('', None))[1]
            fb = 'clean-fallback' in (res.get(k, ('', None, []))[2] or [])
            print('    %.3f %.3f %.3f%s %s%s%s %s' % (
                f, p, r, (' %.3f' % rb_per[k][0]) if rb_per else '', k,
                (' [' + err + ']') if err else '', ' (fallback)' if fb else '',
                urls.get(k) or ''))
        if lost:
            print('  tuned pages below 0.5 where readability-lxml is above 0.8: ' + ' '.join(lost))


def part_of(d, ids):
    return {k: d[k] for k in ids if k in d}


def run_systems(args, name, pages, urls):
    """The stage's results, its CPU and wall seconds, its texts, and (with
    --readability) readability-lxml's texts and CPU seconds per page."""
    res, cpu, wall = run_stage(args.bin, pages, urls)
    texts = {k: v[0] for k, v in res.items()}
    rb, rb_cpu = (run_readability(name, pages, args.cache) if args.readability else (None, None))
    return res, cpu, wall, texts, rb, rb_cpu


def eval_shingles(args, name, folder, golds, urls, pages, by_source=None, peers=None):
    """Shingle-metric sets (extract, extract_more, extract_fr full texts)."""
    rep = Report(args, name, sorted(golds))
    res, cpu, wall, texts, rb, rb_cpu = run_systems(args, name, pages, urls)
    rep.header(folder, 'shingle metric (F1 of macro P and R)')
    per = shingle_corpus(golds, texts)[3]
    rb_per = shingle_corpus(golds, rb)[3] if rb else None
    systems = [('depeche-clean', texts)] + ([('readability-lxml', rb)] if rb else []) + (peers or [])
    rows = []
    for label, preds in systems:
        vals = {}
        for part, ids in rep.parts.items():
            if ids:
                F, P, R, _ = shingle_corpus(part_of(golds, ids), preds)
                vals[part] = (F, P, R)
        rows.append(('* ' + label if label == 'depeche-clean' else '  ' + label, vals))
    rep.table(rows, ('F1', 'P', 'R'))
    SUMMARY.append((name, 'F1', rows[0][1].get('tuned', (0,))[0],
                    rows[0][1].get('held-out', (0,))[0],
                    sum(1 for i in golds if not texts.get(i)), len(golds)))
    if by_source:
        srows = []
        for src in sorted(set(by_source.values())):
            vals = {}
            for part, ids in rep.parts.items():
                sub = [i for i in ids if by_source[i] == src]
                if sub:
                    v = (shingle_corpus(part_of(golds, sub), texts)[0],)
                    if rb:
                        v += (shingle_corpus(part_of(golds, sub), rb)[0],)
                    vals[part] = v + (len(sub),)
            srows.append(('  ' + src, vals))
        rep.table(srows, ('clean', 'rdb', 'pages') if rb else ('clean', 'pages'),
                  'F1 by source')
    cnt = rep.counts(res, per, rb_per)
    rep.worst(per, res, urls, rb_per, cnt['tuned'][2])
    speed(args, name, pages, cpu, wall, rb_cpu)
    return rep


def eval_snippets(args, name, folder, golds, urls, pages):
    """Snippet-gold sets (extract_traf, the snippet pages of extract_fr)."""
    rep = Report(args, name, sorted(golds))
    res, cpu, wall, texts, rb, rb_cpu = run_systems(args, name, pages, urls)
    rep.header(folder, 'trafilatura snippet metric (micro over all snippets)')
    per = snippet_corpus(golds, texts)[3]
    rb_per = snippet_corpus(golds, rb)[3] if rb else None
    rows = []
    for label, preds in [('depeche-clean', texts)] + ([('readability-lxml', rb)] if rb else []):
        vals = {}
        for part, ids in rep.parts.items():
            if ids:
                F, P, R, _, A = snippet_corpus(part_of(golds, ids), preds)
                vals[part] = (F, P, R, A)
        rows.append(('* ' + label if label == 'depeche-clean' else '  ' + label, vals))
    rep.table(rows, ('F', 'P', 'R', 'acc'))
    SUMMARY.append((name, 'snippet F', rows[0][1].get('tuned', (0,))[0],
                    rows[0][1].get('held-out', (0,))[0],
                    sum(1 for i in golds if not texts.get(i)), len(golds)))
    cnt = rep.counts(res, per, rb_per)
    rep.worst(per, res, urls, rb_per, cnt['tuned'][2])
    if args.v:                          #  what the tuned pages miss or keep
        for k in sorted(rep.parts['tuned']):
            out = norm(texts.get(k, ''))
            for s in golds[k].get('with') or []:
                if norm(s) not in out:
                    print('    %s missing: %.70s' % (k, norm(s)))
            for s in golds[k].get('without') or []:
                if norm(s) in out:
                    print('    %s kept boilerplate: %.70s' % (k, norm(s)))
    speed(args, name, pages, cpu, wall, rb_cpu)
    return rep


def speed(args, name, pages, cpu, wall, rb_cpu):
    n = max(1, len(pages))
    kb = sum(len(h.encode('utf-8', 'surrogatepass')) for _, h in pages) / n / 1024
    line = ('  speed: %d pages of %.0f KB on average; clean %.2f ms CPU per page '
            '(the whole stage process, JSON I/O included; %.2f s wall, load %.2f)' %
            (len(pages), kb, cpu * 1000 / n, wall, os.getloadavg()[0]))
    if rb_cpu:
        r = sum(rb_cpu.values()) / max(1, len(rb_cpu))
        line += '; readability-lxml %.2f ms CPU per page: clean is %.1fx faster' % (
            r * 1000, r / (cpu / n) if cpu else 0.0)
    print(line)


def load_json_folder(folder):
    gold = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith('.json'):
            gold.update(json.load(open(os.path.join(folder, name), encoding='utf-8')))
    return gold


def load_peers(folder, ids):
    peers = []
    pdir = os.path.join(folder, 'peer-output')
    if not os.path.isdir(pdir):
        return peers
    for name in sorted(os.listdir(pdir)):
        if not (name.endswith('.json.gz') or name.endswith('.json')):
            continue
        op = gzip.open if name.endswith('.gz') else open
        d = json.load(op(os.path.join(pdir, name), 'rt', encoding='utf-8'))
        if 'output' in d and isinstance(d['output'], dict):
            d = d['output']
        peers.append((name.split('.json')[0], {k: (v.get('articleBody') or '')
                                              for k, v in d.items() if k in ids}))
    return peers


def main():
    if '--readability-worker' in sys.argv:
        readability_worker()
        return
    ap = argparse.ArgumentParser()
    ap.add_argument('-v', action='store_true', help='every tuned page')
    ap.add_argument('--worst', type=int, default=10, help='worst tuned pages to list')
    ap.add_argument('--readability', action='store_true', help='score readability-lxml too')
    ap.add_argument('--cache', help='folder for readability-lxml outputs')
    ap.add_argument('--sets', default=','.join(SETS))
    ap.add_argument('--bin', required=True)
    ap.add_argument('evaldir')
    args = ap.parse_args()
    wanted = args.sets.split(',')
    done = False
    for name in wanted:
        folder = os.path.join(args.evaldir, name)
        if name not in SETS or not os.path.isdir(folder):
            print('\n%s: not in %s: skipped' % (name, args.evaldir))
            continue
        done = True
        if name == 'extract_traf':
            golds = {}
            sdir = os.path.join(folder, 'snippets')
            for fn in sorted(os.listdir(sdir)):
                if fn.endswith('.json'):
                    golds[fn[:-5]] = json.load(open(os.path.join(sdir, fn), encoding='utf-8'))
            urls = {k: v.get('url') for k, v in golds.items()}
            eval_snippets(args, name, folder, golds, urls, load_pages(folder, sorted(golds)))
            continue
        gold = load_json_folder(os.path.join(folder, 'ground-truth'))
        urls = {k: v.get('url') for k, v in gold.items()}
        if name == 'extract_fr':
            snip = {k: v for k, v in gold.items() if v.get('gold_type') == 'snippets' or 'with' in v}
            full = {k: v['articleBody'] or '' for k, v in gold.items() if k not in snip}
            eval_snippets(args, name + ' (snippet pages)', folder, snip, urls,
                          load_pages(folder, sorted(snip)))
            eval_shingles(args, name + ' (full-text pages)', folder, full, urls,
                          load_pages(folder, sorted(full)))
            continue
        golds = {k: v.get('articleBody') or '' for k, v in gold.items()}
        pages = load_pages(folder, sorted(golds))
        if name == 'extract':
            eval_shingles(args, name, folder, golds, urls, pages,
                          peers=load_peers(folder, set(golds)))
        else:
            src = {k: k.split('-')[0] for k in gold}
            eval_shingles(args, name, folder, golds, urls, pages, by_source=src)
    if not done:
        print('eval-clean: no extraction set in %s: skipped' % args.evaldir)
        return
    print('\nsummary (depeche-clean):  %-28s %10s %6s %9s %6s' %
          ('set', 'metric', 'tuned', 'held-out', 'empty'))
    for name, metric, tuned, held, empty, n in SUMMARY:
        print('                          %-28s %10s %6.3f %9.3f %3d/%d' %
              (name, metric, tuned, held, empty, n))


if __name__ == '__main__':
    main()
