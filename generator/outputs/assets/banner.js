/* statusgen in-app banner: <script src="https://STATUS-SITE/embed/banner.js" async></script>
   Reads banner.json beside itself; one dismissible notice per active item, none
   when all is well. textContent only; a failure leaves the host page untouched.
   Its words and language are the status site's (banner.json's page.language and words; English
   without them), whatever the product page's.
   It runs in every view of the product, so during an outage every open tab polls at once:
   at most once a minute, later by a random part of a minute (tabs opened together spread
   out), twice as long after each failure up to 15 minutes, and never while the tab is
   hidden. Each poll revalidates (a 304 of a few hundred bytes when nothing changed). */
(function () {
  "use strict";
  var me = document.currentScript || document.querySelector('script[src*="embed/banner.js"]');
  if (!me || !window.fetch || !window.URL) return;
  var src = new URL("banner.json", me.src).href;
  var KEY = "statusgen-banner:";
  var COLORS = { critical: "#a40e26", major: "#953800", minor: "#7d4e00", none: "#0550ae", maintenance: "#0550ae" };
  var root = null, shownKey = "", words = {};

  function seen(key, set) {
    try {
      if (set) localStorage.setItem(KEY + key, "1");
      return localStorage.getItem(KEY + key) === "1";
    // Storage blocked: show, never crash.
    } catch (e) { return false; }
  }

  // The notice says what and links to the details; the update itself is on the status page.
  // A phone must not lose half its screen to it: at most BRIEF characters, cut between words.
  var BRIEF = 110;
  function brief(text) {
    text = String(text || "").replace(/\s+/g, " ").trim();
    if (text.length <= BRIEF) return text;
    var cut = text.lastIndexOf(" ", BRIEF);
    return text.slice(0, cut > BRIEF / 2 ? cut : BRIEF).replace(/[\s.,;:!?\u2014-]+$/, "") + "\u2026";
  }

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    return node;
  }

  function css() {
    if (document.getElementById("sgb-style")) return;
    var style = el("style", ".sgb{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;padding:0}" +
      ".sgb-i{display:flex;align-items:flex-start;gap:12px;padding:10px 16px;color:#fff}" +
      ".sgb-i p{margin:0;flex:1}.sgb-i a{color:#fff;text-decoration:underline;font-weight:600;margin-left:6px}" +
      ".sgb-x{background:none;border:1px solid currentColor;border-radius:4px;color:#fff;cursor:pointer;" +
      "font:inherit;font-size:18px;line-height:1;min-width:32px;min-height:32px;padding:0}" +
      ".sgb-i a:focus-visible,.sgb-x:focus-visible{outline:3px solid #fff;outline-offset:2px}");
    style.id = "sgb-style";
    document.head.appendChild(style);
  }

  // banner.json's words for an English text, %(title)s filled
  function say(english, title) {
    return String(words[english] || english).split("%(title)s").join(title);
  }

  function render(data) {
    var items = (data && Array.isArray(data.active)) ? data.active : [];
    var visible = items.filter(function (it) { return it && it.id && !seen(it.id + "@" + it.updated_at); });
    var key = visible.map(function (it) { return it.id + "@" + it.updated_at; }).join("|");
    // Unchanged: do not re-announce.
    if (key === shownKey) return visible.length;
    shownKey = key;
    if (root) { root.remove(); root = null; }
    if (!visible.length) return 0;
    css();
    root = el("div");
    root.className = "sgb";
    root.setAttribute("data-statusgen-banner", "");
    root.lang = (data.page || {}).language || "en";
    words = data.words || {};
    visible.forEach(function (it) {
      var box = el("div");
      box.className = "sgb-i";
      box.setAttribute("role", it.impact === "critical" ? "alert" : "status");
      box.style.background = COLORS[it.impact] || COLORS.none;
      var p = el("p"), name = it.title || say("status");
      p.appendChild(el("strong", String(it.title || "")));
      // ": " is the language's own between a label and its text (banner.json's words): fr " : "
      var text = [it.status_label, brief(it.message)].filter(Boolean).join(say(": "));
      if (text) p.appendChild(document.createTextNode(" \u2014 " + text));
      if (/^https?:\/\//.test(it.url || "")) {
        var link = el("a", say("Details"));
        link.href = it.url;
        link.setAttribute("aria-label", say("Details: %(title)s", name));
        p.appendChild(link);
      }
      var close = el("button", "\u00d7");
      close.type = "button";
      close.className = "sgb-x";
      close.setAttribute("aria-label", say("Dismiss notice: %(title)s", name));
      close.addEventListener("click", function () {
        var gone = it.id + "@" + it.updated_at;
        seen(gone, true);
        box.remove();
        if (root && !root.children.length) { root.remove(); root = null; }
        shownKey = shownKey.split("|").filter(function (k) { return k !== gone; }).join("|");
      });
      box.appendChild(p);
      box.appendChild(close);
      root.appendChild(box);
    });
    document.body.insertBefore(root, document.body.firstChild);
    return visible.length;
  }

  // Tells the host page (and tests) that a check finished: detail.shown notices.
  function done(shown) {
    try { document.dispatchEvent(new CustomEvent("statusgen:banner", { detail: { shown: shown } })); } catch (e) {}
  }

  // The polling schedule (docs/hosting.md): MIN apart at least, JITTER more at random, doubled per
  // failure up to MAX; a poll that falls due while the tab is hidden waits until it is shown.
  var MIN = 60000, MAX = 900000, JITTER = 0.5;
  var failures = 0, timer = null, due = false, busy = false;

  function next(retryAfter) {
    var wait = Math.min(MAX, MIN * Math.pow(2, failures)) * (1 + JITTER * Math.random());
    // A 429 or 503 may say how long the origin wants to be left alone.
    if (retryAfter > 0) wait = Math.max(wait, Math.min(retryAfter * 1000, 3 * MAX));
    clearTimeout(timer);
    timer = setTimeout(tick, wait);
  }

  function tick() {
    timer = null;
    // No timer runs while hidden: visibilitychange resumes.
    if (document.hidden) { due = true; return; }
    due = false;
    load();
  }

  function load() {
    if (busy) return;
    busy = true;
    var retryAfter = 0;
    function finish(ok, shown) {
      busy = false;
      failures = ok ? 0 : Math.min(failures + 1, 10);
      done(shown);
      next(retryAfter);
    }
    try {
      fetch(src, { cache: "no-cache", credentials: "omit" })
        .then(function (r) {
          if (!r.ok) retryAfter = parseInt(r.headers.get("Retry-After"), 10) || 0;
          return r.ok ? r.json() : null;
        })
        .then(function (data) { finish(!!data, data ? render(data) : -1); })
        // Offline or blocked: leave the page as it is.
        .catch(function () { finish(false, -1); });
    } catch (e) { busy = false; }
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && due) tick();
  });
  function first() { if (document.hidden) due = true; else load(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", first);
  else first();
})();
