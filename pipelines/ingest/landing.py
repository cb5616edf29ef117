"""Landing files: identity (path, entity, sha256) and turning any accepted encoding into UTF-8.

DESIGN 3: files are UTF-8 (BOM accepted) or Windows-1252. DuckDB reads UTF-8 only, so a
file whose bytes are not valid UTF-8 is transcoded cp1252 -> UTF-8, in chunks, to a temp
file that the reader then opens. No row-level Python: chunks of bytes only.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHUNK_BYTES = 1 << 20


class FileRejected(Exception):  # noqa: N818 - reads as a verdict: raise FileRejected("...")
    """A landing file that cannot be read at all. The message names the problem (not the file)."""


@dataclass(frozen=True)
class LandingFile:
    """One file found by a source system's discovery, in load order."""

    path: Path  # absolute
    rel_path: str  # relative to the landing dir, '/'-separated: the lineage name
    source_system: str  # "generic", "connectwise", ...
    entity: str  # "clients", "tickets", ...; "" when the name matches no entity


@dataclass(frozen=True)
class FileScan:
    sha256: str
    is_utf8: bool
    is_empty: bool
    is_binary: bool
    is_utf16: bool  # spreadsheets' "Unicode text": NUL bytes, but not binary junk


def scan(path: Path) -> FileScan:
    """One pass over the bytes: sha256, UTF-8 validity, NUL bytes (binary), emptiness."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    is_utf8, is_binary, size = True, False, 0
    with open(path, "rb") as f:
        is_utf16 = f.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
        f.seek(0)
        while chunk := f.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
            is_binary = is_binary or b"\x00" in chunk
            if is_utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
    if is_utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    return FileScan(digest.hexdigest(), is_utf8, size == 0, is_binary, is_utf16)


@contextmanager
def utf8_text(path: Path, file_scan: FileScan) -> Iterator[Path]:
    """Yield a path holding the file as UTF-8: the file itself, or a cp1252 transcoding."""
    if file_scan.is_utf8:
        yield path
        return
    fd, tmp = tempfile.mkstemp(suffix=".csv", prefix="msp_cp1252_")
    try:
        # errors="replace": the 5 bytes cp1252 leaves undefined become U+FFFD, visibly.
        decoder = codecs.getincrementaldecoder("cp1252")(errors="replace")
        with open(path, "rb") as src, os.fdopen(fd, "w", encoding="utf-8", newline="") as dst:
            while chunk := src.read(CHUNK_BYTES):
                dst.write(decoder.decode(chunk))
            dst.write(decoder.decode(b"", final=True))
        yield Path(tmp)
    finally:
        os.unlink(tmp)
