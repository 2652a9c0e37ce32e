/* Villes en coopération — facet filters for the case explorer and timeline, and sortable
 * tables. The pages are complete without this script (full list, plain table); it only
 * adds filtering, live counts, the filter state in the URL, and sorting. */
(function () {
  "use strict";

  var FACETS = ["kind", "theme", "region", "country"];

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function readState(form) {
    var state = { q: "", from: null, to: null };
    FACETS.forEach(function (facet) {
      state[facet] = Array.prototype.map.call(
        form.querySelectorAll('input[name="' + facet + '"]:checked'),
        function (box) { return box.value; }
      );
    });
    state.q = form.elements.q.value.trim();
    state.from = form.elements.from.value ? parseInt(form.elements.from.value, 10) : null;
    state.to = form.elements.to.value ? parseInt(form.elements.to.value, 10) : null;
    return state;
  }

  function matches(item, state, skipFacet) {
    for (var i = 0; i < FACETS.length; i++) {
      var facet = FACETS[i];
      if (facet === skipFacet || !state[facet].length) continue;
      var values = (item.dataset[facet] || "").split(" ");
      if (!state[facet].some(function (v) { return values.indexOf(v) !== -1; })) return false;
    }
    var start = parseInt(item.dataset.start, 10);
    var end = parseInt(item.dataset.end, 10);
    if (state.from !== null && end < state.from) return false;
    if (state.to !== null && start > state.to) return false;
    if (state.q) {
      var text = item.dataset.text || (item.dataset.text = fold(item.textContent));
      var words = fold(state.q).split(/\s+/);
      for (var w = 0; w < words.length; w++) if (words[w] && text.indexOf(words[w]) === -1) return false;
    }
    return true;
  }

  function writeUrl(state) {
    var params = new URLSearchParams();
    FACETS.forEach(function (facet) { if (state[facet].length) params.set(facet, state[facet].join(",")); });
    if (state.q) params.set("q", state.q);
    if (state.from !== null) params.set("from", state.from);
    if (state.to !== null) params.set("to", state.to);
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function readUrl(form) {
    var params = new URLSearchParams(location.search);
    FACETS.forEach(function (facet) {
      var wanted = (params.get(facet) || "").split(",");
      form.querySelectorAll('input[name="' + facet + '"]').forEach(function (box) {
        box.checked = wanted.indexOf(box.value) !== -1;
      });
    });
    form.elements.q.value = params.get("q") || "";
    form.elements.from.value = params.get("from") || "";
    form.elements.to.value = params.get("to") || "";
  }

  function setup(form) {
    var list = document.getElementById(form.dataset.cbFilters);
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    var output = form.querySelector(".cb-filters__count");
    var template = form.dataset.countTemplate;

    function update(pushUrl) {
      var state = readState(form);
      var shown = 0;
      items.forEach(function (item) {
        var visible = matches(item, state, null);
        item.hidden = !visible;
        if (visible) shown++;
      });
      FACETS.forEach(function (facet) {
        form.querySelectorAll('[data-count-for^="' + facet + ':"]').forEach(function (badge) {
          var value = badge.dataset.countFor.slice(facet.length + 1);
          var count = items.filter(function (item) {
            return matches(item, state, facet) && (item.dataset[facet] || "").split(" ").indexOf(value) !== -1;
          }).length;
          badge.textContent = "(" + count + ")";
          badge.closest("label").classList.toggle("cb-facet__option--empty", count === 0);
        });
      });
      output.textContent = template.replace("{shown}", shown).replace("{total}", items.length);
      if (pushUrl) writeUrl(state);
    }

    readUrl(form);
    form.hidden = false;
    form.addEventListener("input", function () { update(true); });
    form.addEventListener("change", function () { update(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
    update(false);
  }

  function sortable(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cb-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.dataset.sort === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          var u = x.dataset.value || x.textContent.trim(), v = y.dataset.value || y.textContent.trim();
          var order = numeric ? parseFloat(u) - parseFloat(v) : u.localeCompare(v, document.documentElement.lang);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  document.querySelectorAll("form[data-cb-filters]").forEach(setup);
  document.querySelectorAll("table[data-cb-sortable]").forEach(sortable);
})();
