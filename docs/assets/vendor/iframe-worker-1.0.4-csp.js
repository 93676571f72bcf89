/*! iframe-worker 1.0.4 (shim), changed for a Content-Security-Policy without 'unsafe-inline'
 * | MIT License | (c) Martin Donath | https://github.com/squidfunk/iframe-worker
 *
 * Material's offline plugin runs the search "worker" in a hidden iframe when the site is read
 * from file:// (where browsers allow no Web Worker). The original shim writes an inline script
 * into that iframe, which the page's policy (inherited by the iframe) blocks; here the iframe
 * loads the same code from a file beside this one (iframe-worker-1.0.4-csp-scope.js), which
 * the policy's 'self' allows. Otherwise unchanged. */
"use strict";
(() => {
  const scope = new URL("iframe-worker-1.0.4-csp-scope.js", document.currentScript.src).href;
  const attribute = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.url = url;
      this.m = (event) => {
        if (event.source === this.w) {
          this.dispatchEvent(new MessageEvent("message", { data: event.data }));
          if (this.onmessage) this.onmessage(event);
        }
      };
      this.e = (message, filename, lineno, colno, error) => {
        if (filename === `${this.url}`) {
          const event = new ErrorEvent("error", { message, filename, lineno, colno, error });
          this.dispatchEvent(event);
          if (this.onerror) this.onerror(event);
        }
      };
      const frame = document.createElement("iframe");
      frame.hidden = true;
      frame.dataset.workerUrl = `${url}`; // (read by the scope file, for its errors)
      document.body.appendChild((this.iframe = frame));
      this.w.document.open();
      this.w.document.write(
        `<html><body><script src="${attribute(scope)}"></script>` +
          `<script src="${attribute(`${url}`)}?${+Date.now()}"></script></body></html>`,
      );
      this.w.document.close();
      onmessage = this.m;
      onerror = this.e;
      this.r = new Promise((resolve, reject) => {
        this.w.onload = resolve;
        this.w.onerror = reject;
      });
    }

    terminate() {
      this.iframe.remove();
      onmessage = onerror = null;
    }

    postMessage(data) {
      this.r.catch().then(() => {
        this.w.dispatchEvent(new MessageEvent("message", structuredClone({ data })));
      });
    }

    get w() {
      return this.iframe.contentWindow;
    }
  }

  window.IFrameWorker = IFrameWorker;
  if (location.protocol === "file:") window.Worker = IFrameWorker;
})();
