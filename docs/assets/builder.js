/* The deck builder (/samenstellen/): pick cards, choose a format and a layout, print from the
 * browser. Everything the builder knows lives in the page's address, so it can be shared:
 *   ?cards=<id>,<id>,...   the chosen cards, in print order
 *   &format=a6|a7          the card size (default: the site's format)
 *   &layout=cards|sheets|fold   single cards, A4 sheets to cut (duplex), or A4 sheets to
 *                          fold, single-sided (default: cards)
 * The page holds every card's print layout (one <article data-card> each, made by the build).
 * This script puts the chosen ones into the print layout: as single cards, each side a page
 * of the card's size, or on A4 sheets like the print step's A4 PDF (a page of fronts, then a
 * page of backs in mirrored columns for long-edge duplex; A7 cards turned a quarter), or on
 * single-sided A4 sheets to fold like the print step's kaartenset-vouwen.pdf (each card's
 * front and back side by side, a dashed fold mark between them).
 * No request, no storage: the address is the only memory. */
(function () {
  "use strict";

  // The sheet geometry of printing.py (FORMATS, _impose, _cut_marks), in millimetres.
  var FORMATS = {
    a6: { width: 105, height: 148, columns: 2, rows: 2, turned: false },
    a7: { width: 74, height: 105, columns: 2, rows: 4, turned: true }
  };
  var LAYOUTS = ["cards", "sheets", "fold"];
  var SHEET = { width: 210, height: 297 };
  var CUT_MARK = 5;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }

  function fold(text) {
    // Case and accents do not matter when searching: "één" finds "een".
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var matches = window.outreachCards.matches;  // the filters of deck.js

  function mm(value) {
    return value + "mm";
  }

  function setUp(form) {
    var labels = JSON.parse(form.getAttribute("data-oc-labels"));
    var defaultFormat = form.getAttribute("data-oc-default-format");
    var layoutBox = document.querySelector(".oc-print-layout");
    var items = Array.prototype.slice.call(form.querySelectorAll("[data-oc-item]"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-oc-key]"));
    var search = form.querySelector("[data-oc-search]");
    var shown = form.querySelector("[data-oc-shown]");
    var count = form.querySelector("[data-oc-count]");
    var chosenList = form.querySelector("[data-oc-chosen]");
    var summary = form.querySelector("[data-oc-summary]");
    var printButton = form.querySelector("[data-oc-print]");
    var cards = {};  // id → {item, checkbox, label, text (for search), article}
    var order = [];  // card ids in deck order

    items.forEach(function (item) {
      var id = item.getAttribute("data-oc-item");
      var title = item.querySelector("[data-oc-title]").textContent;
      cards[id] = {
        item: item,
        checkbox: item.querySelector("input[type=checkbox]"),
        label: item.querySelector("[data-oc-number]").textContent + ". " + title,
        text: fold(title + " " + item.querySelector("[data-oc-front]").textContent),
        article: null
      };
      order.push(id);
    });
    // The print layouts leave the page; only the chosen ones come back (see arrange).
    Array.prototype.slice.call(layoutBox.querySelectorAll("article[data-card]"))
      .forEach(function (article) {
        var card = cards[article.getAttribute("data-card")];
        if (card) card.article = article;
        article.remove();
      });

    // -- the state, read from the address -------------------------------------------------
    var state = { cards: [], format: defaultFormat, layout: "cards" };
    var problems = [];
    var params = new URLSearchParams(window.location.search);
    var unknown = [];
    (params.get("cards") || "").split(",").forEach(function (raw) {
      var id = raw.trim();
      if (!id || state.cards.indexOf(id) !== -1 || unknown.indexOf(id) !== -1) return;
      if (cards[id] && cards[id].article) state.cards.push(id);
      else unknown.push(id);
    });
    if (unknown.length) problems.push(fill(labels.unknown_cards, { ids: unknown.join(", ") }));
    var format = params.get("format");
    if (format !== null) {
      if (FORMATS[format.toLowerCase()]) state.format = format.toLowerCase();
      else problems.push(fill(labels.unknown_format,
                              { value: format, chosen: state.format.toUpperCase() }));
    }
    var layout = params.get("layout");
    if (layout !== null) {
      if (LAYOUTS.indexOf(layout.toLowerCase()) !== -1) state.layout = layout.toLowerCase();
      else problems.push(fill(labels.unknown_layout,
                              { value: layout, chosen: labels["layout_" + state.layout] }));
    }
    var problemBox = form.querySelector("[data-oc-problems]");
    problems.forEach(function (text) {
      var line = document.createElement("p");
      line.textContent = text;
      problemBox.appendChild(line);
    });
    problemBox.hidden = problems.length === 0;

    function query() {
      var parts = [];
      // Card ids are plain slugs: the commas stay readable in a shared address.
      if (state.cards.length) parts.push("cards=" + state.cards.map(encodeURIComponent).join(","));
      parts.push("format=" + state.format, "layout=" + state.layout);
      return "?" + parts.join("&");
    }

    // -- the other language's builder, with the same choice --------------------------------
    // The header's language menu has this page in every language of the site (relative
    // links; the <head>'s alternates are absolute, at the published address, which may not be
    // where this page is served). Each of its links and the builder's own link of the same
    // language get the choice.
    var languageLinks = [];
    var pageLanguage = document.documentElement.lang;
    var menu = {};
    Array.prototype.forEach.call(document.querySelectorAll(".md-select__link[hreflang]"),
      function (link) {
        var language = link.getAttribute("hreflang");
        if (language === pageLanguage) return;
        menu[language] = link.getAttribute("href").split("?")[0];
        languageLinks.push({ link: link, base: menu[language] });
      });
    Array.prototype.forEach.call(form.querySelectorAll("a[data-oc-language]"), function (link) {
      var language = link.getAttribute("data-oc-language");
      if (!(language in menu)) {
        link.hidden = true;
        return;
      }
      link.setAttribute("hreflang", language);
      languageLinks.push({ link: link, base: menu[language] });
    });
    languageLinks.forEach(function (entry) {
      // Material's own language switch (a click handler on the body) drops the query: keep
      // the click to the link itself.
      entry.link.addEventListener("click", function (event) { event.stopPropagation(); });
    });

    function remember() {
      var suffix = query();
      try {
        window.history.replaceState(null, "", window.location.pathname + suffix +
                                    window.location.hash);
      } catch (error) {
        // Some browsers refuse history changes on file:// pages (the offline edition); the
        // builder works on, only the address does not follow.
      }
      languageLinks.forEach(function (entry) { entry.link.href = entry.base + suffix; });
    }

    // -- the print layout -------------------------------------------------------------------
    function setFormat(article) {
      article.classList.remove("oc-a6", "oc-a7");
      article.classList.add("oc-" + state.format);
      return article;
    }

    function sheet(side) {
      var element = document.createElement("div");
      element.className = "oc-sheet oc-sheet-" + state.format;
      element.setAttribute("data-side", side);
      element.setAttribute("data-format", state.format);
      return element;
    }

    function cutMarks(element, fmt, cellWidth, cellHeight, top, left) {
      left = left || 0;
      var right = left + fmt.columns * cellWidth;
      var bottom = top + fmt.rows * cellHeight;
      function mark(x, y, vertical) {
        var line = document.createElement("span");
        line.className = "oc-cut oc-cut-" + (vertical ? "v" : "h");
        line.style.left = mm(x);
        line.style.top = mm(y);
        element.appendChild(line);
      }
      for (var column = 1; column < fmt.columns; column++) {
        for (var row = 0; row <= fmt.rows; row++) {
          var y = Math.min(Math.max(top + row * cellHeight - CUT_MARK / 2, top), bottom - CUT_MARK);
          mark(left + column * cellWidth, y, true);
        }
      }
      for (var edge = 0; edge <= fmt.rows; edge++) {
        for (var across = 0; across <= fmt.columns; across++) {
          var x = Math.min(Math.max(left + across * cellWidth - CUT_MARK / 2, left),
                           right - CUT_MARK);
          mark(x, top + edge * cellHeight, false);
        }
      }
    }

    function sheets() {
      var fmt = FORMATS[state.format];
      var perSheet = fmt.columns * fmt.rows;
      var cellWidth = fmt.turned ? fmt.height : fmt.width;
      var cellHeight = fmt.turned ? fmt.width : fmt.height;
      var top = (SHEET.height - fmt.rows * cellHeight) / 2;  // centred top to bottom
      var made = [];
      for (var start = 0; start < state.cards.length; start += perSheet) {
        var group = state.cards.slice(start, start + perSheet);
        ["front", "back"].forEach(function (side) {
          var element = sheet(side);
          group.forEach(function (id, index) {
            var original = cards[id].article;
            var cell = setFormat(original.cloneNode(false));
            cell.classList.add("oc-sheet-card");
            if (fmt.turned) cell.classList.add(side === "front" ? "oc-turn-right" : "oc-turn-left");
            cell.appendChild(original.querySelector(".oc-" + side).cloneNode(true));
            var row = Math.floor(index / fmt.columns);
            var column = index % fmt.columns;
            if (side === "back") column = fmt.columns - 1 - column;  // long-edge flip
            cell.style.left = mm(column * cellWidth);
            cell.style.top = mm(top + row * cellHeight);
            element.appendChild(cell);
          });
          cutMarks(element, fmt, cellWidth, cellHeight, top);
          made.push(element);
        });
      }
      return made;
    }

    // The fold-over sheets, as print/assemble.py's fold_layout and _fold: the orientation of
    // A4 that holds the most front-and-back pairs (A6: portrait, two pairs one above the
    // other; A7: landscape, two by two), the pairs centred, front left and back right.
    function foldLayout(fmt) {
      var pairWidth = 2 * fmt.width;
      var portrait = { landscape: false, across: Math.floor(SHEET.width / pairWidth),
                       down: Math.floor(SHEET.height / fmt.height) };
      var landscape = { landscape: true, across: Math.floor(SHEET.height / pairWidth),
                        down: Math.floor(SHEET.width / fmt.height) };
      return landscape.across * landscape.down > portrait.across * portrait.down
        ? landscape : portrait;
    }

    function foldSheets() {
      var fmt = FORMATS[state.format];
      var layout = foldLayout(fmt);
      var pageWidth = layout.landscape ? SHEET.height : SHEET.width;
      var pageHeight = layout.landscape ? SHEET.width : SHEET.height;
      var left = (pageWidth - layout.across * 2 * fmt.width) / 2;
      var top = (pageHeight - layout.down * fmt.height) / 2;
      var perSheet = layout.across * layout.down;
      var made = [];
      for (var start = 0; start < state.cards.length; start += perSheet) {
        var element = sheet("fold");
        element.classList.add("oc-fold");
        if (layout.landscape) element.classList.add("oc-landscape");
        state.cards.slice(start, start + perSheet).forEach(function (id, index) {
          var original = cards[id].article;
          var row = Math.floor(index / layout.across);
          var column = index % layout.across;
          ["front", "back"].forEach(function (side, half) {
            var cell = setFormat(original.cloneNode(false));
            cell.classList.add("oc-sheet-card");
            cell.setAttribute("data-side", side);
            cell.appendChild(original.querySelector(".oc-" + side).cloneNode(true));
            cell.style.left = mm(left + (2 * column + half) * fmt.width);
            cell.style.top = mm(top + row * fmt.height);
            element.appendChild(cell);
          });
        });
        // A dashed fold mark above and below each column of pairs, on the line between front
        // and back; cut marks around the pairs.
        for (var column = 0; column < layout.across; column++) {
          [top - CUT_MARK, top + layout.down * fmt.height].forEach(function (y) {
            var foldMark = document.createElement("span");
            foldMark.className = "oc-fold-mark";
            foldMark.style.left = mm(left + (2 * column + 1) * fmt.width);
            foldMark.style.top = mm(y);
            element.appendChild(foldMark);
          });
        }
        cutMarks(element, { columns: layout.across, rows: layout.down },
                 2 * fmt.width, fmt.height, top, left);
        made.push(element);
      }
      return made;
    }

    function arrange() {
      var pieces = state.layout === "sheets" ? sheets()
        : state.layout === "fold" ? foldSheets()
        : state.cards.map(function (id) { return setFormat(cards[id].article); });
      layoutBox.replaceChildren.apply(layoutBox, pieces);
    }

    // -- the screen ---------------------------------------------------------------------------
    function applyFilters() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var visible = 0;
      items.forEach(function (item) {
        var id = item.getAttribute("data-oc-item");
        item.hidden = !(selects.every(function (select) {
          return matches(item, select.getAttribute("data-oc-key"), select.value);
        }) && words.every(function (word) { return cards[id].text.indexOf(word) !== -1; }));
        if (!item.hidden) visible += 1;
      });
      shown.textContent = visible === 0 ? labels.none_shown
        : fill(labels.shown, { n: visible, total: items.length });
    }

    function button(action, id, text) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "oc-builder-move";
      element.textContent = text;
      element.setAttribute("aria-label", text + ": " + cards[id].label);
      element.setAttribute("data-oc-action", action);
      element.setAttribute("data-oc-id", id);
      return element;
    }

    function renderChosen() {
      var rows = state.cards.map(function (id, index) {
        var row = document.createElement("li");
        var name = document.createElement("span");
        name.className = "oc-builder-name";
        name.textContent = cards[id].label;
        var actions = document.createElement("span");
        actions.className = "oc-builder-moves";
        var up = button("up", id, labels.up);
        var down = button("down", id, labels.down);
        up.disabled = index === 0;
        down.disabled = index === state.cards.length - 1;
        actions.append(up, down, button("remove", id, labels.remove));
        row.append(name, actions);
        return row;
      });
      chosenList.replaceChildren.apply(chosenList, rows);
      var none = state.cards.length === 0;
      chosenList.hidden = none;
      form.querySelector("[data-oc-empty]").hidden = !none;
      form.querySelector("[data-oc-order]").hidden = none;
      count.textContent = fill(labels.count, { n: state.cards.length, total: items.length });
      // The presentation mode (present.js) shows the chosen cards, in this order.
      var present = form.querySelector("[data-oc-present-entry]");
      if (present) {
        var presentLink = present.querySelector("a[data-oc-present-link]");
        presentLink.href = presentLink.href.split("?")[0] + "?cards=" +
          state.cards.map(encodeURIComponent).join(",");
        present.hidden = none;
      }
    }

    function renderSummary() {
      var n = state.cards.length;
      printButton.disabled = n === 0;
      if (n === 0) {
        summary.textContent = labels.summary_none;
      } else if (state.layout === "fold") {
        var layout = foldLayout(FORMATS[state.format]);
        var pages = Math.ceil(n / (layout.across * layout.down));
        summary.textContent = fill(labels.summary_fold, { pages: pages });
      } else if (state.layout === "sheets") {
        var fmt = FORMATS[state.format];
        var sheetCount = Math.ceil(n / (fmt.columns * fmt.rows));
        summary.textContent = fill(labels.summary_sheets,
                                   { pages: 2 * sheetCount, sheets: sheetCount });
      } else {
        var size = form.querySelector('label[for="oc-builder-format-' + state.format + '"]');
        summary.textContent = fill(labels.summary_cards,
                                   { pages: 2 * n, size: size.textContent });
      }
    }

    function update() {
      order.forEach(function (id) {
        cards[id].checkbox.checked = state.cards.indexOf(id) !== -1;
      });
      form.querySelector('input[name="format"][value="' + state.format + '"]').checked = true;
      form.querySelector('input[name="layout"][value="' + state.layout + '"]').checked = true;
      renderChosen();
      renderSummary();
      arrange();
    }

    function change() {
      update();
      remember();
    }

    // -- what the reader does ---------------------------------------------------------------
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    selects.forEach(function (select) { select.addEventListener("change", applyFilters); });
    search.addEventListener("input", applyFilters);
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.type === "checkbox" && cards[target.value]) {
        var at = state.cards.indexOf(target.value);
        if (target.checked && at === -1) state.cards.push(target.value);
        if (!target.checked && at !== -1) state.cards.splice(at, 1);
        change();
      } else if (target.type === "radio" && target.checked) {
        state[target.name] = target.value;
        change();
      }
    });
    form.querySelector("[data-oc-select-shown]").addEventListener("click", function () {
      order.forEach(function (id) {
        if (!cards[id].item.hidden && cards[id].article && state.cards.indexOf(id) === -1) {
          state.cards.push(id);
        }
      });
      change();
    });
    form.querySelector("[data-oc-clear]").addEventListener("click", function () {
      state.cards = [];
      change();
    });
    chosenList.addEventListener("click", function (event) {
      var target = event.target.closest("button[data-oc-action]");
      if (!target) return;
      var id = target.getAttribute("data-oc-id");
      var action = target.getAttribute("data-oc-action");
      var at = state.cards.indexOf(id);
      if (action === "remove") {
        state.cards.splice(at, 1);
      } else {
        var to = action === "up" ? at - 1 : at + 1;
        if (to < 0 || to >= state.cards.length) return;
        state.cards.splice(at, 1);
        state.cards.splice(to, 0, id);
      }
      change();
      // Keep the keyboard where it was: on the moved card's button, or after a removal on the
      // card that took its place (or the heading when none is left).
      var focusId = action === "remove" ? state.cards[Math.min(at, state.cards.length - 1)] : id;
      var next = null;
      if (focusId) {
        var buttons = Array.prototype.slice.call(chosenList.querySelectorAll(
          'button[data-oc-id="' + CSS.escape(focusId) + '"]'));
        next = buttons.filter(function (b) {
          return b.getAttribute("data-oc-action") === action && !b.disabled;
        })[0] || buttons.filter(function (b) { return !b.disabled; })[0];
      }
      if (!next) {
        next = document.getElementById("oc-builder-chosen");
        next.setAttribute("tabindex", "-1");
      }
      next.focus();
    });
    printButton.addEventListener("click", function () { window.print(); });

    Array.prototype.forEach.call(document.querySelectorAll(".oc-builder-nojs"), function (note) {
      note.hidden = true;
    });
    form.hidden = false;
    applyFilters();
    update();
    // The address is rewritten only after a change: a link with a mistake keeps it until then.
    languageLinks.forEach(function (entry) { entry.link.href = entry.base + query(); });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-oc-builder]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
