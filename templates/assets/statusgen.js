/* statusgen: progressive enhancement only. Every page is complete without it.
   - adds the reader's local time next to each UTC time
   - refreshes "5 min ago" and "ongoing for 2 h" texts, which were computed when the site was
     built, from the reader's clock (so the two always agree) */
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
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    if (offset !== 0) {
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
      if (!isNaN(then)) { agos[j].textContent = agoText((now - then) / 1000); }
    }
    var since = document.querySelectorAll("[data-since]");
    for (var k = 0; k < since.length; k++) {
      var start = Date.parse(since[k].getAttribute("data-since"));
      if (!isNaN(start) && now > start) { since[k].textContent = durationText((now - start) / 1000); }
    }
  }
  // material's script, once the document is ready, fetches sitemap.xml beside every
  // <link rel="alternate"> (it looks for the page in other languages). Ours are feeds, so it
  // fetched the sitemap once per feed, and components/<id>/sitemap.xml, which does not exist.
  // This script runs after material's and before the document is ready: the feed links step
  // aside while material looks, and come back right after (its listener runs first).
  (function keepFeedsFromTheSitemapLookup() {
    if (document.readyState !== "loading") { return; }
    var feeds = document.querySelectorAll('link[rel="alternate"][type="application/rss+xml"],' +
                                          'link[rel="alternate"][type="application/atom+xml"]');
    if (!feeds.length) { return; }
    for (var i = 0; i < feeds.length; i++) { feeds[i].setAttribute("rel", "alternate feed"); }
    document.addEventListener("DOMContentLoaded", function () {
      for (var j = 0; j < feeds.length; j++) { feeds[j].setAttribute("rel", "alternate"); }
    }, { once: true });
  })();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    // material's instant navigation swaps pages without reloading: enhance each one.
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
