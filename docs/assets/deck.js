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
