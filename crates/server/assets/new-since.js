// "New since your last visit" (issue 12): a badge in the header counting the events stored
// (first_seen) after this browser's previous visit, kept in localStorage. Plain script, not
// part of the esbuild bundle, so it needs no npm. It looks at the 1000 events of latest date:
// an event stored late but dated long ago may be missed.
(function () {
  "use strict";
  var KEY = "khaldun.lastVisit";
  var now = new Date().toISOString().slice(0, 19) + "Z"; // the store's first_seen format
  var last = null;
  try {
    last = window.localStorage.getItem(KEY);
    window.localStorage.setItem(KEY, now);
  } catch (e) {
    return; // storage disabled: no badge
  }
  if (!last) return;
  var top = document.getElementById("top");
  if (!top) return;
  fetch("/api/events?limit=1000", { headers: { Accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : { events: [] }; })
    .then(function (page) {
      var n = (page.events || []).filter(function (e) {
        return e.first_seen && e.first_seen > last;
      }).length;
      if (n === 0) return;
      var badge = document.createElement("span");
      badge.id = "new-since";
      badge.textContent = n + " new since your last visit";
      badge.title = "Events stored after " + last.replace("T", " ").replace("Z", " UTC");
      badge.style.cssText =
        "background:#ffa726;color:#1f2d3a;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600";
      top.insertBefore(badge, document.getElementById("count"));
    })
    .catch(function () {});
})();
