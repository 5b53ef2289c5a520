"""The one way the application layer runs a blocking call (HTTP request, file I/O, image work) off its loop."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


async def run_blocking(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``function(*args, **kwargs)`` in the loop's default executor and await its result.

    The loop stays free for video, signaling and the GUI (under qasync the loop is the Qt main thread's), so a
    slow hub or a large image never freezes a screen. Exceptions are raised here, in the caller's task.
    """
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(function, *args, **kwargs))
