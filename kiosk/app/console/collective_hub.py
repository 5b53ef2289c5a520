"""`CollectiveHubAdapter`: the collective queue's `CollectivePort` over the console's `HubClient`.

It shares the console's client, so it acts with the signed-in officer's token. Every blocking call runs through
`kiosk.app.console.hub_adapter.call_hub`, as the console's other hub calls do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from kiosk.app.console.hub_adapter import call_hub
from kiosk.client.hub_api import HubClient
from kiosk.protocol.rest import BatchPublic, RowDecision, RowPublic

T = TypeVar("T")


class CollectiveHubAdapter:
    """`kiosk.app.console.collective.CollectivePort` over `HubClient`."""

    def __init__(self, client: HubClient) -> None:
        self.client = client

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        return await call_hub(fn, *args)

    async def batches(self) -> list[BatchPublic]:
        """The branch's batches, newest first."""
        return await self._call(self.client.collective_batches)

    async def rows(self, batch_id: str, offset: int, limit: int) -> tuple[int, list[RowPublic]]:
        """One page of a batch's rows, and the batch's row count."""
        page = await self._call(lambda: self.client.collective_rows(batch_id, offset=offset, limit=limit))
        return page.total, page.rows

    async def decide(self, row_id: int, decision: RowDecision) -> RowPublic:
        """Approve or reject one row."""
        return await self._call(self.client.decide_collective_row, row_id, decision)

    async def approve_clean(self, batch_id: str) -> int:
        """Approve every clean row of a batch."""
        return (await self._call(self.client.approve_clean_rows, batch_id)).approved

    async def invite_video(self, row_id: int) -> RowPublic:
        """Book a video visit for a row's worker."""
        return (await self._call(self.client.invite_to_video, row_id)).row

    async def document(self, row_id: int, kind: str) -> bytes:
        """A worker's document."""
        return await self._call(self.client.collective_document, row_id, kind)

    async def letter(self, batch_id: str, kind: str) -> bytes:
        """A batch's letter."""
        return await self._call(self.client.collective_letter, batch_id, kind)
