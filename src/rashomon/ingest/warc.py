"""WARC and WARC.gz web archives: HTML responses become documents.

Only ``response`` records of an HTTP 200 with an HTML content type are read (and
go through the HTML path, with the record's target URI as the address). Requests,
metadata, redirects, images and the like are skipped and counted in
``IngestStats.skipped_records``.

warcio itself does not notice a truncated archive: a cut-off record comes back
short, and a cut-off header or gzip member ends the iteration quietly. So every
record is read to its end and its remaining byte budget checked, and after the
last record the bytes read are compared with where that record ended. Documents
from complete records before the break are kept, and one
``Rejected(reason="truncated_warc")`` names the file and the record.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]

from rashomon.ingest.common import reject, size_text
from rashomon.ingest.files import IngestStats
from rashomon.ingest.html import html_document
from rashomon.model import RawDocument, Rejected

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BROKEN = (EOFError, zlib.error, ArchiveLoadFailed, ValueError)
#: Blank lines (CRLF CRLF) that may trail an uncompressed record, outside its length.
_SEPARATOR_SLACK = 4


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _is_html_200(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.split(";")[0].strip() in _HTML_TYPES


def read_warc(
    stream: IO[bytes],
    name: str,
    *,
    max_bytes: int,
    stats: IngestStats | None = None,
) -> Iterator[RawDocument | Rejected]:
    """Read the HTML responses of a WARC (plain or gzip) from a binary stream.

    Args:
        stream: the open archive, at its start.
        name: the path (or ``<stdin>``), for origins ``name#record-N`` (N counts
            every record from 1, so it locates the record in the file).
        max_bytes: the largest record payload read; larger ones are ``too_large``.
        stats: if given, non-HTML records are counted in ``skipped_records``.

    Yields:
        A ``RawDocument`` (kind ``warc``) or ``Rejected`` per HTML response, and a
        final ``Rejected("truncated_warc")`` if the archive breaks off, or
        ``Rejected("bad_warc")`` if it is not a WARC at all.
    """
    counted = _Counted(stream)
    archive = ArchiveIterator(counted, no_record_parse=False, ensure_http_headers=False)
    records = iter(archive)
    number = 0  # records started; a break while parsing a header is in record number + 1
    end = 0  # where the last complete record ends, in file bytes
    slack = _SEPARATOR_SLACK  # none once the archive turns out to be gzip
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as err:  # noqa: BLE001 - see _next_failed
            yield _next_failed(name, number, err)
            return
        number += 1
        try:
            item = _record_item(record, f"{name}#record-{number}", max_bytes)
        except _ShortRecord as short:
            yield _truncated(name, number, str(short))
            return
        if item is None:
            stats_skip(stats)
        else:
            yield item
        archive.read_to_end()
        end = archive.get_record_offset() + archive.get_record_length()
        decompressor = getattr(archive.reader, "decompressor", None)
        if decompressor is not None:
            slack = 0  # gzip members include their separators
        if decompressor is not None and not getattr(decompressor, "eof", True):
            # The record's gzip member lost its end (checksum, size): its content
            # came through whole and is kept, but the file was cut here.
            yield _truncated(name, number, "its gzip member has no end (checksum and size missing)")
            return
    # warcio ends quietly when a record's header (or a gzip member) is cut off:
    # bytes left after the last complete record, beyond the blank lines that
    # separate uncompressed records, are that cut-off record.
    left = counted.drain() - end
    if archive.next_line or left > slack:
        yield _truncated(
            name, number + 1, f"{left} bytes after record {number} are not a complete record"
        )
    elif number == 0:
        yield reject(name, "empty", "a WARC archive with no records")


class _Counted:
    """A read-only stream that counts the bytes read, so ``tell`` works on pipes too.

    warcio computes record offsets from ``tell()``; counting instead of seeking
    makes them right for standard input, and gives the archive's total size.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.count += len(data)
        return data

    def tell(self) -> int:
        return self.count

    def drain(self) -> int:
        """Read to the end; the total number of bytes in the stream."""
        while self.read(1 << 20):
            pass
        return self.count


def _next_failed(name: str, number: int, err: Exception) -> Rejected:
    """The record after ``number`` could not be parsed.

    warcio reports a header cut in the middle with whatever the half-parsed
    header trips over (``AttributeError`` on a missing URI, ``ValueError``,
    ``ArchiveLoadFailed``, ``EOFError`` from gzip), so any exception here is a
    broken archive, not a bug of ours: our own code runs outside this ``try``.
    """
    why = f"{type(err).__name__}: {err}"
    if number == 0:
        return reject(name, "bad_warc", f"not a readable WARC archive ({why})")
    return _truncated(name, number + 1, f"the archive breaks off ({why})")


def _drain(record: Any) -> None:
    """Read a skipped record to its end in 1 MB blocks, checking it is complete."""
    try:
        while record.raw_stream.read(1 << 20):
            pass
    except _BROKEN as err:
        raise _ShortRecord(f"it breaks off ({type(err).__name__})") from err
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise _ShortRecord(f"it ends {record.raw_stream.limit} bytes before its Content-Length")


class _ShortRecord(Exception):
    """A record's bytes end before its ``Content-Length``."""


def _record_item(record: Any, origin: str, max_bytes: int) -> RawDocument | Rejected | None:
    """One record's document or rejection; ``None`` to skip it.

    Raises:
        _ShortRecord: the archive was cut inside this record.
    """
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not record.rec_type or not declared.isdigit():
        # warcio hands back a header cut in the middle as a record with no type
        # or an empty Content-Length; a real WARC record always has both.
        raise _ShortRecord("its header is cut off")
    if not _is_html_200(record):
        _drain(record)  # warcio would skip it anyway; reading it ourselves sees a cut
        return None
    length = int(declared)
    if length > max_bytes:
        return reject(
            origin,
            "too_large",
            f"record of {size_text(length)} exceeds the limit of {size_text(max_bytes)}",
        )
    try:
        payload = record.content_stream().read()
        record.raw_stream.read()  # drain what the content decoder left unread
    except _BROKEN as err:
        raise _ShortRecord(f"its payload breaks off ({type(err).__name__})") from err
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise _ShortRecord(f"it ends {record.raw_stream.limit} bytes before its Content-Length")
    content_type = record.http_headers.get_header("Content-Type") or ""
    return html_document(
        origin,
        payload,
        kind="warc",
        url=record.rec_headers.get_header("WARC-Target-URI"),
        charset=_charset(content_type),
    )


def stats_skip(stats: IngestStats | None) -> None:
    """Count one skipped record, if the caller keeps a tally."""
    if stats is not None:
        stats.skipped_records += 1


def _truncated(name: str, number: int, why: str) -> Rejected:
    return reject(
        f"{name}#record-{number}",
        "truncated_warc",
        f"truncated WARC at record {number}: {why}; the records before it were kept",
    )
