"""Read feed dumps into :class:`FeedRecord` / :class:`ReadError` items, losing none.

Every input record yields exactly one item, in input order, and the run never
stops on a bad record. Formats are recognised by extension, else by content;
any of them may be gzip-compressed (recognised by its magic bytes):

- JSON Lines (``.jsonl``, ``.ndjson``, ``.json``): one object per line, read
  line by line (never the whole file). Lines holding only spaces, tabs or
  carriage returns are not records and are skipped silently; positions are
  1-based physical line numbers, blank lines included.
- One JSON array (a ``.json`` file whose content starts with ``[``): read
  whole, up to ``max_bytes``; one record per element, positions are 1-based
  element numbers (an element that is not an object is an error record).
- RSS 2.0, RSS 1.0 and Atom (``.xml``, ``.rss``, ``.atom``): parsed whole, up
  to ``max_bytes``, with :mod:`defusedxml` (no entity expansion, no external
  entities); one item per ``<item>``/``<entry>``, positions are 1-based.
- A folder: every ``.txt``/``.html``/``.htm`` file under it (optionally
  ``.gz``), sorted by relative path, one record per file whose ``id`` and
  position are that relative path. Other files are not records.
- A single ``.txt``/``.html`` file: one record.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "feed.jsonl").write_text(
...     '{"id": "a", "text": "Rain in Kochi."}\\n\\n[1, 2]\\n{"id": "c"\\n', encoding="utf-8")
>>> for item in read_records([folder / "feed.jsonl", folder / "gone.jsonl"]):
...     print(item.position, getattr(item, "id", None) or item.reason)
1 a
3 non-object JSON (got array)
4 malformed JSON: Expecting ',' delimiter at column 11
None missing file: No such file or directory
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeAlias
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeXml

from dedupe_feed.decoding import decode_utf8, looks_binary
from dedupe_feed.errors import ConfigError
from dedupe_feed.feeds.limits import DEFAULT_MAX_BYTES, GZIP_PROBE, starts_gzip
from dedupe_feed.feeds.records import (
    FeedItem,
    FeedRecord,
    FieldMap,
    ReadError,
    iso_date,
    record_from_mapping,
)

Kind = Literal["jsonl", "xml", "text", "html"]
BinaryStream: TypeAlias = "io.BufferedReader | gzip.GzipFile"
#: Called with the number of bytes each read takes from an input file.
ReadCounter: TypeAlias = Callable[[int], None]

_SNIFF_BYTES = 4096
_SKIP_CHUNK = 1 << 20
_KINDS_BY_SUFFIX: dict[str, Kind] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".xml": "xml",
    ".rss": "xml",
    ".atom": "xml",
    ".rdf": "xml",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
}
_STREAM_ERRORS = (EOFError, OSError, zlib.error)
_JSON_BLANK = " \t\r\n"
_JSON_TYPES = {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}

_ATOM = "http://www.w3.org/2005/Atom"
_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://www.w3.org/2005/Atom": "atom",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://search.yahoo.com/mrss/": "media",
    "http://purl.org/rss/1.0/": "",
}


def read_records(
    paths: Iterable[str | os.PathLike[str]],
    *,
    fields: FieldMap | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_read: ReadCounter | None = None,
) -> Iterator[FeedItem]:
    """Yield one :class:`FeedRecord` or :class:`ReadError` per input record, in order.

    ``fields`` says which JSON Lines fields hold what (RSS/Atom and folders
    have fixed names); ``max_bytes`` caps whatever is read whole (an XML file,
    one JSON line, one document file): past it a :class:`ReadError` is yielded.
    ``on_read`` is told how many bytes each read takes from a file (as stored:
    compressed for gzip), for progress against :func:`input_bytes`.

    >>> [item.reason for item in read_records(["no/such/feed.jsonl"])]
    ['missing file: No such file or directory']
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError("paths must be a list of paths, e.g. read_records([path]), not one path")
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ConfigError(f"max_bytes must be a positive number of bytes, got {max_bytes!r}")
    fmap = fields if fields is not None else FieldMap()
    for path in paths:
        yield from read_path(path, fields=fmap, max_bytes=max_bytes, on_read=on_read)


def read_path(
    path: str | os.PathLike[str],
    *,
    fields: FieldMap | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_read: ReadCounter | None = None,
) -> Iterator[FeedItem]:
    """The items of one file or folder; see :func:`read_records`.

    >>> next(read_path("missing.xml")).position is None
    True
    """
    location = Path(os.fspath(path))
    name = path.shown if isinstance(path, NamedInput) else os.fspath(path)
    if location.is_dir():
        yield from _read_folder(location, name, max_bytes, on_read)
        return
    with contextlib.ExitStack() as stack:
        try:
            stream = _open_binary(location, stack, on_read)
        except OSError as exc:
            yield ReadError(name, None, _open_error_reason(exc))
            return
        yield from _read_stream(stream, location, fields or FieldMap(), max_bytes, name)


