"""Bytes to text: byte-order marks, UTF-8, a guessed legacy encoding, a clear no for binaries."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from annotator.errors import IngestError

# Checked longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document (save it as text or HTML first)"),
    (b"PK\x03\x04", "a ZIP archive or office document (save it as text first)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (save it as text first)"),
)

# Legacy encodings worth trying when the bytes are not UTF-8, most common first.
_LEGACY = [
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "koi8_r",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
]


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    legacy: bool  # True when the encoding was guessed, not declared or UTF-8


def decode_bytes(data: bytes, path: str = "") -> Decoded:
    """Decode a file's bytes; raise IngestError for binaries and undecodable input."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(encoding), encoding + " (BOM)", False)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start + len(bom)})",
                    path=path,
                ) from None
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise IngestError(f"is {kind}, not text", path=path)
    if b"\x00" in data[:8192]:
        raise IngestError("looks like a binary file (it contains NUL bytes), not text", path=path)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return repaired
    legacy = guess_legacy_encoding(data)
    if legacy is None:
        raise IngestError("is not UTF-8, and no other text encoding fits it", path=path)
    return Decoded(data.decode(legacy), legacy, True)


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few broken bytes (a truncated copy, one stray byte): keep it as UTF-8.

    Reading it as a legacy encoding would garble every correct accented letter instead.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if good == 0 or bad > max(3, good // 20):
        return None
    return Decoded(text, f"utf-8 ({bad} invalid byte(s) replaced with U+FFFD)", True)


def guess_legacy_encoding(data: bytes) -> str | None:
    """The most plausible legacy encoding, preferring Windows-1252 among equally good ones."""
    from charset_normalizer import from_bytes  # imported here: only needed for legacy files

    results = list(from_bytes(data[:200_000], cp_isolation=_LEGACY))
    if not results:
        return None
    least_chaos = min(r.chaos for r in results)
    most_coherent = max(r.coherence for r in results)
    close = [
        r for r in results if r.chaos <= least_chaos + 0.01 and r.coherence >= most_coherent - 0.05
    ]
    # Charset detection cannot tell Western from Central European text on a few accented
    # letters; Windows-1252 is far more common in news archives.
    if any("cp1252" in r.could_be_from_charset for r in close):
        encoding = "cp1252"
    else:
        encoding = (close or results)[0].encoding
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding
