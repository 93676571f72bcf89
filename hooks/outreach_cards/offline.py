"""The offline edition: the site built to open from files, packed as a zip for the site.

`mkdocs build` runs a second build with ``mkdocs-offline.yml`` (Material's offline plugin:
pages as ``x.html``, the search index inlined, a local Web Worker shim) and packs it. The zip is
deterministic: sorted entries, fixed timestamps and permissions, so an unchanged site gives the
same bytes. The zip and its one folder are named after the site (``Brand.slug``:
``outreachend-werken-offline.zip`` holding ``outreachend-werken/``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from . import faults
from .atomic import temporary_path
from .urls import OFFLINE_DIR

OFFLINE_CONFIG = "mkdocs-offline.yml"
_EPOCH = (2024, 1, 1, 0, 0, 0)


def zip_path(slug: str) -> str:
    """Where the zip lies in the site (under the site's root, shared by all languages)."""
    return f"{OFFLINE_DIR}/{slug}-offline.zip"


class OfflineError(RuntimeError):
    """The offline build failed; carries its output."""


def build_offline_edition(project: Path) -> Path:
    """Build the offline edition into the folder set in mkdocs-offline.yml; return that folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", OFFLINE_CONFIG],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise OfflineError(f"the offline edition did not build:\n{result.stderr.strip()}")
    return project / "build" / "offline"


def pack(folder: Path, target: Path, top_folder: str) -> int:
    """Zip ``folder`` (under one folder named ``top_folder``, with a start page) into
    ``target``; return its size. The zip is written to a temporary name beside ``target``
    (unique per process and thread, see ``atomic``) and renamed: a build killed while it packs
    leaves the site's zip as it was (and `mkdocs build` empties the site, the temporary file
    with it, before the next build)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_path(target)
    try:
        with zipfile.ZipFile(
            temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9
        ) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.endswith(".map"):
                    info = zipfile.ZipInfo(
                        f"{top_folder}/{path.relative_to(folder).as_posix()}", date_time=_EPOCH
                    )
                    info.external_attr = 0o644 << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, path.read_bytes())
        faults.at("offline-before-rename")
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target.stat().st_size
