"""In-memory fakes of the booth's ports, for the app-layer tests (plain asyncio, no Qt).

- `FakeView`: a `BoothView` that remembers what it was told (the screen shown, the problem, busy, language...);
- `FakeHub`: a `BoothHubPort` keeping sessions, intakes and documents in dicts, with the hub's rules the booth
  relies on (a session moves between states, refusals are typed); it can be made unreachable (``up = False``);
- `FakeCall`: a `CallPort` that records what the booth reports and answers, and plays the hub's announcements;
- `FrameCamera`: a camera whose frames can be stopped (a lost camera).
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
from dataclasses import dataclass, field
from typing import Any

from kiosk.app.booth.capture import Feedback
from kiosk.app.booth.flows import BoothFlows, build_flows
from kiosk.app.booth.hub_port import (
    CheckIn,
    CheckInRefused,
    ClaimDetails,
    HeirEntry,
    HubUnavailable,
    IdentityMatch,
    IdentityRefusal,
    IdentityRefused,
    ProgressCallback,
    UploadedDocument,
)
from kiosk.app.booth.state import Problem, Step, VisitState
from kiosk.app.booth.view import OfficerFrames
from kiosk.app.link_health import NetworkQuality
from kiosk.config import VideoSettings
from kiosk.domain.claims import DocumentRequirement
from kiosk.domain.quota import VisitKind
from kiosk.domain.session import SessionState
from kiosk.protocol import AttentionKind, AttentionReason, ControlMessage, SessionUpdatePayload

# ------------------------------------------------------------------------------------------------ the view


@dataclass
class FakeCheckInView:
    """The check-in screen's part of the view."""

    refusals: list[CheckInRefused] = field(default_factory=list)
    busy: bool = False
    on_qr_page: bool = False

    def show_refusal(self, refusal: CheckInRefused) -> None:
        self.refusals.append(refusal)
        self.busy = False

    def set_busy(self, busy: bool) -> None:
        self.busy = busy

    def scanning_qr(self) -> bool:
        return self.on_qr_page


@dataclass
class FakeIdentityView:
    """The identity screen's part of the view."""

    matches_shown: int = 0
    refusals: list[IdentityRefusal] = field(default_factory=list)
    busy: bool = False
    back_to_entry_count: int = 0

    def show_match(self) -> None:
        self.matches_shown += 1

    def show_refusal(self, reason: IdentityRefusal) -> None:
        self.refusals.append(reason)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy

    def back_to_entry(self) -> None:
        self.back_to_entry_count += 1


@dataclass
class FakeDocumentsView:
    """The documents screen's part of the view."""

    shown: list[tuple[str, int, int]] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    review: bytes | None = None
    uploads: list[tuple[int, int]] = field(default_factory=list)
    upload_failed: int = 0

    def show_document(self, requirement: DocumentRequirement, number: int, total: int) -> None:
        self.shown.append((requirement.document.code, number, total))
        self.review = None  # the screen shows the live preview again

    def show_feedback(self, feedback: Feedback) -> None:
        self.feedback.append(feedback)

    def show_review(self, jpeg: bytes) -> None:
        self.review = jpeg

    def clear_review(self) -> None:
        self.review = None

    def show_upload(self, done: int, total: int) -> None:
        self.uploads.append((done, total))

    def show_upload_failed(self) -> None:
        self.upload_failed += 1


@dataclass
class FakeCallView:
    """The call screen's part of the view."""

    officer_name: str = ""
    recording: bool = False
    prompt: str = ""
    on_hold: bool = False
    countdown: tuple[str, float] | None = None
    network: NetworkQuality = NetworkQuality.UNKNOWN

    def set_officer_name(self, name: str) -> None:
        self.officer_name = name

    def set_recording(self, recording: bool) -> None:
        self.recording = recording

    def show_prompt(self, text: str) -> None:
        self.prompt = text

    def set_on_hold(self, on_hold: bool) -> None:
        self.on_hold = on_hold

    def set_network(self, quality: NetworkQuality) -> None:
        self.network = quality

    def start_capture_countdown(self, document_name: str, seconds: float) -> None:
        self.countdown = (document_name, seconds)

    def capture_done(self) -> None:
        self.countdown = None


@dataclass
class FakeSignatureView:
    """The signature screen's part of the view."""

    uploads: list[tuple[int, int]] = field(default_factory=list)
    upload_failed: int = 0

    def show_upload(self, done: int, total: int) -> None:
        self.uploads.append((done, total))

    def show_upload_failed(self) -> None:
        self.upload_failed += 1


