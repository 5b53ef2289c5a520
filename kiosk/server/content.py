"""What an uploaded document really is: its bytes are decoded, not just its first bytes read.

- a JPEG or PNG must decode completely as that image (Pillow): HTML or a script behind JPEG magic bytes, a
  truncated file or a decompression bomb is refused;
- a PDF must not carry active content. A booth scans paper: a PDF from it never needs JavaScript, actions run on
  opening, launched programs or embedded files, so a PDF that names any of them is refused rather than rewritten
  (neutralising means editing the evidence and trusting our own PDF writer; refusing costs a legitimate user
  nothing). Names are read with their ``#xx`` escapes resolved, in the file and in its object streams (compressed
  dictionaries), with the decompressed total capped.
"""

from __future__ import annotations

import re
import warnings
import zlib
from pathlib import Path

from PIL import Image

#: PDF names that run, launch or carry something when the file is opened or a field is touched.
ACTIVE_PDF_NAMES = frozenset(
    {
        b"JavaScript",
        b"JS",
        b"OpenAction",
        b"AA",
        b"Launch",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"RichMedia",
        b"XFA",
        b"SubmitForm",
        b"ImportData",
        b"GoToR",
        b"GoToE",
    }
)
#: Largest image, in pixels, the hub decodes (a 50 MP phone photo fits; a decompression bomb does not).
MAX_IMAGE_PIXELS = 80_000_000
#: Decompressed bytes of a PDF's streams the hub reads while looking for active content.
MAX_PDF_INFLATE = 64 * 1024 * 1024

_NAME = re.compile(rb"/((?:[^\s/<>\[\]\(\)\{\}%#]|#[0-9A-Fa-f]{2})+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"stream\r?\n")


class InvalidContent(Exception):
    """The file is not what its first bytes claim (answered 415 ``unsupported_media_type``)."""


class ActiveContent(Exception):
    """A PDF with active content (answered 422 ``active_content``)."""


def check_image(path: Path, media_type: str) -> None:
    """Raise `InvalidContent` unless the file decodes completely as an image of `media_type`."""
    expected = {"image/jpeg": "JPEG", "image/png": "PNG"}[media_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format != expected or image.width * image.height > MAX_IMAGE_PIXELS:
                    raise InvalidContent(f"not a {expected} image")
                image.load()  # decodes every pixel: a truncated or forged file fails here
    except InvalidContent:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidContent(f"not a {expected} image") from exc


def _names(data: bytes) -> set[bytes]:
    return {_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw) for raw in _NAME.findall(data)}


def _object_streams(data: bytes) -> list[bytes]:
    """The decompressed content of the object streams (``/Type /ObjStm``), at most `MAX_PDF_INFLATE` bytes.

    Only these can hold dictionaries (an action is a dictionary); page content and images are not inflated.
    """
    found: list[bytes] = []
    budget = MAX_PDF_INFLATE
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 1024) : match.start()]
        head = head[head.rfind(b"obj") :]
        if b"ObjStm" not in _names(head):
            continue
        if budget <= 0:
            raise ActiveContent("the PDF's object streams are too large to inspect")
        try:
            chunk = zlib.decompressobj().decompress(view[match.end() :], budget)
        except zlib.error as exc:
            raise ActiveContent("the PDF has an object stream the hub cannot read") from exc
        budget -= len(chunk)
        found.append(chunk)
    return found


def check_pdf(path: Path) -> None:
    """Raise `ActiveContent` when the PDF names active content, in clear or in a compressed stream."""
    data = path.read_bytes()
    for part in (data, *_object_streams(data)):
        active = _names(part) & ACTIVE_PDF_NAMES
        if active:
            listed = ", ".join(sorted("/" + n.decode("ascii", "replace") for n in active))
            raise ActiveContent(f"the PDF carries active content ({listed})")


def check_document(path: Path, media_type: str) -> None:
    """Check a stored document's content by its sniffed type (see the module docstring)."""
    if media_type == "application/pdf":
        check_pdf(path)
    else:
        check_image(path, media_type)
