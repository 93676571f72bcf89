/* Keep and share a card, and the page of kept cards (/mijn-kaarten/).
 *
 * Keeping: the star on a card page puts the card's id in this browser's localStorage, under
 * "outreach-cards:kept" (a JSON list of card ids, in the order they were kept). Nothing is
 * sent anywhere and no cookie is set; both languages share the list (a card's id is the same
 * in every language). Without JavaScript, or where the browser lets the site store nothing,
 * there is no star.
 *
 * Sharing: the browser's own share sheet (Web Share API) where there is one, else the card's
 * address goes to the clipboard; where that fails too, the address shows selected in a text
 * field. The address is the card's public one (site_url, as in its QR code). Without
 * JavaScript the page shows the address as text.
 *
 * The page of kept cards holds every card of the deck (hidden): the script shows the kept ones
 * in their order, so it needs no other file and works offline. */
(function () {
  "use strict";

  var KEY = "outreach-cards:kept";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }

  // This browser's localStorage (deck.js), or null where the browser refuses it.
  function storage() {
    return window.outreachCards.storage("localStorage");
  }

  // The kept ids, in the order kept; anything else in the store counts as nothing kept.
  function readKept(store) {
    var kept;
    try {
      kept = JSON.parse(store.getItem(KEY) || "[]");
    } catch (error) {
      return [];
    }
    if (!Array.isArray(kept)) return [];
    return kept.filter(function (id, index) {
      return typeof id === "string" && kept.indexOf(id) === index;
    });
  }

  function writeKept(store, kept) {
    if (kept.length) store.setItem(KEY, JSON.stringify(kept));
    else store.removeItem(KEY);
  }

  // A status message that is read out again when it is the same as the last one.
  function say(status, text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // -- a card page ----------------------------------------------------------------------------

  function setUpCard(root, store) {
    var id = root.getAttribute("data-oc-keep");
    var url = root.getAttribute("data-oc-url");
    var title = root.getAttribute("data-oc-title");
    var labels = JSON.parse(root.getAttribute("data-oc-labels"));
    var star = root.querySelector("[data-oc-keep-button]");
    var kept = root.querySelector("[data-oc-kept]");
    var field = root.querySelector("[data-oc-share-field]");
    var input = field.querySelector("input");
    var status = root.querySelector("[data-oc-status]");

    function showKept() {
      var pressed = readKept(store).indexOf(id) !== -1;
      star.setAttribute("aria-pressed", pressed ? "true" : "false");
      kept.hidden = !pressed;
    }

    if (store) {
      star.addEventListener("click", function () {
        var list = readKept(store);
        var at = list.indexOf(id);
        if (at === -1) list.push(id);
        else list.splice(at, 1);
        writeKept(store, list);
        showKept();
      });
      // another tab of this site kept or removed cards
      window.addEventListener("storage", function (event) {
        if (event.key === KEY || event.key === null) showKept();
      });
      star.hidden = false;
      showKept();
    } else {
      root.classList.add("oc-keep-no-store");  // (keep.css shows the star from the first paint)
    }

    function copyYourself() {
      field.hidden = false;
      input.focus();
      input.select();
      say(status, labels.copy_yourself);
    }

    function copy() {
      if (!navigator.clipboard || !navigator.clipboard.writeText) {
        copyYourself();
        return;
      }
      navigator.clipboard.writeText(url).then(function () {
        field.hidden = true;
        say(status, labels.copied);
      }, copyYourself);
    }

    root.querySelector("[data-oc-share-button]").addEventListener("click", function () {
      if (typeof navigator.share === "function") {
        navigator.share({ title: title, url: url }).catch(function (error) {
          // The reader closed the share sheet: nothing to do. Otherwise sharing is not
          // allowed here (a frame, a file): copy instead.
          if (!error || error.name !== "AbortError") copy();
        });
      } else {
        copy();
      }
    });

    root.querySelector("[data-oc-address]").hidden = true;
    root.querySelector("[data-oc-actions]").hidden = false;
  }

  // -- the page of kept cards -----------------------------------------------------------------

  function setUpList(root, store) {
    var labels = JSON.parse(root.getAttribute("data-oc-labels"));
    var list = root.querySelector("ul");
    var empty = root.querySelector(".oc-my-cards-empty");
    var count = root.querySelector("[data-oc-count]");
    var actions = root.querySelector("[data-oc-actions]");
    var builder = root.querySelector("[data-oc-builder-link]");
    var builderBase = builder ? builder.getAttribute("href").split("?")[0] : null;
    // The presentation mode (present.js) shows the kept cards, in the order kept.
    var present = root.querySelector("a[data-oc-present-link]");
    var presentBase = present ? present.getAttribute("href").split("?")[0] : null;
    var confirm = root.querySelector("[data-oc-confirm]");
    var clear = root.querySelector("[data-oc-clear]");
    var status = root.querySelector("[data-oc-status]");
    var items = {};  // id → {item, title, remove}

    Array.prototype.forEach.call(list.querySelectorAll("a[data-oc-card]"), function (link) {
      var id = link.getAttribute("data-oc-card");
      var item = link.closest("li");
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "md-button oc-my-cards-remove";
      remove.textContent = labels.remove;
      // "Verwijder: <title>" for screen readers; the visible word is enough beside the link.
      remove.setAttribute("aria-label", labels.remove + ": " + link.textContent);
      remove.setAttribute("data-oc-remove", id);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(remove);
      items[id] = { item: item, title: link.textContent, remove: remove };
    });

    // Only the ids of this deck count (a card removed since it was kept is left out).
    function kept() {
      return readKept(store).filter(function (id) { return id in items; });
    }

    function show() {
      var ids = kept();
      Object.keys(items).forEach(function (id) { items[id].item.hidden = true; });
      ids.forEach(function (id) {
        list.appendChild(items[id].item);  // in the order kept
        items[id].item.hidden = false;
      });
      list.hidden = ids.length === 0;
      empty.hidden = ids.length !== 0;
      count.hidden = ids.length === 0;
      count.textContent = fill(labels.count, { n: ids.length });
      actions.hidden = ids.length === 0;
      if (ids.length === 0) confirm.hidden = true;
      if (builder) builder.setAttribute("href", builderBase + "?cards=" + ids.join(","));
      if (present) present.setAttribute("href", presentBase + "?cards=" + ids.join(","));
      return ids;
    }

    function focusAfterRemoving(ids, at) {
      var next = ids[at] || ids[at - 1];
      (next ? items[next].remove : empty).focus();
    }

    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-oc-remove]");
      if (!button) return;
      var id = button.getAttribute("data-oc-remove");
      var ids = kept();
      var at = ids.indexOf(id);
      if (at === -1) return;
      writeKept(store, readKept(store).filter(function (other) { return other !== id; }));
      var left = show();
      say(status, fill(labels.removed, { title: items[id].title }));
      focusAfterRemoving(left, at);
    });
    clear.addEventListener("click", function () {
      confirm.hidden = false;
      confirm.querySelector("p").focus();
    });
    root.querySelector("[data-oc-clear-no]").addEventListener("click", function () {
      confirm.hidden = true;
      clear.focus();
    });
    root.querySelector("[data-oc-clear-yes]").addEventListener("click", function () {
      store.removeItem(KEY);
      show();
      say(status, labels.cleared);
      empty.focus();
    });
    window.addEventListener("storage", function (event) {
      if (event.key === KEY || event.key === null) show();
    });

    show();
    root.hidden = false;
  }

  function start() {
    var store = storage();
    Array.prototype.forEach.call(document.querySelectorAll("[data-oc-keep]"), function (root) {
      setUpCard(root, store);
    });
    var page = document.querySelector("[data-oc-my-cards]");
    if (!page) return;
    Array.prototype.forEach.call(document.querySelectorAll(".oc-my-cards-nojs"), function (note) {
      note.hidden = true;
    });
    if (store) setUpList(page, store);
    else document.querySelector("[data-oc-no-storage]").hidden = false;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
