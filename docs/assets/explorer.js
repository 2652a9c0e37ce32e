/* Villes en coopération — facet filters for the case explorer and the timeline, and
 * sortable tables. The pages are complete without this script (every case, the map, a
 * plain table); it adds the filters with their counts, removable chips, sorting, a live
 * count (with which filter to loosen when nothing matches), the filter state in the
 * page address, and the map following the filters. */
(function () {
  "use strict";

  var FACETS = ["kind", "theme", "region", "country"];

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }

  /* What is chosen in the form: facet values, words, period. */
  function readState(form) {
    var state = {};
    FACETS.forEach(function (facet) {
      state[facet] = Array.prototype.map.call(
        form.querySelectorAll('input[name="' + facet + '"]:checked'),
        function (box) { return box.value; }
      );
    });
    state.q = form.elements.q.value.trim();
    state.from = form.elements.from.value ? parseInt(form.elements.from.value, 10) : null;
    state.to = form.elements.to.value ? parseInt(form.elements.to.value, 10) : null;
    state.sort = form.elements.sort ? form.elements.sort.value : "";
    return state;
  }

  /* Items are read once: their facet values, period and (on first search) folded text. */
  function readItem(element) {
    var item = { element: element, values: {} };
    FACETS.forEach(function (facet) {
      item.values[facet] = (element.dataset[facet] || "").split(" ").filter(Boolean);
    });
    item.start = parseInt(element.dataset.start, 10);
    item.end = parseInt(element.dataset.end, 10);
    item.id = element.dataset.case || "";
    var title = element.querySelector("h2, h3, a");
    item.title = title ? title.textContent.trim() : "";
    item.updated = element.dataset.updated || "";
    item.position = 0;
    return item;
  }

  function matches(item, state, skip) {
    for (var i = 0; i < FACETS.length; i++) {
      var facet = FACETS[i];
      if (facet === skip || !state[facet].length) continue;
      var values = item.values[facet];
      if (!state[facet].some(function (v) { return values.indexOf(v) !== -1; })) return false;
    }
    if (state.from !== null && item.end < state.from) return false;
    if (state.to !== null && item.start > state.to) return false;
    if (state.q) {
      if (item.text === undefined) item.text = fold(item.element.textContent);
      var words = fold(state.q).split(/\s+/);
      for (var w = 0; w < words.length; w++) if (words[w] && item.text.indexOf(words[w]) === -1) return false;
    }
    return true;
  }

  /* The active filters, one chip each: its label and the state without it. */
  function chips(form, state) {
    var out = [];
    FACETS.forEach(function (facet) {
      state[facet].forEach(function (value) {
        var box = form.querySelector('input[name="' + facet + '"][value="' + value + '"]');
        out.push({
          label: box ? box.dataset.label : value,
          remove: function () { if (box) box.checked = false; },
          without: function (s) {
            var copy = Object.assign({}, s);
            copy[facet] = s[facet].filter(function (v) { return v !== value; });
            return copy;
          }
        });
      });
    });
    if (state.from !== null || state.to !== null) {
      out.push({
        label: (state.from !== null ? state.from : "…") + "–" + (state.to !== null ? state.to : "…"),
        remove: function () { form.elements.from.value = ""; form.elements.to.value = ""; },
        without: function (s) { return Object.assign({}, s, { from: null, to: null }); }
      });
    }
    if (state.q) {
      out.push({
        label: state.q,
        remove: function () { form.elements.q.value = ""; },
        without: function (s) { return Object.assign({}, s, { q: "" }); }
      });
    }
    return out;
  }

  function writeUrl(state) {
    var params = new URLSearchParams();
    FACETS.forEach(function (facet) { if (state[facet].length) params.set(facet, state[facet].join(",")); });
    if (state.q) params.set("q", state.q);
    if (state.from !== null) params.set("from", state.from);
    if (state.to !== null) params.set("to", state.to);
    if (state.sort && state.sort !== "start") params.set("sort", state.sort);
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
    if (form.elements.sort && params.get("sort")) form.elements.sort.value = params.get("sort");
  }

  var ORDERS = {
    start: function (a, b) { return a.position - b.position; },
    title: function (a, b) { return a.title.localeCompare(b.title, document.documentElement.lang); },
    updated: function (a, b) { return a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : a.position - b.position; }
  };

  function setup(form) {
    var list = document.getElementById(form.dataset.cbFilters);
    if (!list) return;
    var items = Array.prototype.map.call(list.children, readItem);
    items.forEach(function (item, index) { item.position = index; });
    var output = form.querySelector(".cb-filters__count");
    var chipList = form.querySelector(".cb-chips");
    var badges = {};
    form.querySelectorAll("[data-count-for]").forEach(function (badge) { badges[badge.dataset.countFor] = badge; });
    var map = form.closest(".cb-explorer") && form.closest(".cb-explorer").querySelector("[data-cb-map]");
    var sorted = "start";

    function count(state, skip) {
      return items.filter(function (item) { return matches(item, state, skip); }).length;
    }

    function showCounts(state) {
      FACETS.forEach(function (facet) {
        var counts = {};
        items.forEach(function (item) {
          if (!matches(item, state, facet)) return;
          item.values[facet].forEach(function (value) { counts[value] = (counts[value] || 0) + 1; });
        });
        form.querySelectorAll('input[name="' + facet + '"]').forEach(function (box) {
          var n = counts[box.value] || 0;
          var badge = badges[facet + ":" + box.value];
          if (badge) badge.textContent = "(" + n + ")";
          box.closest("label").classList.toggle("cb-facet__option--empty", n === 0);
        });
        var chosen = form.querySelector('[data-chosen-for="' + facet + '"]');
        if (chosen) chosen.textContent = state[facet].length ? "(" + state[facet].length + ")" : "";
      });
      var period = form.querySelector('[data-chosen-for="period"]');
      if (period) period.textContent = state.from !== null || state.to !== null ? "(1)" : "";
    }

    function showChips(state, active) {
      chipList.textContent = "";
      active.forEach(function (chip) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "cb-chip";
        button.textContent = chip.label;
        button.setAttribute("aria-label", fill(form.dataset.removeTemplate, { label: chip.label }));
        button.addEventListener("click", function () {
          chip.remove();
          update(true);
          (chipList.querySelector(".cb-chip") || form.elements.q).focus();
        });
        li.appendChild(button);
        chipList.appendChild(li);
      });
      chipList.hidden = active.length === 0;
    }

    /* With nothing shown, name the one filter whose removal shows the most. */
    function status(state, shown, active) {
      if (shown > 0 || !active.length) {
        return fill(form.dataset.countTemplate, { shown: shown, total: items.length });
      }
      var best = null, bestCount = 0;
      active.forEach(function (chip) {
        var n = count(chip.without(state), null);
        if (n > bestCount) { best = chip; bestCount = n; }
      });
      return best
        ? fill(form.dataset.hintTemplate, { label: best.label, n: bestCount })
        : form.dataset.noneTemplate;
    }

    /* Only what changes is touched (at 1,000 cases the map has thousands of elements);
       SVG elements have no "hidden" property: the attribute is set, and CSS hides it. */
    function show(element, shown) {
      if (element.hasAttribute("hidden") === shown) element.toggleAttribute("hidden", !shown);
    }

    var mapped = map ? {
      one: Array.prototype.slice.call(map.querySelectorAll("[data-case]")),
      some: Array.prototype.map.call(map.querySelectorAll("[data-cases]"), function (element) {
        return { element: element, cases: element.dataset.cases.split(" ") };
      })
    } : { one: [], some: [] };

    function follow(visible) {
      mapped.one.forEach(function (element) { show(element, visible[element.dataset.case] === true); });
      mapped.some.forEach(function (entry) {
        show(entry.element, entry.cases.some(function (id) { return visible[id]; }));
      });
    }

    /* City names left out where every case shows (data-spare, hidden in the page) are
       given a place when a filter leaves them room: each is shown, measured, and hidden
       again if it would cover a name already shown, a city or the map's edge. For a few
       cases at a time only: with hundreds shown, the names placed at build time stay. */
    var LABELLED_AT_MOST = 60;
    var spares = map ? Array.prototype.slice.call(map.querySelectorAll("[data-spare]")) : [];
    var lastVisible = {}, lastCount = 0;

    function overlaps(a, b) {
      return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    }

    function relabel(visible, count) {
      lastVisible = visible; lastCount = count;
      var candidates = count > LABELLED_AT_MOST ? [] : spares.filter(function (label) {
        return label.dataset.spare.split(" ").some(function (id) { return visible[id]; });
      });
      spares.forEach(function (label) { show(label, candidates.indexOf(label) !== -1); });
      if (!candidates.length) return;
      var frame = map.getBoundingClientRect();
      function city(label) {  /* a name's marker, 18 px (MARKER in casebook/maps.py), where the name is anchored */
        var x = frame.left + parseFloat(label.style.left) / 100 * frame.width;
        var y = frame.top + parseFloat(label.style.top) / 100 * frame.height;
        return { left: x - 9, right: x + 9, top: y - 9, bottom: y + 9 };
      }
      var taken = [];
      map.querySelectorAll(".cb-map__label[data-cases]:not([hidden])").forEach(function (label) {
        taken.push(label.getBoundingClientRect(), city(label));
      });
      candidates.forEach(function (label) { taken.push(city(label)); });
      var boxes = candidates.map(function (label) { return label.getBoundingClientRect(); });
      candidates.forEach(function (label, index) {
        var box = boxes[index];
        var fits = box.left >= frame.left && box.right <= frame.right &&
          box.top >= frame.top && box.bottom <= frame.bottom &&
          !taken.some(function (other) { return overlaps(box, other); });
        if (fits) taken.push(box); else show(label, false);
      });
    }
    if (spares.length) {
      var resizing = false;
      window.addEventListener("resize", function () {
        if (resizing) return;
        resizing = true;
        requestAnimationFrame(function () { resizing = false; relabel(lastVisible, lastCount); });
      });
    }

    function sort(order) {
      if (!ORDERS[order] || order === sorted) return;
      items.slice().sort(ORDERS[order]).forEach(function (item) { list.appendChild(item.element); });
      sorted = order;
    }

    function update(pushUrl) {
      var state = readState(form);
      var shown = 0, visible = {};
      items.forEach(function (item) {
        var match = matches(item, state, null);
        show(item.element, match);
        if (match) { shown++; visible[item.id] = true; }
      });
      var active = chips(form, state);
      showCounts(state);
      showChips(state, active);
      sort(state.sort || "start");
      follow(visible);
      relabel(visible, shown);
      var text = status(state, shown, active);
      if (output.textContent !== text) output.textContent = text;
      if (pushUrl) writeUrl(state);
    }

    readUrl(form);
    form.hidden = false;
    form.addEventListener("input", function () { update(true); });  /* boxes, lists and text alike */
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
