"""Raw request bodies (a roster, a letter, a zip) received into a spooled temporary file within a limit.

The caller is authorised before the first byte is read (the route's dependencies run first); the body guard
(`kiosk.server.guard`) holds it to the route's limit as well.
"""

from __future__ import annotations

import tempfile
from typing import BinaryIO, cast

from fastapi import Request

from kiosk.server.errors import ApiError


async def spool(request: Request, limit: int) -> BinaryIO:
    """The body in a temporary file (in memory up to 1 MiB, then on disk), positioned at its start; 413 past
    `limit`."""
    out = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 - the caller closes it
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            out.close()
            raise ApiError(413, "too_large", f"this upload is limited to {limit} bytes")
        out.write(chunk)
    out.seek(0)
    return cast(BinaryIO, out)