@dataclass
class FakeWaitingView:
    """The waiting screen's part of the view."""

    waits: list[tuple[int | None, int | None]] = field(default_factory=list)

    def set_wait(self, ahead: int | None, minutes: int | None) -> None:
        self.waits.append((ahead, minutes))


@dataclass
class FakeView:
    """A `BoothView` that remembers: `screen` is the step or problem shown, `steps` every step shown."""

    check_in: FakeCheckInView = field(default_factory=FakeCheckInView)
    identity: FakeIdentityView = field(default_factory=FakeIdentityView)
    documents: FakeDocumentsView = field(default_factory=FakeDocumentsView)
    call: FakeCallView = field(default_factory=FakeCallView)
    signature: FakeSignatureView = field(default_factory=FakeSignatureView)
    heir: FakeIdentityView = field(default_factory=FakeIdentityView)
    waiting: FakeWaitingView = field(default_factory=FakeWaitingView)
    screen: Step | Problem = Step.WELCOME
    steps: list[Step] = field(default_factory=list)
    officer_frames: OfficerFrames | None = None
    problem_attempt: int = 0
    busy: bool = False
    busy_seen: bool = False
    language: str = "id"
    watching_inactivity: bool = False
    pokes: int = 0
    wiped: int = 0

    def show_step(self, step: Step, officer_frames: OfficerFrames | None = None) -> None:
        self.screen = step
        self.steps.append(step)
        if step is Step.CALL:
            self.officer_frames = officer_frames

    def show_problem(self, problem: Problem) -> None:
        self.screen = problem

    def set_problem_attempt(self, attempt: int) -> None:
        self.problem_attempt = attempt

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_seen = self.busy_seen or busy

    def set_language(self, language: str) -> None:
        self.language = language

    def watch_inactivity(self, on: bool) -> None:
        self.watching_inactivity = on

    def poke_inactivity(self) -> None:
        self.pokes += 1

    def wipe(self) -> None:
        self.wiped += 1
        self.documents.review = None

    heir_nik: str = ""

# ------------------------------------------------------------------------------------------------ the hub


@dataclass
class HubSession:
    """One session the fake hub opened."""

    id: str
    visit: VisitKind
    state: SessionState = SessionState.CHECKED_IN
    nik: str = ""
    kpj: str = ""
    claim: ClaimDetails | None = None
    documents: dict[str, UploadedDocument] = field(default_factory=dict)


class FakeHub:
    """An in-memory `BoothHubPort` (see the module docstring). `registry` maps NIK to the masked name."""

    def __init__(self, registry: dict[str, str] | None = None) -> None:
        self.up = True
        self.delay_s = 0.0
        self.registry = registry or {}
        self.sessions: dict[str, HubSession] = {}
        self.refuse_check_in: CheckInRefused | None = None
        self.calls: list[str] = []
        self.attention_raised: list[AttentionKind] = []
        self.upload_fails = False
        self._ids = itertools.count(1)

    async def _reach(self, name: str) -> None:
        self.calls.append(name)
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if not self.up:
            raise HubUnavailable("the fake hub is down")

    def _open(self, visit: VisitKind) -> CheckIn:
        if self.refuse_check_in is not None:
            raise self.refuse_check_in
        session = HubSession(f"s-{next(self._ids)}", visit)
        self.sessions[session.id] = session
        return CheckIn(session.id, visit)

    async def check_in_booking(self, code: str) -> CheckIn:
        await self._reach("check_in_booking")
        return self._open(VisitKind.ONLINE)

    async def check_in_walk_in(self) -> CheckIn:
        await self._reach("check_in_walk_in")
        return self._open(VisitKind.WALK_IN)

    async def identify(self, session_id: str, nik: str, kpj: str) -> IdentityMatch:
        await self._reach("identify")
        session = self.sessions.get(session_id)
        if session is None:
            raise IdentityRefused(IdentityRefusal.NOT_FOUND)
        session.nik, session.kpj = nik, kpj
        return IdentityMatch(masked_name=self.registry.get(nik, ""))

    async def identify_heir(self, session_id: str, heir: HeirEntry) -> IdentityMatch:
        await self._reach("identify_heir")
        session = self.sessions.get(session_id)
        if session is None:
            raise IdentityRefused(IdentityRefusal.NOT_FOUND)
        session.nik, session.kpj, session.heir_nik = heir.nik, heir.kpj, heir.heir_nik
        return IdentityMatch(masked_name=self.registry.get(heir.heir_nik, ""))

    async def save_claim(self, session_id: str, details: ClaimDetails) -> None:
        await self._reach("save_claim")
        self.sessions[session_id].claim = details

    async def upload_document(
        self,
        session_id: str,
        document: str,
        data: bytes,
        content_type: str,
        metrics: dict[str, float] | None = None,
        progress: ProgressCallback | None = None,
    ) -> UploadedDocument:
        await self._reach("upload_document")
        if self.upload_fails:
            raise RuntimeError("the fake hub refuses the upload")
        if progress is not None:
            progress(0, len(data))
        digest = hashlib.sha256(data).hexdigest()
        stored = UploadedDocument(f"d-{next(self._ids)}", digest)
        self.sessions[session_id].documents[document] = stored
        if progress is not None:
            progress(len(data), len(data))
        return stored

    async def set_state(self, session_id: str, state: SessionState) -> None:
        await self._reach("set_state")
        self.sessions[session_id].state = state

    async def attention(self, session_id: str, kind: AttentionKind) -> None:
        await self._reach("attention")
        self.attention_raised.append(kind)

    async def ping(self) -> bool:
        return self.up


