/* statusgen: progressive enhancement only. Every page is complete without it.
   - times and windows in the reader's zone, by clock.py's rules; "5 min ago"; "ongoing for" counted
     while fresh; maintenance moved on by the reader's clock; overdue updates (docs/site.md)
   - while the page is visible, checks build.json about once a minute (at least a minute apart, a
     random part of a minute later, doubling after each failure up to 15 minutes, never while the
     tab is hidden: docs/hosting.md): offers a newer build when there is one, and says plainly how
     old the page is once it is older than it should be (stale) */
(function () {
  "use strict";
  var NBSP = "\u00a0";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // As clock.py: names with their offsets (minutes); other zones by offset
  var NAMED = { PST: -480, PDT: -420, MST: -420, MDT: -360, CST: -360, CDT: -300, EST: -300, EDT: -240,
                AKST: -540, AKDT: -480, HST: -600, HDT: -540, AST: -240, ADT: -180 };
  var BY_OFFSET = { "America/Adak": 1, "America/Atka": 1, "US/Aleutian": 1, "America/Dawson": 1,
                    "America/Whitehorse": 1, "Canada/Yukon": 1, "America/Hermosillo": 1,
                    "America/Mazatlan": 1, "Mexico/BajaSur": 1 };
  var PHASES = { scheduled: "Scheduled", in_progress: "In progress", verifying: "Verifying",
                 completed: "Completed" };
  // The words this script writes, in the page's language: the page carries them (#sg-words, from
  // generator/languages/script_words.py, which lists every text given to say()); English without it.
  var pageWords = null;
  function say(english, values, plural) {
    if (!pageWords) {
      var source = document.getElementById("sg-words");
      try { pageWords = source ? JSON.parse(source.textContent) : {}; } catch (e) { pageWords = {}; }
    }
    var count = values ? values.count : undefined, text = pageWords[english];
    if (text && typeof text === "object") {  // forms by the language's plural category
      var rule;
      try { rule = new Intl.PluralRules(document.documentElement.lang || undefined).select(count); }
      catch (e) { rule = count === 1 ? "one" : "other"; }
      text = text[rule] || text.other;
    }
    if (typeof text !== "string") { text = plural && count !== 1 ? plural : english; }
    return text.replace(/%\((\w+)\)s/g, function (all, name) {
      return values && values[name] !== undefined ? String(values[name]) : all;
    });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  var formatters = {};
  function formatter(zone) {
    var key = zone || "";
    if (!formatters[key]) {
      var options = { hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "2-digit",
                      minute: "2-digit", timeZoneName: "short" };
      if (zone) { options.timeZone = zone; }
      var made = new Intl.DateTimeFormat("en-US", options);
      formatters[key] = { format: made, zone: made.resolvedOptions().timeZone || "" };
    }
    return formatters[key];
  }
  // wall clock, offset and zone name in a zone ("": the reader's)
  function wallClock(date, zone) {
    var made = formatter(zone), parts = made.format.formatToParts(date), got = {};
    for (var i = 0; i < parts.length; i++) { got[parts[i].type] = parts[i].value; }
    var w = { y: +got.year, mo: +got.month, d: +got.day, h: +got.hour % 24, mi: +got.minute };
    var minute = Math.floor(date.getTime() / 60000) * 60000;
    w.offset = Math.round((Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - minute) / 60000);
    var named = NAMED[got.timeZoneName];
    w.name = named !== undefined && named === w.offset && !BY_OFFSET[made.zone] ? got.timeZoneName : offsetName(w.offset);
    return w;
  }
  function offsetName(minutes) {
    if (minutes === 0) { return "UTC"; }
    var abs = Math.abs(minutes), rest = abs % 60;
    return "GMT" + (minutes > 0 ? "+" : "-") + Math.floor(abs / 60) + (rest ? ":" + pad(rest) : "");
  }
  function dayText(w, thisYear) {
    return w.d + NBSP + MONTHS[w.mo - 1] + (w.y !== thisYear ? NBSP + w.y : "") + "," + NBSP;
  }
  // == babel == the page's language (<html lang>), as languages/formatting.py's Style writes it; English as above
  var LANG = document.documentElement.lang || "en", OWN = !/^en\b/i.test(LANG) && !!window.Intl, made = {};
  function intl(key, options) {  // formatters of the page's language, fed wall times as UTC
    if (!made[key]) { options.timeZone = "UTC"; made[key] = new Intl.DateTimeFormat(LANG, options); }
    return made[key];
  }
  function unbroken(text) { return text.replace(/[ \u202f]/g, NBSP); }
  function asUTC(w) { return new Date(Date.UTC(w.y, w.mo - 1, w.d, w.h || 0, w.mi || 0)); }
  var glue;  // how the language joins a date and a time ("{1}, {0}"), from the browser's own pattern
  function joined(date, clock) {
    if (glue === undefined) {
      var parts = intl("dt", { day: "numeric", month: "short", hour: "numeric", minute: "2-digit", hourCycle: "h23" })
        .formatToParts(new Date(Date.UTC(2026, 10, 22, 7))), d = -1, h = -1;
      for (var i = 0; i < parts.length; i++) {
        if (parts[i].type === "day" || parts[i].type === "month") { d = i; }
        if (parts[i].type === "hour" && h < 0) { h = i; }
      }
      glue = d >= 0 && h === d + 2 && parts[d + 1].type === "literal" ? unbroken(parts[d + 1].value) : NBSP;
    }
    return date + glue + clock;
  }
  function at(w, clock, dated, thisYear) {  // a clock after its day ("22 Nov, 07:00") when dated
    if (!OWN) { return (dated ? dayText(w, thisYear) : "") + clock; }
    if (!dated) { return clock; }
    var options = { day: "numeric", month: "short" };
    if (w.y !== thisYear) { options.year = "numeric"; }
    return joined(unbroken(intl(options.year ? "dy" : "d", options).format(asUTC(w))), clock);
  }
  var twoDigits;  // whether the language writes 03:00 (de) or 3:00 (ja), as CLDR's Hm: from its own clock
  function clockOf(w) {
    if (!OWN) { return pad(w.h) + ":" + pad(w.mi); }
    if (twoDigits === undefined) {
      twoDigits = /03/.test(intl("probe", { timeStyle: "short" }).format(new Date(Date.UTC(2026, 0, 1, 3))));
    }
    // (Chromium writes "3:00" with hourCycle set, whatever hour asks: the hour is padded here)
    var parts = intl("hm", { hour: "numeric", minute: "2-digit", hourCycle: "h23" }).formatToParts(asUTC(w));
    return unbroken(parts.map(function (p) {
      return p.type === "hour" && twoDigits && p.value.length < 2 ? "0" + p.value : p.value;
    }).join(""));
  }
  function unitText(amount, unit) {
    return unbroken(new Intl.NumberFormat(LANG, { style: "unit", unit: unit, unitDisplay: "short" }).format(amount));
  }
  // [local, utc] as clock.py's short_time
  function shortTime(date, zone, thisYear) {
    var w = wallClock(date, zone);
    var local = at(w, clockOf(w), 1, thisYear) + NBSP + w.name;
    if (w.name === "UTC") { return [local, ""]; }
    var u = utcWall(date);
    var sameDay = u.y === w.y && u.mo === w.mo && u.d === w.d;
    return [local, at(u, clockOf(u), !sameDay, thisYear) + NBSP + "UTC"];
  }
  // as clock.py's short_range
  function sameDay(a, b) { return a.y === b.y && a.mo === b.mo && a.d === b.d; }
  var SPAN = "%(start)s to %(end)s";  // a range's data-span: the build's words in the page's language
  function rangePart(a, b, dated, year) {
    if (sameDay(a, b) && a.name === b.name) {
      return at(a, clockOf(a) + "\u2013\u2060" + clockOf(b), dated, year) + NBSP + a.name;
    }
    return SPAN.replace("%(start)s", at(a, clockOf(a), 1, year) + NBSP + a.name)
      .replace("%(end)s", at(b, clockOf(b), 1, year) + NBSP + b.name);
  }
  function utcWall(t) {
    return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(),
             mi: t.getUTCMinutes(), name: "UTC" };
  }
  function shortRange(start, end, zone, year) {
    var a = wallClock(start, zone), b = wallClock(end, zone), local = rangePart(a, b, 1, year);
    if (a.name === "UTC" && b.name === "UTC") { return [local, ""]; }
    var ua = utcWall(start), ub = utcWall(end);
    return [local, rangePart(ua, ub, !(sameDay(ua, a) && sameDay(ub, b)), year)];
  }
  window.statusgen = { shortTime: shortTime, shortRange: shortRange };  // the browser tests compare them
  function writeParts(el, text) {
    var local = el.querySelector(".sg-when"), utc = el.querySelector(".sg-utc");
    if (!local) { return; }  // not one of ours
    local.textContent = text[0];
    if (text[1]) {
      if (!utc) {
        utc = document.createElement("span");
        utc.className = "sg-utc";
        el.appendChild(document.createTextNode(" "));
        el.appendChild(utc);
      }
      utc.textContent = "(" + text[1] + ")";
    } else if (utc) {
      if (utc.previousSibling && utc.previousSibling.nodeType === 3) { el.removeChild(utc.previousSibling); }
      el.removeChild(utc);
    }
    el.setAttribute("data-sg-local", "1");
  }
  function agoText(seconds) {
    var future = seconds < 0, s = Math.abs(seconds);
    if (s < 60) { return future ? say("in under a minute") : say("just now"); }
    if (s < 3600) {
      s = { count: Math.floor(s / 60) };
      return future ? say("in %(count)s min", s) : say("%(count)s min ago", s);
    }
    if (s < 86400) {
      s = { count: Math.floor(s / 3600) };
      return future ? say("in %(count)s h", s) : say("%(count)s h ago", s);
    }
    s = { count: Math.floor(s / 86400) };
    return future ? say("in %(count)s d", s) : say("%(count)s d ago", s);
  }
  function staleText(seconds) {  // the stale notice in days, hours or minutes, %(time)s left in it
    var v = { time: "%(time)s" };
    if (seconds >= 2 * 86400) {
      v.count = Math.floor(seconds / 86400);
      return say("This page was last updated %(count)s day ago, at %(time)s. It may not show recent changes.", v,
                 "This page was last updated %(count)s days ago, at %(time)s. It may not show recent changes.");
    }
    if (seconds >= 2 * 3600) {
      v.count = Math.floor(seconds / 3600);
      return say("This page was last updated %(count)s hour ago, at %(time)s. It may not show recent changes.", v,
                 "This page was last updated %(count)s hours ago, at %(time)s. It may not show recent changes.");
    }
    v.count = Math.floor(seconds / 60);
    return say("This page was last updated %(count)s minute ago, at %(time)s. It may not show recent changes.", v,
               "This page was last updated %(count)s minutes ago, at %(time)s. It may not show recent changes.");
  }
  function durationText(seconds) {
    var total = Math.max(0, Math.floor(seconds));
    var days = Math.floor(total / 86400), hours = Math.floor((total % 86400) / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    if (OWN) {  // as Style.duration: CLDR's short units, at most two
      if (total > 0 && total < 60) { return "<" + NBSP + unitText(1, "minute"); }
      var parts = days ? [[days, "day"], [hours, "hour"]] : hours ? [[hours, "hour"], [minutes, "minute"]] : [[minutes, "minute"]];
      if (!parts[1] || !parts[1][0]) { parts.length = 1; }
      return parts.map(function (p) { return unitText(p[0], p[1]); }).join(" ");
    }
    if (days) { return hours ? days + " d " + hours + " h" : days + " d"; }
    if (hours) { return minutes ? hours + " h " + pad(minutes) + " min" : hours + " h"; }
    if (minutes) { return minutes + " min"; }
    return total ? "under 1 min" : "0 min";
  }
  function localTimes() {
    var times = document.querySelectorAll("time.sg-time[datetime]");
    if (!times.length && !document.querySelector(".sg-range")) { return; }
    if (!window.Intl || !Intl.DateTimeFormat.prototype.formatToParts) { return; }
    var thisYear;
    try { thisYear = wallClock(new Date(), "").y; } catch (e) { return; }
    for (var i = 0; i < times.length; i++) {
      var el = times[i];
      if (el.getAttribute("data-sg-local")) { continue; }
      var when = new Date(el.getAttribute("datetime"));
      if (isNaN(when.getTime())) { continue; }
      writeParts(el, shortTime(when, "", thisYear));
    }
    var ranges = document.querySelectorAll(".sg-range[data-start][data-end]");
    for (var r = 0; r < ranges.length; r++) {
      if (ranges[r].getAttribute("data-sg-local")) { continue; }
      var from = new Date(ranges[r].getAttribute("data-start")), to = new Date(ranges[r].getAttribute("data-end"));
      SPAN = ranges[r].getAttribute("data-span") || "%(start)s to %(end)s";
      if (isNaN(from.getTime()) || isNaN(to.getTime())) { continue; }
      writeParts(ranges[r], shortRange(from, to, "", thisYear));
    }
  }
  function builtInfo() {
    var built = document.querySelector(".sg-built[data-built]");
    if (!built) { return null; }
    var at = Date.parse(built.getAttribute("data-built"));
    var after = parseInt(built.getAttribute("data-stale-after"), 10) * 1000;
    return { el: built, at: at, staleAfter: after,
             stale: !isNaN(at) && after > 0 && Date.now() - at > after };
  }
  // a maintenance page's rows for the clock's phase, if it has them
  function phaseRows(id, key) {
    var rows = document.querySelectorAll("[data-phase-of]"), mine = [], found = false;
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute("data-phase-of") !== id) { continue; }
      mine.push(rows[i]);
      if (rows[i].getAttribute("data-phase") === key) { found = true; }
    }
    for (var j = 0; found && j < mine.length; j++) { mine[j].hidden = mine[j].getAttribute("data-phase") !== key; }
  }
  function enhance() {
    localTimes();
    var info = builtInfo(), stale = !!(info && info.stale);
    if (info) { staleNotice(info); }
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
    // counted while fresh; a stale page keeps the build's figure and "as of"
    var since = document.querySelectorAll("[data-since]");
    for (var k = 0; k < since.length; k++) {
      var start = Date.parse(since[k].getAttribute("data-since"));
      var asOf = since[k].nextElementSibling;
      if (asOf && asOf.className !== "sg-asof") { asOf = null; }
      // data-by-window: a window the build had not reached
      if ((stale && !since[k].hasAttribute("data-by-window")) || isNaN(start)) { if (asOf) { asOf.hidden = false; } continue; }
      if (now > start) { since[k].textContent = durationText((now - start) / 1000); }
      if (asOf) { asOf.hidden = true; }
    }
    var windows = document.querySelectorAll(".sg-phase[data-window-start]");
    for (var w = 0; w < windows.length; w++) {
      var from = Date.parse(windows[w].getAttribute("data-window-start"));
      var to = Date.parse(windows[w].getAttribute("data-window-end"));
      var phase = windows[w].getAttribute("data-posted");
      if (isNaN(from) || isNaN(to) || !PHASES[phase]) { continue; }
      // as model/state.py's maintenance_phase
      if (now >= to) { phase = "completed"; }
      else if (now >= from) { phase = phase === "verifying" ? "verifying" : "in_progress"; }
      var tag = windows[w].querySelector(".sg-tag");
      if (tag) {
        tag.textContent = say(PHASES[phase]);
        tag.className = "sg-tag sg-tone-" + (phase === "completed" ? "ok" : "impact-maintenance");
      }
      windows[w].setAttribute("data-phase", phase);
      phaseRows(windows[w].getAttribute("data-id"), phase === "verifying" ? "in_progress" : phase);
      var said = windows[w].querySelector(".sg-asof");
      if (said) { said.hidden = true; }  // the reader's clock, not the build's, decides it now
    }
    var promises = document.querySelectorAll(".sg-next[data-next-update]");
    for (var m = 0; m < promises.length; m++) {
      var due = Date.parse(promises[m].getAttribute("data-next-update"));
      var text = promises[m].querySelector(".sg-next__text");
      if (!isNaN(due) && text && now > due) {
        // A stale page cannot know whether the update came since: it says only what was promised.
        text.textContent = stale ? say("The next update was expected by") :
          say("An update is overdue: the next one was expected by");
      }
    }
  }

  // the stale notice, at the top, until dismissed for this build
  var STALE_KEY = "statusgen-stale-dismissed";
  function dismissed(built) {
    try { return window.sessionStorage.getItem(STALE_KEY) === built; } catch (e) { return false; }
  }
  function staleNotice(info) {
    var built = info.el.getAttribute("data-built");
    var notice = document.querySelector(".sg-stale");
    if (!info.stale || dismissed(built)) {
      if (notice) { notice.parentNode.removeChild(notice); }
      return;
    }
    // the sentence around the time of the last update, which the page's own <time> fills
    var sentence = staleText((Date.now() - info.at) / 1000).split("%(time)s"), age = sentence[0];
    if (notice) {
      var old = notice.querySelector(".sg-stale__age");
      if (old && old.textContent !== age) { old.textContent = age; }
      return;
    }
    notice = document.createElement("div");
    notice.className = "sg-stale";
    notice.setAttribute("role", "status");
    var holder = info.el.closest ? info.el.closest("article") : null;
    holder = holder || info.el.parentNode;
    holder.insertBefore(notice, holder.firstChild);
    var text = document.createElement("p");
    var ageSpan = document.createElement("span");
    ageSpan.className = "sg-stale__age";
    ageSpan.textContent = age;
    var when = info.el.querySelector("time.sg-time");
    text.appendChild(ageSpan);
    if (when) { text.appendChild(when.cloneNode(true)); }
    text.appendChild(document.createTextNode(sentence.slice(1).join("")));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sg-stale__dismiss";
    button.textContent = say("Dismiss");
    button.addEventListener("click", function () {
      try { window.sessionStorage.setItem(STALE_KEY, built); } catch (e) { /* private mode: this view only */ }
      notice.parentNode.removeChild(notice);
      info.el.setAttribute("tabindex", "-1");
      info.el.focus();
    });
    // Filled after it is in the page, so a screen reader announces it once.
    window.setTimeout(function () {
      notice.appendChild(text);
      notice.appendChild(button);
    }, 0);
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
    var info = built.getAttribute("data-build-info");
    var shown = "";
    function tell(kind, parts) {
      if (shown === kind) { return; }
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
            link.textContent = say("Show the latest status");
            link.addEventListener("click", function (event) { event.preventDefault(); window.location.reload(); });
            var around = say("This page has been updated since you opened it. %(link)s.",
                             { link: "%(link)s" }).split("%(link)s");
            tell("newer", [around[0], link, around.slice(1).join("")]);
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
  function start() { pageWords = null; enhance(); freshness(); }  // a page of another language may follow
  if (window.document$ && typeof window.document$.subscribe === "function") {
    // material's instant navigation swaps pages without reloading: enhance each one.
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* == light == */
// The colour toggle on pages without Material's script bundle (statusgen's generated pages: see
// templates/theme/statusgen_frame.html). It keeps the choice where and as the bundle does (the
// "__palette" entry of Material's storage, read by Material's inline script in the header before
// the page is shown), so a page with the bundle and one without show the same palette.
(function () {
  if (window.document$) { return; }  // the bundle is here and runs the toggle itself
  var root = document.documentElement;
  root.classList.remove("no-js");  // what the bundle does first; Material's CSS keys a few rules on it
  root.classList.add("js");
  var form = document.querySelector("[data-md-component=palette]");
  if (!form || typeof window.__md_get !== "function") { return; }
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[name=__palette]"));
  if (!inputs.length) { return; }
  var systemLight = matchMedia("(prefers-color-scheme: light)");

  function colorOf(input) {
    var color = {};
    ["media", "scheme", "primary", "accent"].forEach(function (key) {
      color[key] = input.getAttribute("data-md-color-" + key);
    });
    if (color.media === "(prefers-color-scheme)") {  // an "automatic" option: the system's palette
      var media = "(prefers-color-scheme: " + (systemLight.matches ? "light" : "dark") + ")";
      var match = form.querySelector("[data-md-color-media='" + media + "']");
      if (match) {
        ["scheme", "primary", "accent"].forEach(function (key) {
          color[key] = match.getAttribute("data-md-color-" + key);
        });
      }
    }
    return color;
  }

  function show(index, keep) {
    var body = document.body, color = colorOf(inputs[index]);
    body.setAttribute("data-md-color-switching", "");  // Material's CSS: no colour transitions meanwhile
    Object.keys(color).forEach(function (key) { body.setAttribute("data-md-color-" + key, color[key]); });
    inputs.forEach(function (input, i) {
      var label = input.nextElementSibling;  // the button that switches to the next option
      if (label && label.tagName === "LABEL") { label.hidden = i !== index; }
    });
    current = index;
    if (keep) { window.__md_set("__palette", { index: index, color: color }); }
    requestAnimationFrame(function () { body.removeAttribute("data-md-color-switching"); });
  }

  var stored = null;
  try { stored = window.__md_get("__palette"); } catch (e) { stored = null; }
  var current = stored && typeof stored.index === "number" ? stored.index
    : inputs.findIndex(function (input) { return matchMedia(input.getAttribute("data-md-color-media")).matches; });
  current = Math.max(0, Math.min(current, inputs.length - 1));
  // Like the bundle, the first visit keeps the palette matching the system's scheme as the choice.
  // The header's inline script has shown it before the first paint (templates/theme/statusgen_palette.html):
  // then only keep it, without touching the page (restyling it all again costs a phone a long task).
  if (window.__sg_palette === current) {
    window.__md_set("__palette", { index: current, color: colorOf(inputs[current]) });
  } else {
    show(current, true);
  }
  inputs.forEach(function (input, i) {
    input.addEventListener("change", function () { if (input.checked) { show(i, true); } });
  });
  // Enter on a toggle moves to the next option, as Space does for the radio button itself.
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") { return; }
    var next = inputs[(current + 1) % inputs.length];
    next.click();
    next.focus();
  });
  // An "automatic" option follows the system while it is shown.
  systemLight.addEventListener("change", function () {
    if (inputs[current].getAttribute("data-md-color-media") === "(prefers-color-scheme)") { show(current, true); }
  });
})();

/* == light2 == */
// On the status page a maintenance card sits under "Maintenance in progress" or "Upcoming maintenance"
// as the build saw it. The reader's clock moves its tag on (data-phase, set above each minute); the card
// follows: into "in progress" when its window begins (that section waits in a <template> when the build
// had none), out of both when it ends (its own page and the history keep it), in the order of the
// windows' starts. A section left without cards is hidden. Without the script the build's sections stay.
(function () {
  var later = document.querySelector("template[data-sg-maintenance-later]");
  var next = document.querySelector("section[data-sg-maintenance=scheduled]");
  if (!next && !document.querySelector("section[data-sg-maintenance=in_progress]")) { return; }
  function section(phase) {
    var found = document.querySelector("section[data-sg-maintenance=" + phase + "]");
    if (!found && phase === "in_progress" && later) {
      found = later.content.querySelector("section").cloneNode(true);
      later.parentNode.replaceChild(found, later);
      later = null;
    }
    return found;
  }
  function startOf(card) {
    var phase = card.querySelector(".sg-phase[data-window-start]");
    return phase ? Date.parse(phase.getAttribute("data-window-start")) : NaN;
  }
  function place() {
    var cards = document.querySelectorAll("section[data-sg-maintenance] > .sg-card");
    for (var i = 0; i < cards.length; i++) {
      var card = cards[i], shown = card.querySelector(".sg-phase[data-phase]");
      if (!shown) { continue; }  // the script has not read the clock for it: the build's place
      var phase = shown.getAttribute("data-phase");
      card.hidden = phase === "completed";
      var home = phase === "scheduled" ? next : phase === "completed" ? null : section("in_progress");
      if (!home || card.parentNode === home) { continue; }
      var before = null, others = home.querySelectorAll(":scope > .sg-card");
      for (var j = 0; j < others.length && !before; j++) {
        if (startOf(others[j]) > startOf(card)) { before = others[j]; }
      }
      home.insertBefore(card, before);
    }
    var sections = document.querySelectorAll("section[data-sg-maintenance]");
    for (var k = 0; k < sections.length; k++) {
      sections[k].hidden = !sections[k].querySelector(":scope > .sg-card:not([hidden])");
    }
  }
  place();
  // The tags are read again every minute (and when the page comes back into view): place the cards then.
  new MutationObserver(place).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-phase"] });
})();
