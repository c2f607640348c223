#!/usr/bin/env python3
"""depeche — main-text extraction evaluation of stages/clean (helper of
scripts/eval-clean). Runs the real stage as a filter over a benchmark folder
and scores it exactly as the ScrapingHub/Zyte article-extraction-benchmark's
evaluate.py does (../shared/eval/README-extract.md, "Metric"); the peers'
published outputs (peer-output/) are scored by the same code. For extract_fr
it applies the trafilatura snippet metric (with/without) and the same shingle
metric on the full-text gold.

Usage: eval_clean.py [-v] --bin PATH EVALDIR
"""
import argparse, collections, gzip, json, os, re, subprocess, sys, time

WORD = re.compile(r'\w+', re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def tokenize(text):
    """Python \\w runs, not lowercased (as upstream)."""
    return WORD.findall(text or '')


def shingles(text):
    toks = tokenize(text)
    return collections.Counter(tuple(toks[i:i + 4])
                               for i in range(0, max(1, len(toks) - 3)))


def doc_scores(gold, pred):
    """(tp, fp, fn) counts as in upstream string_shingle_matching (the
    division by tp+fp+fn changes neither P nor R)."""
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


def corpus(golds, preds):
    """Macro P over docs with tp+fp>0, macro R over docs with tp+fn>0,
    F1 of the two means; also accuracy and the per-doc table."""
    ps, rs, acc, per = [], [], 0, {}
    for k, gold in golds.items():
        pred = preds.get(k, '')
        tp, fp, fn = doc_scores(gold, pred)
        p, r = prf(tp, fp, fn)
        if tp + fp > 0:
            ps.append(p)
        if tp + fn > 0:
            rs.append(r)
        acc += tokenize(gold) == tokenize(pred)
        f = 2 * p * r / (p + r) if p + r else 0.0
        per[k] = (f, p, r)
    P = sum(ps) / len(ps) if ps else 0.0
    R = sum(rs) / len(rs) if rs else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    return F, P, R, acc / max(1, len(golds)), per


def read_html(path):
    raw = gzip.open(path, 'rb').read() if path.endswith('.gz') else open(path, 'rb').read()
    try:
        return raw.decode('utf-8')
    except UnicodeDecodeError:
        m = re.search(rb'charset=["\']?([A-Za-z0-9_-]+)', raw[:4096])
        for enc in ([m.group(1).decode()] if m else []) + ['cp1252']:
            try:
                return raw.decode(enc)
            except (LookupError, UnicodeDecodeError):
                pass
        return raw.decode('utf-8', 'replace')


def run_stage(binary, pages):
    """pages: [(id, html)] -> ({id: text}, {id: error}, seconds)."""
    inp = ''.join(json.dumps({'id': i, 'html': h}) + '\n' for i, h in pages)
    t0 = time.perf_counter()
    proc = subprocess.run([binary, '--in', '-', '--out', '-', '--max-bytes', '200000000'],
                          input=inp.encode(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    texts, errors = {}, {}
    for line in proc.stdout.decode('utf-8', 'replace').splitlines():
        line = line.strip()
        if not line.startswith('{'):
            continue
        try:
            d = json.loads(line)
        except ValueError:
            continue
        if 'id' not in d:
            continue
        texts[d['id']] = d.get('text') or ''
        if d.get('error'):
            errors[d['id']] = d['error']
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode('utf-8', 'replace')[-2000:])
    return texts, errors, dt, sum(len(h.encode()) for _, h in pages)


def load_gold(folder):
    gold = {}
    gdir = os.path.join(folder, 'ground-truth')
    for name in sorted(os.listdir(gdir)):
        if name.endswith('.json'):
            gold.update(json.load(open(os.path.join(gdir, name), encoding='utf-8')))
    return gold


def load_pages(folder, ids):
    pages = []
    for i in ids:
        for ext in ('.html.gz', '.html'):
            p = os.path.join(folder, 'html', i + ext)
            if os.path.exists(p):
                pages.append((i, read_html(p)))
                break
    return pages


def eval_extract(binary, folder, verbose):
    gold_all = load_gold(folder)
    golds = {k: v['articleBody'] for k, v in gold_all.items()}
    pages = load_pages(folder, sorted(golds))
    texts, errors, dt, nbytes = run_stage(binary, pages)
    rows = []
    F, P, R, A, per = corpus(golds, texts)
    rows.append(('depeche-clean', F, P, R, A))
    pdir = os.path.join(folder, 'peer-output')
    if os.path.isdir(pdir):
        for name in sorted(os.listdir(pdir)):
            if not name.endswith('.json.gz') and not name.endswith('.json'):
                continue
            op = gzip.open if name.endswith('.gz') else open
            d = json.load(op(os.path.join(pdir, name), 'rt', encoding='utf-8'))
            if 'output' in d and isinstance(d['output'], dict):
                d = d['output']
            preds = {k: (v.get('articleBody') or '') for k, v in d.items()}
            f, p, r, a, _ = corpus(golds, preds)
            rows.append((name.split('.json')[0], f, p, r, a))
    print('extract: %d pages (%s)' % (len(golds), folder))
    print('  %-16s %6s %6s %6s %6s' % ('system', 'F1', 'P', 'R', 'acc'))
    for i, (n, f, p, r, a) in enumerate(sorted(rows, key=lambda x: -x[1])):
        mark = '*' if n == 'depeche-clean' else ' '
        print('%s %-16s %6.3f %6.3f %6.3f %6.3f' % (mark, n, f, p, r, a))
    print('  ten worst pages (F1 P R id url [error]):')
    for k in sorted(per, key=lambda k: per[k][0])[:10 if not verbose else len(per)]:
        f, p, r = per[k]
        print('    %.3f %.3f %.3f %s %s%s' % (f, p, r, k[:12], gold_all[k].get('url', ''),
                                         (' [' + errors[k] + ']') if k in errors else ''))
    print('  speed: %d pages, %.1f MB in %.2f s (whole stage process, JSON I/O included): '
          '%.0f pages/s, %.1f MB/s' % (len(pages), nbytes / 1e6, dt, len(pages) / dt,
                                       nbytes / 1e6 / dt))
    return F


def norm(s):
    return re.sub(r'\s+', ' ', s or '').strip()


def eval_extract_fr(binary, folder, verbose):
    gold_all = load_gold(folder)
    pages = load_pages(folder, sorted(gold_all))
    texts, errors, dt, nbytes = run_stage(binary, pages)
    tp = fp = fn = tn = 0
    full_g, full_p, bad = {}, {}, []
    for k, g in sorted(gold_all.items()):
        out = norm(texts.get(k, ''))
        if g.get('gold_type') == 'snippets' or 'with' in g:
            w, wo = g.get('with') or [], g.get('without') or []
            a = sum(1 for s in w if norm(s) in out)
            b = sum(1 for s in wo if norm(s) in out)
            tp += a; fn += len(w) - a; fp += b; tn += len(wo) - b
            miss = [s for s in w if norm(s) not in out]
            extra = [s for s in wo if norm(s) in out]
            if miss or extra:
                bad.append((k, miss, extra))
        else:
            full_g[k] = g.get('articleBody') or ''
            full_p[k] = texts.get(k, '')
    print('extract_fr: %d pages (%s)' % (len(gold_all), folder))
    if tp + fp + fn + tn:
        P = tp / (tp + fp) if tp + fp else 0.0
        R = tp / (tp + fn) if tp + fn else 0.0
        F = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        print('  snippets (trafilatura metric, %d docs): P %.3f R %.3f F1 %.3f acc %.3f '
              '(with found %d/%d, without found %d/%d)' %
              (len(gold_all) - len(full_g), P, R, F, (tp + tn) / (tp + fp + fn + tn),
               tp, tp + fn, fp, fp + tn))
        for k, miss, extra in bad:
            for s in miss:
                print('    %s missing: %.70s' % (k, norm(s)))
            for s in extra:
                print('    %s kept boilerplate: %.70s' % (k, norm(s)))
    if full_g:
        F, P, R, A, per = corpus(full_g, full_p)
        print('  full text (shingle metric, %d docs): F1 %.3f P %.3f R %.3f' %
              (len(full_g), F, P, R))
        for k in sorted(per):
            print('    %.3f %.3f %.3f %s%s' % (per[k] + (k, (' [' + errors[k] + ']')
                                                     if k in errors else '')))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-v', action='store_true')
    ap.add_argument('--bin', required=True)
    ap.add_argument('evaldir')
    a = ap.parse_args()
    done = False
    ex = os.path.join(a.evaldir, 'extract')
    if os.path.isdir(os.path.join(ex, 'ground-truth')):
        eval_extract(a.bin, ex, a.v)
        done = True
    fr = os.path.join(a.evaldir, 'extract_fr')
    if os.path.isdir(os.path.join(fr, 'ground-truth')):
        eval_extract_fr(a.bin, fr, a.v)
        done = True
    if not done:
        print('eval-clean: no extract/ or extract_fr/ in %s: skipped' % a.evaldir)


if __name__ == '__main__':
    main()
