/*! iframe-worker 1.0.4 (shim), the worker's scope | MIT License | (c) Martin Donath
 * | https://github.com/squidfunk/iframe-worker
 *
 * Loaded first in the hidden iframe that iframe-worker-1.0.4-csp.js makes for a worker: what
 * the original shim wrote there as an inline script. The worker's code, loaded after it, sees
 * a worker's postMessage and importScripts. */
"use strict";
// Material's search worker finds its own address as the frame's first script[src]: not this.
document.currentScript.remove();
self.postMessage = function (message, origin) {
  parent.postMessage(message, origin || "*");
};
self.importScripts = function (...urls) {
  return urls.reduce(
    (loaded, url) =>
      loaded.then(
        () =>
          new Promise((resolve) => {
            const script = document.createElement("script");
            script.src = url;
            script.onload = resolve;
            document.body.appendChild(script);
          }),
      ),
    Promise.resolve(),
  );
};
addEventListener("error", ({ error }) => {
  parent.dispatchEvent(
    new ErrorEvent("error", { filename: frameElement.dataset.workerUrl, error }),
  );
});
