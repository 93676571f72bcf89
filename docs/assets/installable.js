/* Registers the service worker (sw.js at the site root), which keeps the site readable offline
 * after one visit. Only over http(s): the page carries this script only in a real build (not
 * under `mkdocs serve`, not in the offline edition). When a new version of the site took over,
 * the first page of it says so, once (role=status). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var root = new URL("../", script.src).href;

  window.addEventListener("load", function () {
    navigator.serviceWorker.register(root + "sw.js", { scope: root }).catch(function () {});
  });

  function show() {
    var content = document.querySelector(".md-content__inner") || document.body;
    var notice = document.createElement("div");
    notice.className = "oc-installable-notice";
    notice.setAttribute("role", "status");
    content.insertBefore(notice, content.firstChild);
    var text = document.createElement("p");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "md-button";
    close.textContent = script.getAttribute("data-oc-close");
    close.addEventListener("click", function () { notice.remove(); });
    // (filled after the region is in the page, so screen readers announce it)
    window.setTimeout(function () {
      text.textContent = script.getAttribute("data-oc-updated");
      notice.appendChild(text);
      notice.appendChild(close);
    }, 100);
  }

  if (navigator.serviceWorker.controller && window.caches) {
    var key = root + "installable-updated";
    caches.open("outreach-installable").then(function (cache) {
      return cache.match(key).then(function (mark) {
        if (mark) return cache.delete(key).then(show);
      });
    }).catch(function () {});
  }
})();
