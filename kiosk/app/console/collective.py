"""`CollectiveDesk`: the console's collective queue, where an officer works an employer's batch row by row.

An employer files claims for many laid-off workers at once (the collective channel); each worker confirms their
own claim by SMS code. The officer here sees a batch's rows with the rules' results, documents and the worker's
confirmation, approves or rejects a row (or every clean row at once), invites a doubtful worker to a video visit,
and submits the approved rows.

Submission goes through a durable `Outbox` of its own (``collective-outbox.sqlite3``), one entry per row keyed
``row:<id>``: the officer's "submit" is written to disk before anything goes on the wire, so a console that
crashes halfway through 500 rows carries on with the rest when it starts again, and the hub, which builds each
claim under the row's own idempotency key, answers a repeated row with the claim it made the first time. So each
row's claim exists exactly once, however often it is sent.

Qt-free: the panel (`kiosk.ui.console.collective`) renders `CollectiveDesk` and forwards the officer's clicks;
every hub call goes through a `CollectivePort` (an in-memory one in unit tests, `CollectiveHubAdapter` in the
app). Listeners are told after every change; a refused action is kept as `problem` (a `DeskProblem` and the
hub's message), nothing the officer typed is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.client.errors import HubError, HubErrorKind
from kiosk.client.outbox import DeliveryState, Outbox, OutboxEntry
from kiosk.protocol.rest import BatchPublic, RowDecision, RowPublic, RowStatus

log = logging.getLogger(__name__)

COLLECTIVE_OUTBOX_FILE_NAME = "collective-outbox.sqlite3"
#: Rows asked of the hub per request (its most per page).
PAGE_ROWS = 500
#: The outbox's entry names: one per row.
_KEY_PREFIX = "row:"


class CollectivePort(Protocol):
    """The hub calls of the collective queue (awaitable; `HubError` on refusal or when the hub is down)."""

    async def batches(self) -> list[BatchPublic]:
        """The branch's batches, newest first."""
        ...

    async def rows(self, batch_id: str, offset: int, limit: int) -> tuple[int, list[RowPublic]]:
        """One page of a batch's rows by line, and how many rows the batch has."""
        ...

    async def decide(self, row_id: int, decision: RowDecision) -> RowPublic:
        """Approve or reject one row."""
        ...

    async def approve_clean(self, batch_id: str) -> int:
        """Approve every clean row of a batch; how many were approved."""
        ...

    async def invite_video(self, row_id: int) -> RowPublic:
        """Book a video visit on the online channel for a row's worker (the hub sends the SMS)."""
        ...

    async def document(self, row_id: int, kind: str) -> bytes:
        """A worker's document as the employer filed it (audited by the hub)."""
        ...

    async def letter(self, batch_id: str, kind: str) -> bytes:
        """A batch's power of attorney or layoff letter (audited by the hub)."""
        ...


class DeskProblem(enum.Enum):
    """Why the last action did not go through, in terms the panel can put into words."""

    HUB_DOWN = "hub_down"
    NOT_CONFIRMED = "not_confirmed"
    ROW_REFUSED = "row_refused"
    ALREADY_SUBMITTED = "already_submitted"
    REASON_REQUIRED = "reason_required"
    NO_FREE_SLOT = "no_free_slot"
    NOT_SEEN = "not_seen"
    OTHER = "other"


class Delivery(enum.Enum):
    """A row's submission as the console's outbox has it."""

    NONE = "none"
    SENDING = "sending"
    DELIVERED = "delivered"
    REFUSED = "refused"


@dataclass(frozen=True)
class Preview:
    """A document the officer opened: whose (a row, or the batch for a letter), which, and its bytes (kept in
    memory only while shown)."""

    row_id: int | None
    kind: str
    content: bytes


@dataclass(frozen=True)
class RowView:
    """One row as the panel shows it: the hub's row and what this console's outbox knows of its submission."""

    row: RowPublic
    delivery: Delivery = Delivery.NONE
    #: The hub's refusal of the submission (``Delivery.REFUSED``), or the last transient error while sending.
    delivery_detail: str = ""

    @property
    def status(self) -> RowStatus:
        """The row's status; a claim the outbox delivered counts as submitted before the hub's list says so."""
        if self.delivery is Delivery.DELIVERED:
            return "submitted"
        return self.row.status

    @property
    def claim_reference(self) -> str | None:
        """The claim's reference, from the hub's row or from the outbox's delivery."""
        return self.row.claim_reference

    @property
    def final(self) -> bool:
        """Nothing is left for anyone to do on the row (submitted, rejected, or refused by the checks)."""
        return self.status in ("submitted", "rejected", "refused")


Listener = Callable[[], None]


def _problem(code: str) -> DeskProblem:
    try:
        return DeskProblem(code)
    except ValueError:
        return DeskProblem.OTHER


