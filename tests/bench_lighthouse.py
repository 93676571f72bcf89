"""Lighthouse benchmark of the built site (a script, not a test: scores are never asserted).

    .venv/bin/python -m tests.bench_lighthouse [--runs 3] [--pages home card] [--languages nl en]
        [--site FOLDER] [--output tests/benchmark-results.md]

(`make bench-lighthouse` installs what it needs and runs it with the defaults.) In one run:

- builds the site (`mkdocs build --strict`, with `SITE_URL` set to the address it is served at)
  into a temporary folder, unless `--site` gives a built one;
- serves it with nginx on a free loopback port, with the configuration of the README's
  "Publishing" section (gzip for HTML, CSS, JS, JSON and SVG; `expires 7d` on `/assets/`), from
  a temporary prefix;
- runs Lighthouse (npm, in `.venv/node/`; `OUTREACH_CARDS_NODE_MODULES` names another
  `node_modules`) with its default settings, a mobile phone with simulated throttling, in
  Debian's Chromium, `--runs` times over every page of `FAST_PAGES` (tests/helpers.py) in every
  language;
- writes the median of each measure per page (performance, accessibility, best practices, SEO,
  cumulative layout shift, largest contentful paint, total blocking time) as a Markdown table
  under its own heading into `--output` (the section is replaced on a rerun; the rest of the
  file is kept) and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from .helpers import CHROMIUM, FAST_PAGES, LANGUAGE_ROOT, MKDOCS, REPO, fetch, free_port

HEADING = "## Lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The audits whose numbers go into the table besides the four scores.
AUDITS = {
    "CLS": "cumulative-layout-shift",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
}
LIGHTHOUSE_VERSION = "12.8.2"

# The README's "Publishing" configuration, in a prefix of its own on a loopback port.
NGINX_CONF = """\
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 64; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        error_page 404 /404.html;
        gzip on;
        gzip_types text/css application/javascript application/json image/svg+xml;
        location /assets/ {{ expires 7d; }}
    }}
}}
"""


def node_modules() -> Path:
    """Where `make` installs the npm packages (as hooks/installable.py finds them)."""
    folder = os.environ.get("OUTREACH_CARDS_NODE_MODULES")
    return Path(folder) if folder else Path(sys.prefix) / "node" / "node_modules"


def lighthouse_cli() -> Path:
    cli = node_modules() / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        raise SystemExit(
            f"Lighthouse is missing ({cli}): `make bench-lighthouse` installs it "
            f"(npm lighthouse@{LIGHTHOUSE_VERSION} into .venv/node)"
        )
    return cli


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise SystemExit("nginx is missing: `make bench-lighthouse` installs it (Debian's nginx)")
    return found


@contextmanager
def nginx(root: Path, port: int):
    """nginx serving ``root`` at http://127.0.0.1:<port>/ until the block ends."""
    with tempfile.TemporaryDirectory(prefix="oc-nginx-") as prefix:
        conf = Path(prefix) / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                prefix=prefix, port=port, root=root, mime_types="/etc/nginx/mime.types"
            ),
            encoding="utf-8",
        )
        # (as root, nginx's worker runs as "nobody": the prefix and the site must be readable)
        os.chmod(prefix, 0o755)
        process = subprocess.Popen(
            [nginx_binary(), "-p", prefix, "-c", str(conf), "-g", "daemon off;"],
            stderr=subprocess.PIPE,
            text=True,
        )
        base = f"http://127.0.0.1:{port}/"
        try:
            for _ in range(100):
                if fetch(base, timeout=1) is not None:
                    break
                if process.poll() is not None:
                    raise SystemExit(f"nginx did not start:\n{process.stderr.read()}")
                time.sleep(0.1)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


def build_site(target: Path, site_url: str) -> None:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "hooks"), env.get("PYTHONPATH")]))
    subprocess.run(
        [*MKDOCS, "build", "--strict", "--quiet", "-d", str(target)], cwd=REPO, env=env, check=True
    )