@dataclass(frozen=True)
class NamedInput:
    """A file read under another name: records take ``shown`` as their
    ``source_name`` (standard input spooled to a file is read as ``"-"``, so
    ids and error lines do not depend on where the copy was kept).

    >>> import pathlib, tempfile
    >>> copy = pathlib.Path(tempfile.mkdtemp()) / "stdin"
    >>> _ = copy.write_text('{"text": "Rain lashed Kochi."}\\n', encoding="utf-8")
    >>> [item.source_name for item in read_records([NamedInput(copy, "-")])]
    ['-']
    >>> import shutil; shutil.rmtree(copy.parent)
    """

    path: Path
    shown: str

    def __fspath__(self) -> str:
        return os.fspath(self.path)


# --- opening and decoding -------------------------------------------------


def input_bytes(paths: Iterable[str | os.PathLike[str]]) -> int | None:
    """The bytes :func:`read_records` will read from ``paths`` (files as
    stored, the documents of a folder; a missing path adds nothing), or
    ``None`` when one is not a regular file (a pipe): its size is unknown.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "feed.jsonl").write_bytes(b'{"text": "Rain."}\\n')
    >>> input_bytes([folder / "feed.jsonl", folder / "gone.jsonl"]), input_bytes([folder])
    (18, 0)
    >>> import shutil; shutil.rmtree(folder)
    """
    total = 0
    for path in paths:
        location = Path(os.fspath(path))
        try:
            mode = location.stat().st_mode
        except OSError:
            continue
        if stat.S_ISDIR(mode):
            total += sum(_size(document) for document in document_files(location))
        elif stat.S_ISREG(mode):
            total += _size(location)
        else:
            return None
    return total


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class _CountedFile(io.RawIOBase):
    """A file whose every read is reported to ``on_read``."""

    def __init__(self, raw: io.FileIO, on_read: ReadCounter) -> None:
        super().__init__()
        self._raw = raw
        self._on_read = on_read
        self.name = raw.name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._raw.readinto(buffer)
        if count:
            self._on_read(count)
        return count or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


def _open_binary(
    path: Path, stack: contextlib.ExitStack, on_read: ReadCounter | None = None
) -> BinaryStream:
    """The file's bytes, decompressed when they start with the gzip magic;
    ``on_read`` counts the bytes read from the file.

    The file is opened once and only peeked at, so a pipe works too.
    """
    if on_read is None:
        raw = stack.enter_context(path.open("rb"))
    else:
        counted = _CountedFile(io.FileIO(path, "rb"), on_read)
        raw = stack.enter_context(io.BufferedReader(counted))
    if starts_gzip(raw.peek(GZIP_PROBE), path.suffix.lower() == ".gz"):
        return stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))
    return raw


def _open_error_reason(exc: OSError) -> str:
    detail = exc.strerror or str(exc)
    if isinstance(exc, FileNotFoundError):
        return f"missing file: {detail}"
    return f"cannot open file: {detail}"


def _stream_error_reason(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return f"truncated gzip: {exc}"
    if isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        return f"corrupt gzip: {exc}"
    return f"read failed: {exc}"


def _undecodable_warnings(replaced: int) -> tuple[str, ...]:
    return (f"undecodable bytes: replaced {replaced} bytes",) if replaced else ()


# --- choosing a reader ----------------------------------------------------


def _kind_from_name(path: Path) -> Kind | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return _KINDS_BY_SUFFIX.get(suffixes[-1]) if suffixes else None


def _kind_from_head(head: bytes) -> Kind | None:
    """Guess from the first bytes; ``None`` for binary content."""
    text, _ = decode_utf8(head)
    if looks_binary(head):
        return None
    start = text.lstrip("\ufeff \t\r\n")[:1]
    if start in ("{", ""):
        return "jsonl"
    lowered = text.lower()
    if start == "<" and any(tag in lowered for tag in ("<rss", "<feed", "<rdf:rdf")):
        return "xml"
    return "html" if start == "<" else "text"


def _read_stream(
    stream: BinaryStream, path: Path, fields: FieldMap, max_bytes: int, name: str
) -> Iterator[FeedItem]:
    try:
        kind = _kind_from_name(path) or _sniff(stream)
    except _STREAM_ERRORS as exc:
        yield ReadError(name, None, _stream_error_reason(exc))
        return
    if kind is None:
        yield ReadError(name, None, "unrecognised format: binary content, not a feed")
    elif kind == "jsonl" and _holds_json_array(path, stream):
        yield from _read_json_array(stream, name, fields, max_bytes)
    elif kind == "jsonl":
        yield from _read_jsonl(stream, name, fields, max_bytes)
    elif kind == "xml":
        yield from _read_xml(stream, name, max_bytes)
    else:
        yield _read_document(stream, name, Path(name).name, kind, max_bytes)


def _sniff(stream: BinaryStream) -> Kind | None:
    return _kind_from_head(stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES])


