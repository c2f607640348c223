#!/usr/bin/python3
"""depeche - `depeche serve` in a real browser (Debian chromium, headless,
driven by python3-selenium through chromium-driver). Run by
tests/integration/test_serve.sh with a server already up on a database the
live pipeline writes; prints one "ok - ..." / "not ok - ..." / "skip - ..."
line per check, as the integration tests do.

usage: serve_browser.py URL PUSH_ENDPOINT EXTRA_ARTICLE_JSONL SCREENSHOT
  PUSH_ENDPOINT: where `depeche push` sends the one more article ($BIN/depeche
  must be on PATH) that must appear on the front page without a reload.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

FAILS = 0


def ok(what):
    print("ok - browser: " + what, flush=True)


def not_ok(what):
    global FAILS
    FAILS += 1
    print("not ok - browser: " + what, flush=True)


def check(what, cond, detail=""):
    if cond:
        ok(what)
    else:
        not_ok(what + (" (" + detail + ")" if detail else ""))


def skip_all(why):
    print("skip - browser: " + why, flush=True)
    sys.exit(0)


try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException, TimeoutException, \
        UnexpectedAlertPresentException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError as e:
    skip_all("python3-selenium is not installed (%s)" % e)

if len(sys.argv) != 5:
    sys.exit(__doc__)
URL, PUSH_EP, EXTRA, SHOT = sys.argv[1:5]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not CHROMIUM or not os.path.exists(DRIVER):
    skip_all("chromium or chromium-driver is not installed")

profile = tempfile.mkdtemp(prefix="dp-chromium-")
opts = webdriver.ChromeOptions()
opts.binary_location = CHROMIUM
for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--window-size=1100,760",
             "--user-data-dir=" + profile):
    opts.add_argument(flag)
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
try:
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
except WebDriverException as e:
    # Installed but unable to start is a failure, not a skip: CI has both.
    not_ok("chromium did not start: %s" % str(e).splitlines()[0])
    sys.exit(1)
driver.set_page_load_timeout(30)
console = []


def drain_console():
    console.extend(driver.get_log("browser"))


def no_alert(where):
    try:
        text = driver.switch_to.alert.text
        not_ok("no alert on %s (an alert said %r)" % (where, text))
        driver.switch_to.alert.dismiss()
    except NoAlertPresentException:
        ok("no alert on " + where)


def scripts_are_ours(where):
    srcs = driver.execute_script(
        "return Array.from(document.scripts).map(s => s.src || ('inline:' + s.text))")
    check("the only scripts on %s are the server's file" % where,
          all(s.endswith("/static/live.js") for s in srcs), repr(srcs))


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s.lower())
                   if unicodedata.category(c) != "Mn")


def wait(cond, secs=20):
    return WebDriverWait(driver, secs, poll_frequency=0.25).until(cond)


try:
    # ---- the front page
    driver.get(URL + "/")
    check("front page title", "Stories" in driver.title, driver.title)
    stories = driver.find_elements(By.CSS_SELECTOR, "ol.stories > li")
    check("front page lists the stories (%d)" % len(stories), len(stories) >= 12)
    hostile = driver.find_elements(By.LINK_TEXT, "<script>alert(1)</script>")
    check("the hostile title shows as text (%d links)" % len(hostile), len(hostile) >= 1)
    no_alert("the front page")
    scripts_are_ours("the front page")
    check("no image got into the page", driver.execute_script("return document.images.length")
          == 0)

    # ---- a story
    driver.find_element(By.PARTIAL_LINK_TEXT, "Ilham Aliyev et Vladimir Poutine").click()
    wait(lambda d: "/story?id=" in d.current_url)
    rows = driver.find_elements(By.CSS_SELECTOR, "table.arts tbody tr")
    check("story page: its four articles", len(rows) == 4, "%d rows" % len(rows))
    check("story page: a copy is marked",
          len(driver.find_elements(By.CSS_SELECTOR, "tr.copy .flag.copy")) >= 1)
    check("story page: a timeline drawn by the server",
          len(driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")) >= 2)
    names = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "ul.names-list a.e")]
    check("story page: names with their canon", "Ilham Aliyev" in names and
          "Vladimir Putin" in names, repr(names[:8]))

    # ---- a name
    driver.find_element(By.CSS_SELECTOR, "ul.names-list a.e.PER[href='/name?n=Ilham%20Aliyev']") \
        .click()
    wait(lambda d: "/name?n=" in d.current_url)
    h1 = driver.find_element(By.TAG_NAME, "h1").text
    check("name page: Ilham Aliyev", h1 == "Ilham Aliyev", h1)
    spell = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "table.spellings td:first-child")]
    check("name page: its spellings (%s)" % ", ".join(spell),
          "Ilham Aliev" in spell and "Ilham Aliyev" in spell)
    check("name page: mentions per day as SVG",
          len(driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")) >= 3)
    co = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "aside ol.names-list a.e")]
    check("name page: named with Vladimir Putin", "Vladimir Putin" in co, repr(co[:8]))
    check("name page: its stories",
          len(driver.find_elements(By.CSS_SELECTOR, "ol.stories > li")) >= 3)

    # ---- an article, from the name page
    driver.find_element(By.CSS_SELECTOR, "ul.arts li a[href^='/article?id=']").click()
    wait(lambda d: "/article?id=" in d.current_url)
    sents = driver.find_elements(By.CSS_SELECTOR, ".text span.s")
    check("article page: its sentences (%d)" % len(sents), len(sents) >= 3)
    per = driver.find_elements(By.CSS_SELECTOR, ".text span.s a.e.PER")
    loc = driver.find_elements(By.CSS_SELECTOR, ".text span.s a.e.LOC")
    check("article page: persons and places highlighted", len(per) >= 1 and len(loc) >= 1)
    col = lambda e: e.value_of_css_property("border-bottom-color")
    check("article page: a colour per type", per and loc and col(per[0]) != col(loc[0]),
          "%s / %s" % (col(per[0]) if per else "-", col(loc[0]) if loc else "-"))
    check("article page: Ilham Aliyev links to his name",
          any(a.get_attribute("href").endswith("/name?n=Ilham%20Aliyev") for a in per))
    shade = [s.value_of_css_property("background-color") for s in sents[:2]]
    check("article page: sentences shaded in turn", len(set(shade)) == 2, repr(shade))

    # ---- the hostile article
    driver.get(URL + "/")
    [a for a in driver.find_elements(By.LINK_TEXT, "<script>alert(1)</script>")
     if "/article?id=" in a.get_attribute("href")][0].click()
    wait(lambda d: "/article?id=" in d.current_url)
    h1 = driver.find_element(By.CSS_SELECTOR, "h1#title").text
    check("hostile article: the title is text", h1 == "<script>alert(1)</script>", h1)
    url = driver.find_element(By.CSS_SELECTOR, "dd.url")
    check("hostile article: the javascript: URL is text, not a link",
          url.text == "javascript:alert(1)" and not url.find_elements(By.TAG_NAME, "a"),
          url.text)
    text = driver.find_element(By.CSS_SELECTOR, ".text").text
    check("hostile article: markup in the text is text", "<img src=x onerror=alert(3)>" in text)
    no_alert("the hostile article")
    scripts_are_ours("the hostile article")

    # ---- search
    driver.get(URL + "/search?q=TELEPHONE&with=Aliev")
    marks = [fold(m.text) for m in driver.find_elements(By.CSS_SELECTOR, "ol.hits mark")]
    check("search: accents and case ignored, the word marked (%d)" % len(marks),
          marks and all(m == "telephone" for m in marks), repr(marks[:4]))

    # ---- live: one more article appears without a reload
    driver.get(URL + "/")
    wait(lambda d: d.find_element(By.ID, "live"))
    before = int(driver.find_element(By.ID, "total").text)
    driver.execute_script("window.__depecheMarker = 'same page';")
    subprocess.run(["depeche", "push", ">" + PUSH_EP], input=open(EXTRA, "rb").read(),
                   check=True, stderr=subprocess.DEVNULL, timeout=30)
    try:
        wait(lambda d: d.find_elements(By.PARTIAL_LINK_TEXT, "Quimper évacue ses quais"), 30)
        ok("live: the pushed article appeared on the front page")
    except TimeoutException:
        not_ok("live: the pushed article did not appear within 30 s")
    check("live: without a reload",
          driver.execute_script("return window.__depecheMarker") == "same page")
    after = int(driver.find_element(By.ID, "total").text)
    check("live: the count went up (%d -> %d)" % (before, after), after == before + 1)
    new = driver.find_elements(By.CSS_SELECTOR, "li.new")
    check("live: the new article and its story are marked new (%d)" % len(new), len(new) >= 2)
    try:
        wait(lambda d: re.match(r"^[0-9.]+$", d.find_element(By.ID, "rate").text), 15)
        ok("live: the arrival rate is shown (%s articles/s)"
           % driver.find_element(By.ID, "rate").text)
    except TimeoutException:
        not_ok("live: no arrival rate")
    no_alert("the live front page")
    driver.save_screenshot(SHOT)
    check("screenshot saved", os.path.getsize(SHOT) > 10000)

    # ---- the console: nothing at all (a CSP refusal or a failed fetch
    # would be there)
    drain_console()
    check("nothing in the browser console", not console,
          "; ".join("%s %s" % (c.get("level"), c.get("message", "")[:160]) for c in console[:5]))
except UnexpectedAlertPresentException as e:
    not_ok("a script of the data ran: an alert opened (%s)" % e.alert_text)
except Exception as e:  # a broken step is a failure with its reason
    not_ok("%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else ""))
finally:
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
sys.exit(1 if FAILS else 0)
