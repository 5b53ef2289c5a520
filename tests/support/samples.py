"""Small real files for upload tests: the hub decodes images and reads PDFs, so magic bytes alone no longer pass.

jpeg()            # a 16x16 grey JPEG (a few hundred bytes)
jpeg(7)           # another one, with other bytes (another sha256)
png(), pdf(), pdf(b"/OpenAction 3 0 R")   # the last one carries active content
"""

from __future__ import annotations

import io

from PIL import Image


def _image(kind: str, shade: int, size: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), (shade % 256, (shade * 7) % 256, (shade * 13) % 256)).save(buffer, kind)
    return buffer.getvalue()


def jpeg(shade: int = 128, size: int = 16) -> bytes:
    """A valid JPEG image of one colour; another `shade` gives other bytes."""
    return _image("JPEG", shade, size)


def png(shade: int = 128, size: int = 16) -> bytes:
    """A valid PNG image of one colour."""
    return _image("PNG", shade, size)


def pdf(catalog_extra: bytes = b"", note: bytes = b"") -> bytes:
    """A one-page PDF; `catalog_extra` goes into the document catalog (e.g. an ``/OpenAction``)."""
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n"
        b"% " + note + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
