/* statusgen: progressive enhancement only. Every page is complete without it.
   - adds the reader's local time next to each UTC time
   - writes "5 min ago" texts (the HTML as built has none: they would stay "just now" forever)
     and refreshes "ongoing for 2 h", computed when the site was built, from the reader's clock
   - says when a promised next update is overdue
   - while the page is visible, checks build.json about once a minute (at least a minute apart, a
     random part of a minute later, doubling after each failure up to 15 minutes, never while the
     tab is hidden: docs/hosting.md): offers a newer build when there is one, and says plainly
     when the page is older than it should be (stale) */
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function agoText(seconds) {
    var future = seconds < 0, s = Math.abs(seconds), text;
    if (s < 60) { return future ? "in under a minute" : "just now"; }
    if (s < 3600) { text = Math.floor(s / 60) + " min"; }
    else if (s < 86400) { text = Math.floor(s / 3600) + " h"; }
    else { text = Math.floor(s / 86400) + " d"; }
    return future ? "in " + text : text + " ago";
  }
  function durationText(seconds) {
    var total = Math.max(0, Math.floor(seconds));
    var days = Math.floor(total / 86400), hours = Math.floor((total % 86400) / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    if (days) { return hours ? days + " d " + hours + " h" : days + " d"; }
    if (hours) { return minutes ? hours + " h " + pad(minutes) + " min" : hours + " h"; }
    if (minutes) { return minutes + " min"; }
    return total ? "under 1 min" : "0 min";
  }
  function enhance() {
    var offset = new Date().getTimezoneOffset();
    if (offset !== 0) {
      // Asked only when a local time is shown: the first Intl call loads time zone data, which
      // costs a phone tens of milliseconds while the page starts.
      var zone = "";
      try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
      var times = document.querySelectorAll("time.sg-time[datetime]");
      for (var i = 0; i < times.length; i++) {
        var el = times[i];
        if (el.getAttribute("data-sg-local")) { continue; }
        var when = new Date(el.getAttribute("datetime"));
        if (isNaN(when.getTime())) { continue; }
        var local = when.getFullYear() + "-" + pad(when.getMonth() + 1) + "-" + pad(when.getDate()) + " " +
          pad(when.getHours()) + ":" + pad(when.getMinutes());
        var span = document.createElement("span");
        span.className = "sg-local";
        span.textContent = " (" + local + " " + (zone ? zone.replace(/_/g, " ") : "local time") + ")";
        el.setAttribute("data-sg-local", "1");
        el.appendChild(span);
      }
    }
    var agos = document.querySelectorAll("[data-ago]");
    var now = Date.now();
    for (var j = 0; j < agos.length; j++) {
      var then = Date.parse(agos[j].getAttribute("data-ago"));
      if (isNaN(then)) { continue; }
      agos[j].textContent = agoText((now - then) / 1000);
      // Built hidden and empty (true only while the script keeps it current): show it now.
      var holder = agos[j].parentNode;
      if (holder && holder.className === "sg-rel") { holder.hidden = false; }
    }
    var since = document.querySelectorAll("[data-since]");
    for (var k = 0; k < since.length; k++) {
      var start = Date.parse(since[k].getAttribute("data-since"));
      if (!isNaN(start) && now > start) { since[k].textContent = durationText((now - start) / 1000); }
    }
    var promises = document.querySelectorAll(".sg-next[data-next-update]");
    for (var m = 0; m < promises.length; m++) {
      var due = Date.parse(promises[m].getAttribute("data-next-update"));
      var text = promises[m].querySelector(".sg-next__text");
      if (!isNaN(due) && text && now > due) {
        text.textContent = "An update is overdue: the next one was expected by";
      }
    }
  }

  var freshTimer = null, currentCheck = null, pollTimer = null, pollDue = null, polls = 0;
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && currentCheck) { currentCheck(); }
    if (document.visibilityState === "visible" && pollDue) { pollDue(); }
  });
  function freshness() {
    var built = document.querySelector(".sg-built[data-built]");
    var notice = document.querySelector(".sg-fresh");
    if (freshTimer) { clearInterval(freshTimer); freshTimer = null; }
    if (pollTimer) { clearTimeout(pollTimer); pollTimer = null; }
    currentCheck = null;
    pollDue = null;
    var generation = ++polls;
    if (!built || !notice) { return; }
    var builtAt = Date.parse(built.getAttribute("data-built"));
    var staleAfter = parseInt(built.getAttribute("data-stale-after"), 10) * 1000;
    var info = built.getAttribute("data-build-info");
    var shown = "";
    function say(kind, parts) {
      if (shown === kind || shown === "newer") { return; }  // a newer build outranks "stale"
      shown = kind;
      notice.textContent = "";
      for (var i = 0; i < parts.length; i++) {
        notice.appendChild(typeof parts[i] === "string" ? document.createTextNode(parts[i]) : parts[i]);
      }
      notice.className = "sg-fresh sg-fresh--" + kind;
    }
    var lastCheck = 0;
    function check() {
      if (document.visibilityState === "hidden" || isNaN(builtAt)) { return; }
      // The page becoming visible as it loads would otherwise ask twice in the same moment.
      if (Date.now() - lastCheck < 5000) { return; }
      lastCheck = Date.now();
      enhance();
      var age = Date.now() - builtAt;
      if (staleAfter > 0 && age > staleAfter) {
        // Said once, in words that stay true, so screen readers do not hear it again every minute.
        say("stale", ["This page may be out of date: it has not been rebuilt for more than " +
                      durationText(staleAfter / 1000) + ", so recent changes " +
                      "may not show yet. The time it was last updated is below."]);
      }
    }
    // build.json is polled on its own schedule: every open page asks, so during an outage they all do.
    var failures = 0;
    function poll() {
      pollTimer = null;
      if (generation !== polls) { return; }
      if (document.visibilityState === "hidden") { pollDue = poll; return; }
      pollDue = null;
      // Revalidated, at one address for every reader: an edge cache answers (304 when unchanged).
      window.fetch(info, { cache: "no-cache" })
        .then(function (response) { if (!response.ok) { throw new Error("HTTP " + response.status); } return response.json(); })
        .then(function (data) {
          failures = 0;
          var newer = data && Date.parse(data.built_at);
          if (newer && newer > builtAt) {
            var link = document.createElement("a");
            link.href = window.location.pathname + window.location.search;
            link.textContent = "Show the latest status";
            link.addEventListener("click", function (event) { event.preventDefault(); window.location.reload(); });
            say("newer", ["This page has been updated since you opened it. ", link, "."]);
            return true;  // said: nothing more to ask
          }
        })
        .catch(function () { failures = Math.min(failures + 1, 10); return false; })  // offline or blocked
        .then(function (finished) {
          if (finished || generation !== polls) { return; }
          var wait = Math.min(900000, 60000 * Math.pow(2, failures)) * (1 + Math.random() / 2);
          pollTimer = setTimeout(poll, wait);
        });
    }
    currentCheck = check;
    freshTimer = setInterval(check, 60000);
    check();
    if (info && window.fetch && !isNaN(builtAt)) { poll(); }
  }
  // material's script, once the document is ready, fetches sitemap.xml beside every
  // <link rel="alternate"> (it looks for the page in other languages). Ours are feeds, so it
  // fetched the sitemap once per feed, and components/<id>/sitemap.xml, which does not exist.
  // This script runs after material's and before the document is ready (both are deferred, so
  // they run once the page is parsed, before DOMContentLoaded): the feed links step aside while
  // material looks, and come back right after (its listener runs first).
  (function keepFeedsFromTheSitemapLookup() {
    var self = document.currentScript;
    var before = document.readyState === "loading" || (document.readyState === "interactive" && self && self.defer);
    if (!before) { return; }
    var feeds = document.querySelectorAll('link[rel="alternate"][type="application/rss+xml"],' +
                                          'link[rel="alternate"][type="application/atom+xml"]');
    if (!feeds.length) { return; }
    for (var i = 0; i < feeds.length; i++) { feeds[i].setAttribute("rel", "alternate feed"); }
    document.addEventListener("DOMContentLoaded", function () {
      for (var j = 0; j < feeds.length; j++) { feeds[j].setAttribute("rel", "alternate"); }
    }, { once: true });
  })();
  function start() { enhance(); freshness(); }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    // material's instant navigation swaps pages without reloading: enhance each one.
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
