"""Bytes to text: binary sniffing and encoding detection.

The order of attempts is the order of evidence strength:

1. a byte-order mark (UTF-8, UTF-32, UTF-16) is taken at its word;
2. strict UTF-8, which random legacy bytes almost never pass;
3. a declared charset (an HTML ``<meta charset>`` or an HTTP header), if it decodes;
4. BOM-less UTF-16, only when every other byte is NUL (an ASCII-heavy text);
5. charset_normalizer's best guess, except that a Latin-script single-byte guess
   becomes cp1252 when cp1252 decodes the bytes: charset_normalizer often calls
   English text with smart quotes "cp1250" (and ``ï`` becomes ``ď``), while cp1252
   is what Windows editors and most mislabelled web pages actually wrote;
6. cp1252, then latin-1, when the result looks like Western text (mostly ASCII, no
   C1 control characters).

Nothing plausible -> ``None`` (the caller rejects the input as ``undecodable``).
Decoding is strict, so re-encoding the text with the recorded encoding gives the
original bytes back (for ``utf-8-sig`` and ``utf-16``, with the BOM re-added).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

#: Magic numbers of binary formats that turn up in scraped folders.
_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"PK\x03\x04",  # zip, docx, xlsx, epub
    b"%PDF-",
    b"\x1f\x8b",  # gzip (a .warc.gz is recognised before this check)
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf",
    b"RIFF",
    b"\x00\x00\x01\x00",  # ico
    b"SQLite format 3\x00",
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: C0 controls that never occur in text (tab, newlines, form feed, escape do).
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
_BINARY_CONTROL_RATIO = 0.10
#: Share of non-ASCII characters above which a cp1252/latin-1 reading is not trusted.
_MAX_NON_ASCII_LEGACY = 0.30
#: Share of whitespace below which a single-byte reading is taken for noise.
_MIN_SPACE_SHARE = 0.01
#: charset_normalizer's own default ceiling on "mess".
_MAX_CHAOS = 0.2
#: charset_normalizer guesses that mean "some Latin-script single-byte code page".
_LATIN_FAMILY = frozenset(
    {
        "ascii",
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "cp850",
        "cp437",
        "latin_1",
        "iso8859_1",
        "iso8859_2",
        "iso8859_9",
        "iso8859_15",
        "iso8859_16",
        "mac_roman",
        "mac_latin2",
        "mac_iceland",
        "mac_turkish",
    }
)
_C1 = re.compile("[\u0080-\u009f]")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Decoded:
    """Text decoded from bytes, and the codec (Python's canonical name) that did it."""

    text: str
    encoding: str


def has_bom(data: bytes) -> bool:
    """Whether ``data`` starts with a Unicode byte-order mark."""
    return any(data.startswith(bom) for bom, _ in _BOMS)


def _looks_utf16(sample: bytes) -> str | None:
    """BOM-less UTF-16 of mostly-ASCII text has a NUL in every other byte."""
    if len(sample) < 4:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def looks_binary(sample: bytes) -> bool:
    """Whether the first bytes of an input say it is not text.

    Args:
        sample: the head of the input (a few KB is plenty).

    Returns:
        True for known binary signatures (PNG, zip, PDF, gzip...), for NUL bytes
        outside UTF-16/32 text, and for a high share of control bytes.
    """
    if not sample or has_bom(sample):
        return False
    if sample.startswith(_MAGIC):
        return True
    if b"\x00" in sample:
        return _looks_utf16(sample[:4096]) is None
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    return controls > _BINARY_CONTROL_RATIO * len(sample)


def declared_charset(html_head: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, if Python knows it."""
    match = _META_CHARSET.search(html_head)
    if match is None:
        return None
    return _codec_name(match.group(1).decode("ascii", "replace"))


def _codec_name(label: str) -> str | None:
    try:
        return codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _western_plausible(text: str) -> bool:
    """Mostly ASCII and free of C1 controls: what a cp1252/latin-1 text looks like."""
    if _C1.search(text):
        return False
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F)
    return non_ascii <= _MAX_NON_ASCII_LEGACY * max(len(text), 1)


def _spaced_if_alphabetic(text: str, data: bytes) -> bool:
    """A single-byte code page serves an alphabetic script, whose text has spaces.

    charset_normalizer will read space-less noise as, say, Kazakh (ptcp154); real
    prose in any single-byte code page has whitespace in well over 1% of its
    characters. Multi-byte (CJK) readings are exempt: those scripts need no spaces.
    """
    if len(text) != len(data):
        return True
    spaces = sum(1 for ch in text if ch.isspace())
    return spaces >= _MIN_SPACE_SHARE * len(text)


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded | None:
    """Decode ``data`` with the most plausible encoding (see the module docstring).

    Args:
        data: the whole input (one file, one JSONL line, one WARC payload).
        declared: a charset the container declared (HTML meta, HTTP header), tried
            after UTF-8; an unknown label is ignored.

    Returns:
        The text and the codec, or ``None`` when nothing gives plausible text.
        The BOM, if any, is not part of the text.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is None:
                return None
            return Decoded(text=text, encoding=codecs.lookup(codec).name)
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text=text, encoding="utf-8")
    if declared:
        label = _codec_name(declared)
        # A page that says "iso-8859-1" means cp1252 (WHATWG's rule for browsers too).
        if label in {"iso8859-1", "ascii"}:
            label = "cp1252"
        if label is not None and not label.startswith(("utf-16", "utf-32")):
            text = _strict(data, label)
            if text is not None and not _C1.search(text):
                return Decoded(text=text, encoding=label)
    utf16 = _looks_utf16(data[:4096])
    if utf16 is not None:
        text = _strict(data, utf16)
        if text is not None:
            return Decoded(text=text, encoding=utf16)
    return _guess_legacy(data)


def _guess_legacy(data: bytes) -> Decoded | None:
    """Steps 5 and 6: charset_normalizer, steered towards cp1252 for Latin text."""
    best = charset_normalizer.from_bytes(data).best()
    cp1252 = _strict(data, "cp1252")
    if best is not None and best.chaos <= _MAX_CHAOS:
        guess = best.encoding
        # Without a BOM a UTF-16/32 guess on 8-bit data is charset_normalizer's
        # last resort for short inputs, and it is always wrong here.
        if not guess.startswith(("utf_16", "utf_32")):
            if guess in _LATIN_FAMILY and cp1252 is not None and not _C1.search(cp1252):
                return Decoded(text=cp1252, encoding="cp1252")
            text = _strict(data, guess)
            if text is not None and _spaced_if_alphabetic(text, data):
                return Decoded(text=text, encoding=codecs.lookup(guess).name)
    if cp1252 is not None and _western_plausible(cp1252):
        return Decoded(text=cp1252, encoding="cp1252")
    latin1 = data.decode("latin-1")
    if _western_plausible(latin1):
        return Decoded(text=latin1, encoding="iso8859-1")
    return None
