"""The site's files as MkDocs writes them, whole or not at all (temporary name, then rename).

MkDocs 1.6 writes every page, the search index and the sitemap with ``mkdocs.utils.write_file``
(``open(path, "wb")``), and copies the theme's and docs/'s other files with
``File.copy_file`` (``shutil.copyfile``, or ``open`` for a file with content set by a plugin),
straight into the target. A build killed half-way (or a web server reading the site folder
while `mkdocs build --dirty` or a deploy writes into it) then finds half-written files. There
is no setting for it, so ``install`` replaces those two functions with versions that write
through ``atomic`` (the same behaviour otherwise: parent folders made, a folder as target
allowed, unmodified files skipped when ``dirty``). MkDocs and the plugins call them as
``utils.write_file`` and ``file.copy_file``, which find the replacements; Material's offline
plugin writes its one inlined search index itself, into the offline edition's own build
folder, which the zip is made from (and the zip is renamed into the site whole).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil

from mkdocs import utils
from mkdocs.structure.files import File

from ..atomic import copy_atomic, write_atomic

log = logging.getLogger("mkdocs.structure.files")


def write_file(content: bytes, output_path: str) -> None:
    """``mkdocs.utils.write_file``, atomic."""
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    write_atomic(output_path, content)


def copy_file(source_path: str, output_path: str) -> None:
    """``mkdocs.utils.copy_file``, atomic."""
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    if os.path.isdir(output_path):
        output_path = os.path.join(output_path, os.path.basename(source_path))
    if os.path.exists(output_path) and os.path.samefile(source_path, output_path):
        raise shutil.SameFileError(f"{source_path!r} and {output_path!r} are the same file")
    copy_atomic(source_path, output_path)


def _copy_file(self: File, dirty: bool = False) -> None:
    """``File.copy_file`` of MkDocs 1.6, atomic."""
    if dirty and not self.is_modified():
        log.debug(f"Skip copying unmodified file: '{self.src_uri}'")
        return
    log.debug(f"Copying media file: '{self.src_uri}'")
    output_path = self.abs_dest_path
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    content = self._content
    if content is None:
        assert self.abs_src_path is not None
        with contextlib.suppress(shutil.SameFileError):  # plugins may write into site_dir
            copy_file(self.abs_src_path, output_path)
    else:
        write_atomic(output_path, content.encode("utf-8") if isinstance(content, str) else content)


def install() -> None:
    """Make MkDocs write the site's files atomically (for the whole process; idempotent)."""
    utils.write_file = write_file
    utils.copy_file = copy_file
    File.copy_file = _copy_file
