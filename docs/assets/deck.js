/* Card filters and "draw a card" for the overview and testimonies pages.
 * Without JavaScript the forms stay hidden and the pages show plain lists per group.
 * The current filter lives in the URL (?theme=hoe&audience=professional), so it can be shared. */
(function () {
  "use strict";

  function matches(item, key, value) {
    if (!value) return true;
    var data = item.getAttribute("data-" + key) || "";
    if (key === "places") return data.split(" ").indexOf(value) !== -1;
    if (key === "audience") return data === value || data === "both";
    return data === value;
  }

  // Shared with the deck builder (builder.js, loaded after this file).
  window.outreachCards = { matches: matches };

  function setUp(form) {
    var root = form.parentElement;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-oc-key]"));
    var items = Array.prototype.slice.call(root.querySelectorAll("[data-oc-item]"));
    var groups = Array.prototype.slice.call(root.querySelectorAll("[data-oc-group]"));
    var count = form.querySelector("[data-oc-count]");
    var draw = form.querySelector("[data-oc-draw]");
    var params = new URLSearchParams(window.location.search);

    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
        select.value = wanted;
      }
    });

    function visibleItems() {
      return items.filter(function (item) { return !item.hidden; });
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
        count.textContent = shown === 0 && count.getAttribute("data-oc-none")
          ? count.getAttribute("data-oc-none")
          : count.getAttribute("data-oc-template")
              .replace("{n}", shown).replace("{total}", items.length);
      }
      if (draw) draw.disabled = shown === 0;
      var query = new URLSearchParams();
      selects.forEach(function (select) { if (select.value) query.set(select.name, select.value); });
      var search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    }

    selects.forEach(function (select) { select.addEventListener("change", apply); });
    if (draw) {
      draw.addEventListener("click", function () {
        var candidates = visibleItems();
        if (candidates.length === 0) return;
        var pick = candidates[Math.floor(Math.random() * candidates.length)];
        window.location.href = pick.querySelector("a").href;
      });
    }
    form.hidden = false;
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-oc-filter]"), setUp);
  }

  if (document.readyState === "loading") {
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
      box.setAttribute("aria-label", root.getAttribute("data-oc-tick") + ": " + link.textContent);
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
