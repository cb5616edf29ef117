"""Landing files: identity (path, entity, sha256) and turning any accepted encoding into UTF-8.

Files are UTF-8 (BOM accepted) or Windows-1252 (docs/design.md section 3). DuckDB reads
UTF-8 only, so a file whose bytes are not valid UTF-8 is transcoded cp1252 -> UTF-8, in
chunks, to a temp file that the reader then opens. No row-level Python: chunks of bytes only.

A file that is UTF-8 but for a few invalid bytes (genuinely mixed encodings: it holds valid
multi-byte UTF-8 too) is not transcoded: read as cp1252, its `Müller` would become `MÃ¼ller`.
It is read as UTF-8, and the reader quarantines the rows holding invalid bytes, naming the
line. The same pass notes what decides the row checks' cost: NUL bytes, control characters,
carriage returns and quotes (the generic reader checks only what a file can hold).
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
class FileScan:
    sha256: str
    is_utf8: bool
    is_empty: bool
    is_binary: bool  # NUL bytes in the header line or in more than 1 % of the bytes
    is_utf16: bool  # spreadsheets' "Unicode text": NUL bytes, but not binary junk
    # Not UTF-8, yet it holds valid multi-byte UTF-8: read as UTF-8, bad rows quarantined.
    is_mixed_utf8: bool = False
    has_nul: bool = False  # a NUL byte somewhere (its rows are quarantined)
    # C0 control bytes other than CR and LF, or DEL: only inside fields, never CSV syntax.
    has_control: bool = False
    has_cr: bool = False
    has_quote: bool = False


@dataclass(frozen=True)
class LandingFile:
    """One file found by a source system's discovery, in load order."""

    path: Path  # absolute
    rel_path: str  # relative to the landing dir, '/'-separated: the lineage name
    source_system: str  # "generic", "connectwise", ...
    entity: str  # "clients", "tickets", ...; "" when the name matches no entity
    # Set by the runner before `stage`: what the bytes hold (a source may skip checks by it).
    scan: FileScan | None = None


# A file is binary (not a text export with a damaged row) past this share of NUL bytes.
BINARY_NUL_SHARE = 0.01
_CONTROL = frozenset(range(0x20)) - {0x0A, 0x0D} | {0x7F}
_CONTROL_TABLE = bytes(0 if b in _CONTROL else 1 for b in range(256))


# A build hashes each landing file twice in one process (its plan, then ingest): the second
# time comes from here while the file's size, times and inode are unchanged.
_SCANS: dict[tuple, FileScan] = {}


def scan(path: Path) -> FileScan:
    """One pass over the bytes: sha256, encoding, NUL and control bytes, emptiness."""
    stat = os.stat(path)
    identity = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if identity not in _SCANS:
        if len(_SCANS) > 10_000:
            _SCANS.clear()
        _SCANS[identity] = _scan(path)
    return _SCANS[identity]


def _scan(path: Path) -> FileScan:
    digest = hashlib.sha256()
    strict = codecs.getincrementaldecoder("utf-8")()
    lenient = None  # after the first invalid byte: each invalid byte becomes one character
    is_utf8, size, nul = True, 0, 0
    # Characters decoded versus bytes consumed: fewer characters once a valid multi-byte
    # sequence was seen (bytes still buffered mid-sequence do not count yet).
    multi_byte_seen = False
    has_control = has_cr = has_quote = header_nul = False
    with open(path, "rb") as f:
        is_utf16 = f.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
        f.seek(0)
        while chunk := f.read(CHUNK_BYTES):
            if size == 0:
                end = chunk.find(b"\n")
                header_nul = b"\x00" in (chunk if end < 0 else chunk[:end])
            digest.update(chunk)
            size += len(chunk)
            nul += chunk.count(b"\x00")
            has_control = has_control or b"\x00" in chunk.translate(_CONTROL_TABLE)
            has_cr = has_cr or b"\r" in chunk
            has_quote = has_quote or b'"' in chunk
            if is_utf8:
                pending = strict.getstate()
                try:
                    multi_byte_seen |= _fewer_characters(strict, pending, chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
                    lenient = codecs.getincrementaldecoder("utf-8")("surrogateescape")
                    lenient.setstate(pending)
            if lenient is not None and not multi_byte_seen:
                multi_byte_seen = _fewer_characters(lenient, lenient.getstate(), chunk)
    if is_utf8:
        try:
            strict.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    is_binary = header_nul or nul > BINARY_NUL_SHARE * size
    return FileScan(
        digest.hexdigest(), is_utf8, size == 0, is_binary, is_utf16,
        is_mixed_utf8=not is_utf8 and multi_byte_seen,
        has_nul=nul > 0, has_control=has_control, has_cr=has_cr, has_quote=has_quote,
    )  # fmt: skip


def _fewer_characters(decoder: codecs.IncrementalDecoder, before: tuple, chunk: bytes) -> bool:
    """Decode `chunk`; True when it gave fewer characters than bytes (a multi-byte sequence)."""
    consumed = len(before[0]) + len(chunk)
    characters = len(decoder.decode(chunk))
    return characters < consumed - len(decoder.getstate()[0])


@contextmanager
def utf8_text(path: Path, file_scan: FileScan) -> Iterator[Path]:
    """Yield a path holding the file as UTF-8: the file itself, or a cp1252 transcoding.

    A mixed file is yielded as it is: the reader quarantines its rows that are not UTF-8."""
    if file_scan.is_utf8 or file_scan.is_mixed_utf8:
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
