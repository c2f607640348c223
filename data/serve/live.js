// depeche serve: the front page's live updates. Every two seconds it asks
// the server for the #live section again (HTML the server rendered and
// escaped) and swaps it in; new stories and articles come marked "new".
// No framework and no inline script: the Content-Security-Policy allows
// only this file.
'use strict';
(function () {
  var EVERY_MS = 2000;
  function tick() {
    var box = document.getElementById('live');
    if (!box || !/^[0-9]+$/.test(box.dataset.after || '')) return;
    if (document.hidden) { setTimeout(tick, EVERY_MS); return; }
    fetch('/live?after=' + box.dataset.after, { cache: 'no-store' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var t = document.createElement('template');
        t.innerHTML = html;
        var fresh = t.content.getElementById('live');
        if (fresh) box.replaceWith(fresh);
      })
      .catch(function () { /* the server is away: try again later */ })
      .then(function () { setTimeout(tick, EVERY_MS); });
  }
  setTimeout(tick, EVERY_MS);
})();