# ------------------------------------------------------------------------------------------------ the call


class FakeCall:
    """A `CallPort`: records progress, attention and the booth's answers; `announce()` plays the hub."""

    def __init__(self, connected: bool = True) -> None:
        self.connected = connected
        self.session_id: str | None = None
        self.sent: list[ControlMessage] = []
        self.progress: list[SessionUpdatePayload] = []
        self.attention_raised: list[AttentionKind] = []
        self.attention_reasons: list[tuple[AttentionReason | None, str | None]] = []
        self.listener: Any = None
        self.volume = 1.0
        self.ended = 0
        self._queues: list[asyncio.Queue[SessionUpdatePayload]] = []

    def subscribe(self, listener: Any) -> None:
        """The booth's call flow listens (as it does to the real `CallLink`)."""
        self.listener = listener

    def subscribe_queue(self, listener: Any) -> None:
        """The booth's wait flow listens for its place in the queue."""
        self.queue_listener = listener

    def begin_session(self, session_id: str) -> None:
        self.session_id = session_id

    async def end_session(self) -> None:
        self.ended += 1
        self.session_id = None

    async def report_progress(self, update: SessionUpdatePayload) -> None:
        self.progress.append(update)

    async def attention(
        self, kind: AttentionKind, reason: AttentionReason | None = None, document: str | None = None
    ) -> bool:
        self.attention_raised.append(kind)
        self.attention_reasons.append((reason, document))
        return True

    async def send(self, message: ControlMessage) -> None:
        self.sent.append(message)

    def set_volume(self, gain: float) -> None:
        self.volume = gain

    def subscribe_session_updates(self) -> asyncio.Queue[SessionUpdatePayload]:
        queue: asyncio.Queue[SessionUpdatePayload] = asyncio.Queue()
        self._queues.append(queue)
        return queue

    def unsubscribe_session_updates(self, queue: asyncio.Queue[SessionUpdatePayload]) -> None:
        self._queues.remove(queue)

    @property
    def listening(self) -> bool:
        """True while the booth waits for a session update."""
        return bool(self._queues)

    def announce(self, update: SessionUpdatePayload) -> None:
        """The hub announces the session (e.g. with the registry's masked name)."""
        for queue in list(self._queues):
            queue.put_nowait(update)


# ------------------------------------------------------------------------------------------------ the booth


@dataclass
class FakeBooth:
    """The flows over fakes, and the fakes to look at."""

    flows: BoothFlows
    view: FakeView
    hub: FakeHub
    call: FakeCall | None
    ended: list[str] = field(default_factory=list)

    @property
    def state(self) -> VisitState:
        """The visit's state."""
        return self.flows.state


def make_booth(
    hub: FakeHub | None = None,
    call: FakeCall | None = None,
    camera: Any = None,
    video: VideoSettings | None = None,
    camera_lost_after_s: float = 4.0,
) -> FakeBooth:
    """The booth's flows over a fake view and `hub` (a `FakeHub` by default), started on the welcome screen."""
    view, hub = FakeView(), hub or FakeHub()
    flows = build_flows(VisitState(), view, hub, video or VideoSettings(still_min_sharpness=10.0), camera=camera,
                        call=call, camera_lost_after_s=camera_lost_after_s)
    booth = FakeBooth(flows, view, hub, call)
    flows.visit.subscribe_ended(booth.ended.append)
    flows.start()
    return booth
