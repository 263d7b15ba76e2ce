/* AI Hegemony KG: suggestions for the search box of every page, from /search/suggest (this server only). */
(function () {
  "use strict";
  // Pages name no host (answers are cached whatever Host was asked for): show the address this browser used.
  Array.prototype.forEach.call(document.querySelectorAll(".origin"), function (e) { e.textContent = window.location.origin; });
  var input = document.getElementById("site-search");
  var list = document.getElementById("site-search-suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = null, seq = 0, items = [], active = -1;

  function close() { list.hidden = true; list.innerHTML = ""; items = []; active = -1; input.setAttribute("aria-expanded", "false"); }
  function highlight(i) {
    items.forEach(function (li, k) { li.setAttribute("aria-selected", k === i ? "true" : "false"); });
    active = i;
  }
  function show(suggestions) {
    list.innerHTML = "";
    items = suggestions.map(function (s, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "site-search-option-" + i;
      var a = document.createElement("a");
      a.href = s.page;
      var main = document.createElement("span");
      main.textContent = s.label;
      main.lang = s.lang || "";
      a.appendChild(main);
      var other = s.lang === "ko" ? s.en : s.ko;
      if (other && other !== s.label) {
        var small = document.createElement("small");
        small.textContent = " · " + other;
        a.appendChild(small);
      }
      li.appendChild(a);
      list.appendChild(li);
      return li;
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    active = -1;
  }
  input.addEventListener("input", function () {
    var q = input.value.trim();
    clearTimeout(timer);
    if (!q) { close(); return; }
    timer = setTimeout(function () {
      var mine = ++seq;
      fetch("/search/suggest?limit=8&q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (s) { if (mine === seq) show(s); })
        .catch(function () { close(); });
    }, 120);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden || !items.length) return;
    if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % items.length); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight((active - 1 + items.length) % items.length); }
    else if (e.key === "Escape") { close(); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.href = items[active].querySelector("a").href; }
  });
  document.addEventListener("click", function (e) { if (!list.contains(e.target) && e.target !== input) close(); });
})();
