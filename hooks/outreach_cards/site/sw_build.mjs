// Generates the site's service worker with Workbox (npm workbox-build, generateSW).
// Called by outreach_cards.site.installable with one argument: a JSON file with
// {modules, site, ignores, offline: [[prefix, page], ...]}. Prints the result as JSON; a warning
// from Workbox (a file it would skip) is an error: that page would be missing offline.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const settings = JSON.parse(readFileSync(process.argv[2], "utf8"));
const require = createRequire(path.join(settings.modules, "noop.js"));
const { generateSW } = require("workbox-build");

// Navigations the precache does not hold (an unknown address, a PDF): the network; offline,
// the offline page of the reader's language (by path prefix), as a redirect so that its
// relative links work. (Built as source text: Workbox copies the function's text into sw.js.)
const offline = JSON.stringify(settings.offline);
const handler = new Function(
  "options",
  `var pages = ${offline};
  return fetch(options.request).catch(function () {
    var root = self.registration.scope, address = options.url.href, page = pages[pages.length - 1][1];
    for (var i = 0; i < pages.length; i++) {
      if (address.indexOf(root + pages[i][0]) === 0) { page = pages[i][1]; break; }
    }
    return Response.redirect(root + page, 302);
  });`,
);

const result = await generateSW({
  globDirectory: settings.site,
  swDest: path.join(settings.site, "sw.js"),
  globPatterns: [
    "**/*.{html,css,js,woff2,svg,png,webmanifest}",
    "**/search/search_index.json",
    "**/sitemap.xml",
  ],
  globIgnores: settings.ignores,
  // Workbox skips files over 2 MiB by default; at 1000 cards the presentation page (every card)
  // is 3 MB and a language's search index 7 MB, and a skipped file would be missing offline.
  maximumFileSizeToCacheInBytes: settings.largest,
  importScripts: ["assets/installable-sw.js"],
  // Material's assets carry their hash in their names; no revision needed for them.
  dontCacheBustURLsMatching: /\.[0-9a-f]{8}\.min\.(js|css)$/,
  // A static site: no query changes the file served (?h=… is Material's search highlight,
  // ?theme=… a filter, ?cards=… the deck builder's or the presentation mode's selection),
  // so every page is found in the precache whatever its query.
  ignoreURLParametersMatching: [/.*/],
  directoryIndex: "index.html",
  // A new version waits until no page of the old one is open: never a mix of two versions.
  skipWaiting: false,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  inlineWorkboxRuntime: true,
  sourcemap: false,
  mode: "production",
  runtimeCaching: [
    {
      urlPattern: ({ request }) => request.mode === "navigate",
      handler,
    },
  ],
});
process.stdout.write(
  JSON.stringify({ count: result.count, size: result.size, warnings: result.warnings }),
);
