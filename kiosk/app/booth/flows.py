"""All of a booth's flows, built together: `build_flows()` wires them by constructor injection.

The window's adapter (`kiosk.ui.booth.window_view`) forwards the screens' input to the flow of each concern;
the call link announces the officer's side to `BoothFlows.call` (subscribed by the app's wiring).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.app.booth.call_flow import CallFlow
from kiosk.app.booth.call_port import CallPort
from kiosk.app.booth.camera_port import Camera
from kiosk.app.booth.checkin_flow import CheckInFlow
from kiosk.app.booth.consent_flow import ConsentFlow
from kiosk.app.booth.control_replies import ControlReplies
from kiosk.app.booth.documents_flow import DocumentsFlow
from kiosk.app.booth.health_flow import CameraHealthFlow
from kiosk.app.booth.heir_flow import HeirFlow
from kiosk.app.booth.hub_port import BoothHubPort
from kiosk.app.booth.identity_flow import IdentityFlow
from kiosk.app.booth.purpose_flow import PurposeFlow
from kiosk.app.booth.receipt import ReceiptFlow
from kiosk.app.booth.service_flow import ServiceFlow
from kiosk.app.booth.signature_flow import SignatureFlow
from kiosk.app.booth.state import VisitState
from kiosk.app.booth.view import BoothView
from kiosk.app.booth.visit_flow import VisitFlow
from kiosk.app.booth.wait_flow import WaitFlow
from kiosk.config import VideoSettings


@dataclass
class BoothFlows:
    """One flow per concern of a visit, around the `VisitFlow` they share."""

    visit: VisitFlow
    check_in: CheckInFlow
    consent: ConsentFlow
    identity: IdentityFlow
    service: ServiceFlow
    documents: DocumentsFlow
    call: CallFlow
    signature: SignatureFlow
    health: CameraHealthFlow
    purpose: PurposeFlow
    heir: HeirFlow
    wait: WaitFlow
    receipt: ReceiptFlow | None = None

    @property
    def state(self) -> VisitState:
        """The current visit's state."""
        return self.visit.state

    def start(self) -> None:
        """Show the welcome screen."""
        self.visit.start()

    def shutdown(self) -> None:
        """Stop everything the flows run: app exit."""
        self.visit.shutdown()


def build_flows(
    state: VisitState,
    view: BoothView,
    hub: BoothHubPort,
    video: VideoSettings,
    *,
    default_language: str = "id",
    camera: Camera | None = None,
    call: CallPort | None = None,
    camera_lost_after_s: float = 4.0,
    result_timeout_s: float | None = None,
    receipt_printer: str | None = None,
    booth_number: int | None = None,
) -> BoothFlows:
    """The booth's flows over its ports: the view, the hub, the camera and (when there is one) the call link."""
    visit = VisitFlow(state, view, hub, default_language, call)
    if result_timeout_s is not None:
        visit.result_timeout_s = result_timeout_s
    replies = ControlReplies(call, visit.tasks)
    signature = SignatureFlow(visit, replies)
    call_flow = CallFlow(visit, signature, replies, video, camera, call)
    documents = DocumentsFlow(visit, call_flow, video, camera)
    return BoothFlows(
        visit=visit,
        check_in=CheckInFlow(visit, camera, call),
        consent=ConsentFlow(visit),
        identity=IdentityFlow(visit, call),
        service=ServiceFlow(visit, call_flow),
        documents=documents,
        call=call_flow,
        signature=signature,
        health=CameraHealthFlow(visit, camera, camera_lost_after_s, on_lost=documents.stop_capture),
        purpose=PurposeFlow(visit),
        heir=HeirFlow(visit, call),
        wait=WaitFlow(visit),
        receipt=ReceiptFlow(visit, receipt_printer, booth_number) if receipt_printer else None,
    )
