/* The presentation mode (/presenteren/): one card at a time, large, for a projector or a
 * shared screen. The page holds every card's front and back (made by the build); this script
 * shows the cards of the selection the address names, and keeps the position in the address
 * so it can be shared:
 *   ?theme=<key> | ?set=<id> | ?format=<id> | ?cards=<id>,<id>   the selection (none: the deck)
 *   &card=<id>&side=front|back                                    the card shown, and its side
 *   &timer=1                                                      a format's steps, timed
 * Keys: → / PageDown next card, ← / PageUp previous, space turns, Home / End the first / last
 * card, R draws a card (each card of the selection once per round, kept in this tab's
 * sessionStorage), Esc leaves (to the page the reader came from, else the card's page).
 * Touch: swipe left or right to move, tap to turn. Does nothing on other pages. */
(function () {
  "use strict";

  var ROUND = "outreach-cards:present:";
  var SIDES = ["front", "back"];
  var SELECTIONS = ["theme", "set", "format", "cards"];
  var SWIPE = 50;  // px a touch must travel sideways to move instead of turning

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }

  // This tab's storage (deck.js), or null (storage off, a file:// page that refuses it): then
  // the draws are not kept.
  function tabStorage() {
    return window.outreachCards.storage("sessionStorage");
  }

  function clock(seconds) {
    var whole = Math.max(0, Math.ceil(seconds));
    var rest = whole % 60;
    return Math.floor(whole / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function setUp(root) {
    var labels = JSON.parse(root.getAttribute("data-oc-labels"));
    var data = JSON.parse(root.querySelector("script[data-oc-selections]").textContent);
    var stage = root.querySelector("[data-oc-stage]");
    var status = root.querySelector("[data-oc-status]");
    var problem = root.querySelector("[data-oc-problem]");
    var leave = root.querySelector("[data-oc-leave]");
    var slides = {};
    Array.prototype.forEach.call(root.querySelectorAll("article[data-oc-card]"), function (slide) {
      slides[slide.getAttribute("data-oc-card")] = slide;
    });

    // -- the selection, read from the address ---------------------------------------------
    var params = new URLSearchParams(window.location.search);
    var selection = null;  // {key, value, cards}
    var problems = [];
    var format = null;
    SELECTIONS.some(function (key) {
      var value = params.get(key);
      if (value === null) return false;
      if (key === "cards") {
        var known = [], unknown = [];
        value.split(",").forEach(function (raw) {
          var id = raw.trim();
          if (!id || known.indexOf(id) !== -1 || unknown.indexOf(id) !== -1) return;
          (slides[id] ? known : unknown).push(id);
        });
        if (unknown.length) problems.push(fill(labels.unknown_cards, { ids: unknown.join(", ") }));
        if (known.length) selection = { key: key, value: known.join(","), cards: known };
      } else if (data[key] && Object.prototype.hasOwnProperty.call(data[key], value)) {
        var entry = data[key][value];
        if (key === "format") format = { id: value, minutes: entry.minutes };
        selection = { key: key, value: value, cards: key === "format" ? entry.cards : entry };
      }
      if (!selection) problems.push(fill(labels.unknown, { value: key + "=" + value }));
      return true;
    });
    var order = selection ? selection.cards : data.deck;
    var position = Math.max(0, order.indexOf(params.get("card")));
    var side = SIDES.indexOf(params.get("side")) !== -1 ? params.get("side") : "front";
    var timed = format !== null && params.get("timer") === "1";

    if (problems.length) {
      problem.textContent = problems.join(" ");
      problem.hidden = false;
    }

    function query() {
      var parts = [];
      // Card ids are plain slugs: the commas stay readable in a shared address.
      if (selection) parts.push(selection.key + "=" + encodeURIComponent(selection.value)
                                                       .replace(/%2C/g, ","));
      parts.push("card=" + encodeURIComponent(order[position]), "side=" + side);
      if (timed) parts.push("timer=1");
      return "?" + parts.join("&");
    }

    function remember() {
      try {
        window.history.replaceState(null, "", window.location.pathname + query());
      } catch (error) {
        // Some browsers refuse history changes on file:// pages (the offline edition): the
        // presentation works on, only the address does not follow.
      }
    }

    // -- showing a card -----------------------------------------------------------------------
    var shown = null;

    function show(turning) {
      var id = order[position];
      if (shown && shown !== slides[id]) shown.hidden = true;
      shown = slides[id];
      shown.hidden = false;
      SIDES.forEach(function (name) {
        var part = shown.querySelector('[data-oc-side="' + name + '"]');
        part.hidden = name !== side;
        part.classList.toggle("oc-turning", turning === true && name === side);
      });
      status.textContent = fill(labels.status, {
        n: position + 1, total: order.length, side: labels[side]
      });
      remember();
    }

    function move(to) {
      var next = Math.min(order.length - 1, Math.max(0, to));
      if (next === position && side === "front") return;
      position = next;
      side = "front";
      show(false);
    }

    function turn() {
      side = side === "front" ? "back" : "front";
      show(true);
    }

    // -- drawing a card: each card of the selection once per round --------------------------
    var store = tabStorage();
    var roundKey = ROUND + (selection ? selection.key + "=" + selection.value : "deck");

    function draw() {
      var drawn = [];
      try {
        drawn = JSON.parse(store && store.getItem(roundKey)) || [];
      } catch (error) {
        drawn = [];
      }
      if (!Array.isArray(drawn)) drawn = [];
      var left = order.filter(function (id) { return drawn.indexOf(id) === -1; });
      if (!left.length) {
        // Every card was drawn: a new round, which does not start with the last card.
        var last = drawn[drawn.length - 1];
        drawn = [];
        left = order.filter(function (id) { return id !== last || order.length === 1; });
      }
      var chosen = left[Math.floor(Math.random() * left.length)];
      drawn.push(chosen);
      if (store) store.setItem(roundKey, JSON.stringify(drawn));
      position = order.indexOf(chosen);
      side = "front";
      show(false);
    }

    // -- leaving ----------------------------------------------------------------------------
    function leaveTarget() {
      var referrer = document.referrer;
      if (referrer) {
        try {
          var from = new URL(referrer);
          if (from.origin === window.location.origin && from.protocol !== "file:" &&
              from.pathname !== window.location.pathname) return referrer;
        } catch (error) { /* no usable referrer */ }
      }
      return shown.querySelector(".oc-slide-link a").href;
    }

    function goAway() {
      window.location.href = leaveTarget();
    }

    // -- the timer of a format's steps ------------------------------------------------------
    var timer = root.querySelector("[data-oc-timer]");
    var timerState = null;
    if (timed) {
      var stepTexts = Array.prototype.map.call(
        root.querySelectorAll('[data-oc-steps="' + CSS.escape(format.id) + '"] li'),
        function (item) { return item.textContent.trim(); });
      var stepLine = timer.querySelector("[data-oc-timer-step]");
      var clockLine = timer.querySelector("[data-oc-timer-clock]");
      var toggle = timer.querySelector("[data-oc-timer-toggle]");
      var nextStep = timer.querySelector("[data-oc-timer-next]");
      timerState = { step: 0, left: 0, running: false, since: 0, tick: null };

      var paint = function () {
        var left = timerState.left;
        if (timerState.running) left -= (Date.now() - timerState.since) / 1000;
        clockLine.textContent = clock(left);
        if (timerState.running && left <= 0) {
          stop();
          timerState.left = 0;
          stepLine.textContent = stepText() + " " + labels.done;
        }
      };
      var stepText = function () {
        var n = timerState.step;
        return fill(labels.step, {
          n: n + 1, total: format.minutes.length, minutes: format.minutes[n]
        }) + (stepTexts[n] ? " " + stepTexts[n] : "");
      };
      var stop = function () {
        if (timerState.running) {
          timerState.left -= (Date.now() - timerState.since) / 1000;
        }
        timerState.running = false;
        window.clearInterval(timerState.tick);
        toggle.textContent = labels.start;
      };
      var startStep = function (n) {
        stop();
        timerState.step = n;
        timerState.left = format.minutes[n] * 60;
        stepLine.textContent = stepText();
        nextStep.hidden = n + 1 >= format.minutes.length;
        paint();
      };
      toggle.addEventListener("click", function () {
        if (timerState.running) {
          stop();
          paint();
          return;
        }
        if (timerState.left <= 0) startStep(timerState.step);
        timerState.running = true;
        timerState.since = Date.now();
        toggle.textContent = labels.pause;
        timerState.tick = window.setInterval(paint, 250);
      });
      nextStep.addEventListener("click", function () {
        if (timerState.step + 1 < format.minutes.length) startStep(timerState.step + 1);
      });
      startStep(0);
      timer.hidden = false;
    }

    // -- what the presenter does --------------------------------------------------------------
    var actions = {
      previous: function () { move(position - 1); },
      next: function () { move(position + 1); },
      turn: turn,
      draw: draw,
      fullscreen: function () {
        if (document.fullscreenElement) document.exitFullscreen();
        else root.requestFullscreen();
      }
    };
    Array.prototype.forEach.call(root.querySelectorAll("button[data-oc-action]"), function (button) {
      button.addEventListener("click", actions[button.getAttribute("data-oc-action")]);
    });
    var fullscreen = root.querySelector('[data-oc-action="fullscreen"]');
    fullscreen.hidden = !document.fullscreenEnabled;
    leave.addEventListener("click", function (event) {
      event.preventDefault();
      goAway();
    });

    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      var target = event.target;
      var inControl = target.closest && target.closest("button, a, input, select, textarea, summary");
      var key = event.key;
      var handled = true;
      if (key === "ArrowRight" || key === "PageDown") actions.next();
      else if (key === "ArrowLeft" || key === "PageUp") actions.previous();
      else if (key === "Home") move(0);
      else if (key === "End") move(order.length - 1);
      else if (key === " " && !inControl) turn();
      else if (key === "r" || key === "R") draw();
      else if (key === "Escape" && !document.fullscreenElement) goAway();
      else handled = false;
      if (handled) event.preventDefault();
    });

    // Swipe: left or right moves, a tap turns (touch and pen; a mouse has the buttons).
    var start = null;
    stage.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse") return;
      start = { x: event.clientX, y: event.clientY };
    });
    stage.addEventListener("pointercancel", function () { start = null; });
    stage.addEventListener("pointerup", function (event) {
      if (!start) return;
      var dx = event.clientX - start.x, dy = event.clientY - start.y;
      start = null;
      if (event.target.closest && event.target.closest("a, button, summary")) return;
      if (Math.abs(dx) >= SWIPE && Math.abs(dx) > Math.abs(dy)) {
        if (dx < 0) actions.next();
        else actions.previous();
      } else if (Math.abs(dx) < 10 && Math.abs(dy) < 10) {
        turn();
      }
    });

    Object.keys(slides).forEach(function (id) { slides[id].hidden = true; });
    root.querySelector("[data-oc-nojs]").hidden = true;
    root.querySelector("[data-oc-controls]").hidden = false;
    document.documentElement.classList.add("oc-presenting");
    show(false);
    stage.focus({ preventScroll: true });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-oc-present]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