# --- JSON Lines -----------------------------------------------------------


def _holds_json_array(path: Path, stream: BinaryStream) -> bool:
    """A ``.json`` (or ``.json.gz``) file whose first non-blank byte is ``[``."""
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    if suffixes[-1:] != [".json"]:
        return False
    try:
        head = stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    except _STREAM_ERRORS:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")[:1] == b"["


def _read_json_array(
    stream: BinaryStream, name: str, fields: FieldMap, max_bytes: int
) -> Iterator[FeedItem]:
    """One record per element of the file's JSON array (read whole).

    >>> import io
    >>> data = b'[{"id": "a", "text": "Rain."}, 7]'
    >>> [getattr(i, "id", None) or i.reason
    ...  for i in _read_json_array(io.BufferedReader(io.BytesIO(data)), "f.json", FieldMap(), 99)]
    ['a', 'non-object JSON (got number)']
    """
    data = _read_whole(stream, name, None, max_bytes, "JSON array longer than")
    if isinstance(data, ReadError):
        yield data
        return
    text, replaced = decode_utf8(data)
    warnings = _undecodable_warnings(replaced)
    try:
        value = json.loads(text.removeprefix("\ufeff"), strict=False)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        yield ReadError(name, None, f"malformed JSON array: {exc.msg} at {where}")
        return
    except (ValueError, RecursionError):
        yield ReadError(name, None, "malformed JSON array")
        return
    for number, element in enumerate(value if isinstance(value, list) else [value], 1):
        if not isinstance(element, dict):
            kind = _JSON_TYPES.get(type(element), "null")
            yield ReadError(name, number, f"non-object JSON (got {kind})")
            continue
        yield record_from_mapping(
            element, source_name=name, position=number, fields=fields, warnings=warnings
        )


def _read_jsonl(
    stream: BinaryStream, name: str, fields: FieldMap, max_bytes: int
) -> Iterator[FeedItem]:
    line_number = 0
    while True:
        try:
            line = stream.readline(max_bytes + 1)
            oversized = len(line) > max_bytes and not line.endswith(b"\n")
            if oversized:
                _skip_rest_of_line(stream)
        except _STREAM_ERRORS as exc:
            yield ReadError(name, line_number + 1, _stream_error_reason(exc))
            return
        if not line:
            return
        line_number += 1
        if oversized:
            yield ReadError(name, line_number, f"line longer than max_bytes ({max_bytes} bytes)")
            continue
        item = jsonl_item(line, name, line_number, fields)
        if item is not None:
            yield item


def _skip_rest_of_line(stream: BinaryStream) -> None:
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def jsonl_item(data: bytes, name: str, line_number: int, fields: FieldMap) -> FeedItem | None:
    """The item for one line, or ``None`` for a blank line."""
    text, replaced = decode_utf8(data.rstrip(b"\r\n"))
    if line_number == 1:
        text = text.removeprefix("\ufeff")
    if not text.strip(_JSON_BLANK):
        return None
    warnings = _undecodable_warnings(replaced)
    try:
        value = json.loads(text, strict=False)
    except ValueError as exc:
        return ReadError(name, line_number, _malformed_reason(exc, warnings))
    except RecursionError:
        return ReadError(name, line_number, _malformed_reason(None, warnings))
    if not isinstance(value, dict):
        kind = _JSON_TYPES.get(type(value), "null")
        return ReadError(name, line_number, f"non-object JSON (got {kind})")
    return record_from_mapping(
        value, source_name=name, position=line_number, fields=fields, warnings=warnings
    )


def _malformed_reason(exc: ValueError | None, warnings: tuple[str, ...]) -> str:
    if isinstance(exc, json.JSONDecodeError):
        joiner = " " if exc.msg.endswith(" at") else " at "
        detail = f"{exc.msg}{joiner}column {exc.colno}"
    else:
        detail = str(exc) if exc is not None else "nested too deeply"
    return "; ".join((f"malformed JSON: {detail}", *warnings))


# --- documents --------------------------------------------------------------


def _read_folder(
    root: Path, name: str, max_bytes: int, on_read: ReadCounter | None
) -> Iterator[FeedItem]:
    for path in document_files(root):
        relative = path.relative_to(root).as_posix()
        yield _read_folder_document(path, name, relative, max_bytes, on_read)


def _read_folder_document(
    path: Path, name: str, relative: str, max_bytes: int, on_read: ReadCounter | None
) -> FeedItem:
    with contextlib.ExitStack() as stack:
        try:
            stream = _open_binary(path, stack, on_read)
        except OSError as exc:
            return ReadError(name, relative, _open_error_reason(exc))
        return _read_document(stream, name, relative, _kind_from_name(path) or "text", max_bytes)


def document_files(root: Path) -> list[Path]:
    """``.txt``/``.html`` files (maybe ``.gz``) under ``root``, hidden ones
    left out, sorted by relative path."""
    found = [
        path
        for path in root.rglob("*")
        if _kind_from_name(path) in ("text", "html")
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
        and path.is_file()
    ]
    return sorted(found, key=lambda path: path.relative_to(root).as_posix())


def _read_document(
    stream: BinaryStream, name: str, position: str, kind: Kind, max_bytes: int
) -> FeedItem:
    data = _read_whole(stream, name, position, max_bytes, "file larger than")
    if isinstance(data, ReadError):
        return data
    body, replaced = decode_utf8(data)
    if looks_binary(data):
        return ReadError(name, position, f"binary content: {replaced} of {len(data)} bytes")
    body = body.removeprefix("\ufeff")
    field = "html" if kind == "html" else "text"
    return FeedRecord(
        source_name=name,
        position=position,
        id=position,
        source=None,
        published=None,
        title=None,
        text=body if field == "text" else None,
        html=body if field == "html" else None,
        raw={"id": position, field: body},
        warnings=_undecodable_warnings(replaced),
    )


# --- RSS and Atom ---------------------------------------------------------


def _read_whole(
    stream: BinaryStream, name: str, position: str | None, max_bytes: int, too_long: str
) -> bytes | ReadError:
    """The whole stream, or the error of a failed read or of more than
    ``max_bytes`` (``"<too_long> max_bytes (N bytes)"``)."""
    try:
        data = stream.read(max_bytes + 1)
    except _STREAM_ERRORS as exc:
        return ReadError(name, position, _stream_error_reason(exc))
    if len(data) > max_bytes:
        return ReadError(name, position, f"{too_long} max_bytes ({max_bytes} bytes)")
    return data


def _read_xml(stream: BinaryStream, name: str, max_bytes: int) -> Iterator[FeedItem]:
    data = _read_whole(stream, name, None, max_bytes, "XML file larger than")
    if isinstance(data, ReadError):
        yield data
        return
    try:
        root = SafeXml.fromstring(data)
    except DefusedXmlException as exc:
        yield ReadError(name, None, f"unparsable XML: refused as unsafe ({exc!r})")
        return
    except ParseError as exc:
        yield ReadError(name, None, f"unparsable XML: {exc}")
        return
    yield from _feed_items(root, name)


def _feed_items(root: Element, name: str) -> Iterator[FeedItem]:
    local = _local_name(root.tag)
    if root.tag == f"{{{_ATOM}}}feed":
        feed_title = _child_text(root, f"{{{_ATOM}}}title")
        for index, entry in enumerate(root.findall(f"{{{_ATOM}}}entry"), start=1):
            yield _atom_record(entry, name, index, feed_title)
    elif local in ("rss", "RDF"):
        channel = next((c for c in root if _local_name(c.tag) == "channel"), None)
        channel_title = None if channel is None else _local_child_text(channel, "title")
        holder = root if local == "RDF" or channel is None else channel
        items = [child for child in holder if _local_name(child.tag) == "item"]
        for index, item in enumerate(items, start=1):
            yield _rss_record(item, name, index, channel_title)
    else:
        yield ReadError(name, None, f"unparsable XML: root <{local}> is neither RSS nor Atom")


def _rss_record(item: Element, name: str, index: int, channel_title: str | None) -> FeedItem:
    raw = _element_mapping(item, home_namespace="")
    html = _first_text(raw, ("content:encoded", "description"))
    if html is None:
        reason = "missing text field (looked for: content:encoded, description)"
        return ReadError(name, index, reason)
    published, warnings = _xml_date(raw, ("pubDate", "dc:date"))
    return FeedRecord(
        source_name=name,
        position=index,
        id=_first_text(raw, ("guid", "link")),
        source=_first_text(raw, ("source",)) or channel_title,
        published=published,
        title=_first_text(raw, ("title", "dc:title")),
        text=None,
        html=html,
        raw=raw,
        warnings=warnings,
    )


def _atom_record(entry: Element, name: str, index: int, feed_title: str | None) -> FeedItem:
    raw = _element_mapping(entry, home_namespace=_ATOM)
    body = entry.find(f"{{{_ATOM}}}content")
    if body is None:
        body = entry.find(f"{{{_ATOM}}}summary")
    if body is None:
        return ReadError(name, index, "missing text field (looked for: content, summary)")
    kind = body.get("type", "text")
    content = _inner_markup(body) if kind == "xhtml" else body.text or ""
    published, warnings = _xml_date(raw, ("published", "updated"))
    source = entry.find(f"{{{_ATOM}}}source")
    return FeedRecord(
        source_name=name,
        position=index,
        id=_child_text(entry, f"{{{_ATOM}}}id") or _atom_link(entry),
        source=(None if source is None else _child_text(source, f"{{{_ATOM}}}title")) or feed_title,
        published=published,
        title=_child_text(entry, f"{{{_ATOM}}}title"),
        text=content if kind == "text" else None,
        html=None if kind == "text" else content,
        raw=raw,
        warnings=warnings,
    )


def _atom_link(entry: Element) -> str | None:
    for link in entry.findall(f"{{{_ATOM}}}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return None


def _xml_date(raw: dict[str, Any], names: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    for name in names:
        value = _first_text(raw, (name,))
        if value is None:
            continue
        iso = iso_date(value)
        if iso is None:
            return None, (f"unparsable date in {name!r}: {value[:60]!r} (kept in the input)",)
        return iso, ()
    return None, ()


def _element_mapping(element: Element, *, home_namespace: str) -> dict[str, Any]:
    """The children of ``element`` as a dict: repeated names become lists,
    attributes become ``@name`` keys next to ``#text``."""
    mapping: dict[str, Any] = {}
    for child in element:
        key = _qualified_name(child.tag, home_namespace)
        value = _element_value(child, home_namespace)
        if key not in mapping:
            mapping[key] = value
        elif isinstance(mapping[key], list):
            mapping[key].append(value)
        else:
            mapping[key] = [mapping[key], value]
    return mapping


def _element_value(element: Element, home_namespace: str) -> Any:
    if element.get("type") == "xhtml":
        return {"@type": "xhtml", "#text": _inner_markup(element)}
    if len(element):
        nested = _element_mapping(element, home_namespace=home_namespace)
        return {**_attributes(element), **nested}
    text = element.text or ""
    if not element.attrib:
        return text
    return {**_attributes(element), **({"#text": text} if text.strip() else {})}


def _attributes(element: Element) -> dict[str, str]:
    return {f"@{_local_name(key)}": value for key, value in element.attrib.items()}


def _inner_markup(element: Element) -> str:
    """The markup inside ``element``, namespaces dropped (Atom ``type="xhtml"``)."""
    parts = [element.text or ""]
    for child in element:
        _strip_namespaces(child)
        parts.append(SafeXml.tostring(child, encoding="unicode"))
    return "".join(parts).strip()


def _strip_namespaces(element: Element) -> None:
    for node in element.iter():
        node.tag = _local_name(node.tag)


def _first_text(raw: dict[str, Any], names: tuple[str, ...]) -> str | None:
    """The text of the first present field (the first one when repeated)."""
    for name in names:
        value = raw.get(name)
        if isinstance(value, list):
            value = value[0]
        if isinstance(value, dict):
            value = value.get("#text")
        if isinstance(value, str):
            return value
    return None


def _child_text(element: Element, tag: str) -> str | None:
    child = element.find(tag)
    return None if child is None else "".join(child.itertext())


def _local_child_text(element: Element, local: str) -> str | None:
    child = next((c for c in element if _local_name(c.tag) == local), None)
    return None if child is None else "".join(child.itertext())


def _local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def _qualified_name(tag: str, home_namespace: str) -> str:
    """``content:encoded`` for well-known namespaces, the local name in the
    document's own namespace, ``{uri}name`` otherwise."""
    if not tag.startswith("{"):
        return tag
    namespace, _, local = tag[1:].partition("}")
    if namespace == home_namespace:
        return local
    prefix = _PREFIXES.get(namespace)
    if prefix is None:
        return tag
    return f"{prefix}:{local}" if prefix else local


__all__ = ["DEFAULT_MAX_BYTES", "decode_utf8", "read_path", "read_records"]