def run_lighthouse(url: str, report: Path) -> dict[str, float]:
    """One Lighthouse run (mobile, default throttling) of ``url``: the scores (0–100) and the
    audits' numbers."""
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync"
    command = [
        "node",
        str(lighthouse_cli()),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={flags}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    subprocess.run(command, env=env, check=True, timeout=300)
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise SystemExit(f"Lighthouse failed on {url}: {data['runtimeError']}")
    values = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    for name, audit in AUDITS.items():
        values[name] = data["audits"][audit]["numericValue"]
    return values


def median_row(runs: list[dict[str, float]]) -> dict[str, float]:
    """Each measure's median over the runs (measure by measure)."""
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def table(rows: list[tuple[str, str, dict[str, float]]]) -> str:
    lines = [
        "| page | language | performance | accessibility | best practices | SEO "
        "| CLS | LCP | TBT |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for page, language, row in rows:
        lines.append(
            f"| {page} | {language} | {row['performance']:.0f} | {row['accessibility']:.0f} | "
            f"{row['best-practices']:.0f} | {row['seo']:.0f} | {row['CLS']:.3f} | "
            f"{row['LCP'] / 1000:.2f} s | {row['TBT']:.0f} ms |"
        )
    return "\n".join(lines)


def replace_section(text: str, section: str) -> str:
    """``text`` with its ``HEADING`` section (up to the next heading of that level) replaced by
    ``section``, or with ``section`` added at the end."""
    lines = text.splitlines()
    try:
        start = lines.index(HEADING)
    except ValueError:
        return text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    kept_after = "\n".join(lines[end:])
    head = "\n".join(lines[:start]).rstrip("\n")
    return (
        (head + "\n\n" if head else "")
        + section.rstrip("\n")
        + "\n"
        + ("\n" + kept_after + "\n" if kept_after else "")
    )


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--pages", nargs="*", default=list(FAST_PAGES), help="names in FAST_PAGES")
    parser.add_argument("--languages", nargs="*", default=list(LANGUAGE_ROOT))
    parser.add_argument("--site", type=Path, help="a site already built (with SITE_URL unset)")
    parser.add_argument("--port", type=int, help="the loopback port (default: a free one)")
    parser.add_argument("--output", type=Path, help="write the table into this Markdown file")
    parser.add_argument("--keep", type=Path, help="keep each run's JSON report in this folder")
    args = parser.parse_args(argv)
    unknown = [name for name in args.pages if name not in FAST_PAGES]
    if unknown:
        parser.error(f"unknown pages {unknown}; expected some of {list(FAST_PAGES)}")
    lighthouse_cli()
    load_at_start = os.getloadavg()[0]
    port = args.port or free_port()
    with tempfile.TemporaryDirectory(prefix="oc-lighthouse-") as work:
        site = args.site
        if site is None:
            site = Path(work) / "site"
            print(f"Building the site for http://127.0.0.1:{port}/ ...", flush=True)
            build_site(site, f"http://127.0.0.1:{port}/")
        os.chmod(work, 0o755)
        rows = []
        with nginx(site.resolve(), port) as base:
            for language in args.languages:
                for name in args.pages:
                    url = base + LANGUAGE_ROOT[language] + FAST_PAGES[name]
                    reports = args.keep or Path(work)
                    reports.mkdir(parents=True, exist_ok=True)
                    slug = f"{language}-{name.replace(' ', '-').replace(',', '')}"
                    runs = [
                        run_lighthouse(url, reports / f"{slug}-{index}.json")
                        for index in range(args.runs)
                    ]
                    rows.append((name, language, median_row(runs)))
                    print(f"{name} ({language}): {rows[-1][2]}", flush=True)
    load = os.getloadavg()
    section = (
        f"{HEADING}\n\n"
        f"Lighthouse {LIGHTHOUSE_VERSION}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, on "
        f"{platform.machine()} with {os.cpu_count()} cores (shared; load average "
        f"{load_at_start:.1f} at the start, {load[0]:.1f} at the end): mobile with "
        f"Lighthouse's default simulated throttling, "
        f"Debian's Chromium, the site served by nginx with the README's gzip configuration. "
        f"Each value is the median of {args.runs} runs, measure by measure. Made by "
        f"`make bench-lighthouse` (`.venv/bin/python -m tests.bench_lighthouse`).\n\n"
        f"{table(rows)}\n"
    )
    print(section)
    if args.output:
        old = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        args.output.write_text(replace_section(old, section), encoding="utf-8")
    return section


if __name__ == "__main__":
    main()
