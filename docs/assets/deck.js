/* Card filters and "draw a card" for the overview and testimonies pages.
 * Without JavaScript the forms stay hidden and the pages show plain lists per group. With it,
 * deck.css shows the forms from the first paint (a script in the head marks <html> "oc-js").
 * The current filter lives in the URL (?theme=hoe&audience=professional), so it can be shared.
 * "Draw a card" gives every card of the current filter once before any comes again: the
 * round (the filter and the cards drawn in it) is kept in this tab's sessionStorage only; a
 * new filter starts a new round. */
(function () {
  "use strict";

  var ROUND = "outreach-cards:draw:";

  function matches(item, key, value) {
    if (!value) return true;
    var data = item.getAttribute("data-" + key) || "";
    if (key === "places") return data.split(" ").indexOf(value) !== -1;
    if (key === "audience") return data === value || data === "both";
    return data === value;
  }

  // This browser's storage of a kind ("localStorage", "sessionStorage"), or null where the
  // browser refuses it (storage turned off, a private window, a file:// page).
  function browserStorage(kind) {
    try {
      var store = window[kind];
      var probe = "outreach-cards:probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null;
    }
  }

  // Shared with the scripts loaded after this file (builder.js, present.js, keep.js).
  window.outreachCards = { matches: matches, storage: browserStorage };

  // This tab's storage, or a stand-in that forgets at the next page (storage turned off).
  function tabStorage() {
    var store = browserStorage("sessionStorage");
    if (store) return store;
    var kept = {};
    return {
      getItem: function (key) { return kept.hasOwnProperty(key) ? kept[key] : null; },
      setItem: function (key, value) { kept[key] = String(value); },
      removeItem: function (key) { delete kept[key]; }
    };
  }

  function setUp(form) {
    var root = form.parentElement;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-oc-key]"));
    var items = Array.prototype.slice.call(root.querySelectorAll("[data-oc-item]"));
    var groups = Array.prototype.slice.call(root.querySelectorAll("[data-oc-group]"));
    var count = form.querySelector("[data-oc-count]");
    var draw = form.querySelector("[data-oc-draw]");
    var params = new URLSearchParams(window.location.search);
    var store = draw ? tabStorage() : null;
    var roundKey = ROUND + window.location.pathname;

    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
        select.value = wanted;
      }
    });

    function visibleItems() {
      return items.filter(function (item) { return !item.hidden; });
    }

    function filterQuery() {
      var query = new URLSearchParams();
      selects.forEach(function (select) { if (select.value) query.set(select.name, select.value); });
      return query.toString();
    }

    function apply() {
      items.forEach(function (item) {
        item.hidden = !selects.every(function (select) {
          return matches(item, select.getAttribute("data-oc-key"), select.value);
        });
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-oc-item]:not([hidden])");
      });
      var shown = visibleItems().length;
      if (count) {
        var text = shown === 0 && count.getAttribute("data-oc-none")
          ? count.getAttribute("data-oc-none")
          : count.getAttribute("data-oc-template")
              .replace("{n}", shown).replace("{total}", items.length);
        if (count.textContent !== text) count.textContent = text;
      }
      if (draw) draw.disabled = shown === 0;
      var search = filterQuery();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    }

    // The round of the current filter: the card pages drawn in it so far.
    function readRound() {
      var round;
      try {
        round = JSON.parse(store.getItem(roundKey) || "null");
      } catch (error) {
        round = null;
      }
      if (!round || round.filter !== filterQuery() || !Array.isArray(round.drawn)) {
        round = { filter: filterQuery(), drawn: [] };
      }
      return round;
    }

    function target(item) {
      return item.querySelector("a").href;
    }

    function pick() {
      var candidates = visibleItems().map(target);
      if (candidates.length === 0) return null;
      var round = readRound();
      var left = candidates.filter(function (href) { return round.drawn.indexOf(href) === -1; });
      if (left.length === 0) {
        // Every card of this filter was drawn: a new round, which does not start with the
        // card drawn last (when there is another).
        var last = round.drawn[round.drawn.length - 1];
        round.drawn = [];
        left = candidates.length > 1
          ? candidates.filter(function (href) { return href !== last; })
          : candidates;
      }
      var chosen = left[Math.floor(Math.random() * left.length)];
      round.drawn.push(chosen);
      store.setItem(roundKey, JSON.stringify(round));
      return chosen;
    }

    selects.forEach(function (select) {
      select.addEventListener("change", function () {
        apply();
        if (store) store.removeItem(roundKey); // a new filter, a new round
      });
    });
    if (draw) {
      draw.addEventListener("click", function () {
        var chosen = pick();
        if (chosen) window.location.href = chosen;
      });
    }
    form.hidden = false;
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-oc-filter]"), setUp);
    document.documentElement.classList.remove("oc-filtering"); // (see deck.css)
  }

  // At the end of <body> the forms are already parsed: set them up now, before the first
  // paint where the browser allows, rather than at DOMContentLoaded.
  if (document.readyState === "loading" && !document.querySelector("form[data-oc-filter]")) {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* Card sets: tick off the cards you have read. Kept in this browser only (localStorage, never
 * sent anywhere); without JavaScript, or without storage, the page is a plain numbered list. */
(function () {
  "use strict";

  function storage() {
    try {
      var probe = "outreach-cards:probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function setUp(root, store) {
    var key = "outreach-cards:set:" + root.getAttribute("data-oc-set");
    var page = root.parentElement;
    var progress = page.querySelector("[data-oc-progress]");
    var note = page.querySelector("[data-oc-set-note]");
    var resetWrap = page.querySelector("[data-oc-reset-wrap]");
    var links = Array.prototype.slice.call(root.querySelectorAll("a[data-oc-step]"));
    var done;
    try {
      done = JSON.parse(store.getItem(key) || "[]");
    } catch (error) {
      done = [];
    }
    var boxes = links.map(function (link) {
      var id = link.getAttribute("data-oc-step");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "oc-set-tick";
      box.id = "oc-step-" + id;
      box.value = id;
      box.checked = done.indexOf(id) !== -1;
      var label = document.createElement("label");
      label.htmlFor = box.id;
      label.className = "oc-set-tick-label";
      label.textContent = root.getAttribute("data-oc-tick");
      // "Gelezen: <card title>" for screen readers; the visible word is enough beside the link.
      // (named after the card's title: the tile's link also holds its number, theme and front)
      var title = link.querySelector(".oc-tile-title") || link;
      box.setAttribute("aria-label", root.getAttribute("data-oc-tick") + ": " + title.textContent);
      var holder = document.createElement("span");
      holder.className = "oc-set-tick-wrap";
      holder.appendChild(box);
      holder.appendChild(label);
      link.parentNode.insertBefore(holder, link);
      return box;
    });

    function update(save) {
      var ticked = boxes.filter(function (box) { return box.checked; });
      progress.textContent = root.getAttribute("data-oc-progress-template")
        .replace("{done}", ticked.length).replace("{total}", boxes.length);
      boxes.forEach(function (box) {
        box.closest("li").classList.toggle("oc-set-done", box.checked);
      });
      if (save) {
        store.setItem(key, JSON.stringify(ticked.map(function (box) { return box.value; })));
      }
    }

    boxes.forEach(function (box) {
      box.addEventListener("change", function () { update(true); });
    });
    page.querySelector("[data-oc-reset]").addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      store.removeItem(key);
      update(false);
    });
    progress.hidden = false;
    note.hidden = false;
    resetWrap.hidden = false;
    update(false);
  }

  function start() {
    var store = storage();
    if (!store) return;
    Array.prototype.forEach.call(document.querySelectorAll("[data-oc-set]"), function (root) {
      setUp(root, store);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