def outbox_key(row_id: int) -> str:
    """The outbox entry name of a row."""
    return f"{_KEY_PREFIX}{row_id}"


def row_of(entry: OutboxEntry) -> int | None:
    """The row id of an outbox entry (None for an entry that is not a row's)."""
    if not entry.session_id.startswith(_KEY_PREFIX):
        return None
    try:
        return int(entry.session_id[len(_KEY_PREFIX):])
    except ValueError:
        return None


class CollectiveDesk:
    """The collective queue's state and the officer's actions on it (see the module docstring)."""

    def __init__(self, port: CollectivePort, outbox: Outbox) -> None:
        self.port = port
        self.outbox = outbox
        self.batches: list[BatchPublic] = []
        self.batch_id: str | None = None
        self.filter: RowStatus | None = None
        self.problem: DeskProblem | None = None
        self.problem_message = ""
        self.busy = False
        self.preview: Preview | None = None
        self._rows: dict[int, RowPublic] = {}
        # Rows the hub answered for while a reload was on its way: newer than what that reload brings.
        self._loads = 0
        self._newer: dict[int, RowPublic] = {}
        self._listeners: list[Listener] = []
        self._outbox_task: asyncio.Task[None] | None = None
        # The outbox's row entries, kept in memory: the panel asks for every row's on each change, and a batch
        # has thousands of rows (the file is read once here; each change arrives through `_on_outbox`).
        self._entries: dict[int, OutboxEntry] = {}
        for entry in outbox.entries():
            row_id = row_of(entry)
            if row_id is not None:
                self._entries[row_id] = entry
        outbox.subscribe(self._on_outbox)

    # ------------------------------------------------------------------------------------------ queries

    @property
    def batch(self) -> BatchPublic | None:
        """The open batch, as last listed."""
        return next((b for b in self.batches if b.id == self.batch_id), None)

    def views(self) -> list[RowView]:
        """The open batch's rows by line, with their submission, filtered by `filter`."""
        found = [self.view(row) for row in self._rows.values()]
        found.sort(key=lambda v: v.row.line)
        return [v for v in found if self.filter is None or v.status == self.filter]

    def view(self, row: RowPublic) -> RowView:
        """A row with what the outbox knows of it."""
        entry = self._entries.get(row.id)
        if entry is None:
            return RowView(row)
        if entry.state is DeliveryState.DELIVERED:
            if row.claim_reference is None and entry.reference:
                row = row.model_copy(update={"claim_reference": entry.reference})
            return RowView(row, Delivery.DELIVERED)
        if entry.state is DeliveryState.REFUSED:
            return RowView(row, Delivery.REFUSED, entry.refusal_message or entry.refusal_code or "")
        return RowView(row, Delivery.SENDING, entry.last_error)

    def row(self, row_id: int) -> RowView | None:
        """One row of the open batch."""
        found = self._rows.get(row_id)
        return None if found is None else self.view(found)

    def counts(self) -> dict[str, int]:
        """The open batch's rows per status (with this console's deliveries), for the filter's labels."""
        counted: dict[str, int] = {}
        for row in self._rows.values():
            status = self.view(row).status
            counted[status] = counted.get(status, 0) + 1
        return counted

    def clean_count(self) -> int:
        """Rows "approve every clean row" would approve: confirmed by the worker and undecided."""
        return sum(1 for r in self._rows.values() if r.status == "confirmed")

    def to_submit(self) -> list[int]:
        """Approved rows whose claim this console has not queued yet."""
        return [r.id for r in self._rows.values() if r.status == "approved" and r.id not in self._entries]

    def sending_count(self) -> int:
        """Rows of any batch whose claim waits in this console's outbox."""
        return sum(1 for e in self._entries.values() if e.state is DeliveryState.PENDING)

    # ---------------------------------------------------------------------------------------- commands

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def start(self) -> None:
        """Deliver queued rows from now on (rows left by a crash go out at once)."""
        if self._outbox_task is None:
            self._outbox_task = asyncio.get_event_loop().create_task(self.outbox.run(), name="collective-outbox")
        self.outbox.wake()

    async def stop(self) -> None:
        """Stop delivering (entries stay on disk for the next start) and close the file."""
        task, self._outbox_task = self._outbox_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.outbox.close()

    async def refresh(self) -> bool:
        """List the batches again and reload the open batch's rows; False (and `problem`) when the hub fails."""
        return await self._guard(self._refresh())

    async def open_batch(self, batch_id: str) -> bool:
        """Show a batch's rows (all of them, page by page)."""
        self.batch_id = batch_id
        self._rows = {}
        self.preview = None
        return await self._guard(self._load_rows())

    def set_filter(self, status: RowStatus | None) -> None:
        """Show only the rows of one status (None: all)."""
        self.filter = status
        self._changed()

    async def approve(self, row_id: int, *, seen_by_video: bool = False) -> bool:
        """Approve one row (confirmed by the worker, or seen by the officer in a video visit)."""
        return await self._guard(self._decide(row_id, RowDecision(decision="approve", seen_by_video=seen_by_video)))

    async def reject(self, row_id: int, reason: str) -> bool:
        """Reject one row; the employer reads `reason`."""
        if not reason.strip():
            self._fail(DeskProblem.REASON_REQUIRED, "")
            return False
        return await self._guard(self._decide(row_id, RowDecision(decision="reject", reason=reason.strip())))

    async def approve_clean(self) -> int | None:
        """Approve every clean row of the open batch at once; how many (None when the hub refused)."""
        if self.batch_id is None:
            return None
        approved: list[int] = []

        async def run() -> None:
            assert self.batch_id is not None
            approved.append(await self.port.approve_clean(self.batch_id))
            await self._refresh()

        return approved[0] if await self._guard(run()) else None

    async def invite_video(self, row_id: int) -> bool:
        """Invite a row's worker to a video visit on the online channel."""

        async def run() -> None:
            self._put([await self.port.invite_video(row_id)])

        return await self._guard(run())

    async def open_document(self, row_id: int | None, kind: str) -> bool:
        """Show a worker's document (`row_id`) or one of the open batch's letters (None); the hub audits it."""

        async def run() -> None:
            if row_id is None:
                assert self.batch_id is not None
                content = await self.port.letter(self.batch_id, kind)
            else:
                content = await self.port.document(row_id, kind)
            self.preview = Preview(row_id, kind, content)

        self.preview = None
        return await self._guard(run())

    def submit_approved(self, row_ids: Iterable[int] | None = None) -> int:
        """Queue the claims of approved rows (all of the open batch's by default) in the outbox; how many were
        queued. Each is written to disk before it is sent, and a row queued before is not queued again."""
        ids = self.to_submit() if row_ids is None else list(row_ids)
        queued = 0
        for row_id in ids:
            if row_id not in self._entries:
                self.outbox.enqueue(outbox_key(row_id), {"row_id": row_id})  # reports to `_on_outbox`
                queued += 1
        log.info("collective: %d row claim(s) queued", queued)
        self._changed()
        return queued

    def close_preview(self) -> None:
        """Forget the document shown (its bytes are kept only while it is on screen)."""
        if self.preview is not None:
            self.preview = None
            self._changed()

    def clear_problem(self) -> None:
        """The officer read the problem."""
        self.problem, self.problem_message = None, ""
        self._changed()

    # ---------------------------------------------------------------------------------------- internals

    async def _refresh(self) -> None:
        self.batches = await self.port.batches()
        if self.batch_id is not None:
            await self._load_rows()
        self._changed()

    async def _load_rows(self) -> None:
        assert self.batch_id is not None
        batch_id = self.batch_id
        rows: dict[int, RowPublic] = {}
        offset = 0
        self._loads += 1
        try:
            while True:
                total, page = await self.port.rows(batch_id, offset, PAGE_ROWS)
                rows.update((r.id, r) for r in page)
                offset += len(page)
                if not page or offset >= total:
                    break
        finally:
            self._loads -= 1
        # A decision answered while the pages came may be newer than the page that holds its row.
        rows.update((row_id, row) for row_id, row in self._newer.items() if row_id in rows)
        if not self._loads:
            self._newer = {}
        if self.batch_id == batch_id:  # another batch opened meanwhile: its rows win
            self._rows = rows
        if not self.batches:
            self.batches = await self.port.batches()
        self._changed()

    async def _decide(self, row_id: int, decision: RowDecision) -> None:
        self._put([await self.port.decide(row_id, decision)])

    def _put(self, rows: Sequence[RowPublic]) -> None:
        for row in rows:
            if self._loads:
                self._newer[row.id] = row
            if row.id in self._rows:
                self._rows[row.id] = row
        self._changed()

    async def _guard(self, action: Coroutine[Any, Any, None]) -> bool:
        """Run one hub action: busy while it runs; a refusal becomes `problem`."""
        self.busy = True
        self.problem, self.problem_message = None, ""
        self._changed()
        try:
            await action
            return True
        except HubError as exc:
            if exc.kind is HubErrorKind.UNREACHABLE or exc.status >= 500:
                self._fail(DeskProblem.HUB_DOWN, exc.message)
            else:
                self._fail(_problem(exc.code), exc.message)
            return False
        finally:
            self.busy = False
            self._changed()

    def _fail(self, problem: DeskProblem, message: str) -> None:
        self.problem, self.problem_message = problem, message
        log.info("collective: action refused (%s)", problem.value)
        self._changed()

    def _on_outbox(self, entry: OutboxEntry) -> None:
        row_id = row_of(entry)
        if row_id is None:
            return
        self._entries[row_id] = entry  # `view` derives the row's submission (and reference) from it
        self._changed()

    def _changed(self) -> None:
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:  # one broken listener must not stop the others
                log.exception("collective desk listener failed")
