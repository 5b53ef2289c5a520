"""The claim slip: a receipt printed on the booth's ESC/POS printer when a claim is submitted.

The slip holds what the participant needs to follow the claim up and nothing else: the claim number (as text and
as a QR code), the claim type, the date, the branch and booth, and where to ask. Never the NIK, the KPJ number,
the name or the bank account: a slip left behind in the booth must not tell a stranger anything about its owner.

`booth.receipt_printer` names the printer (`open_printer`). Printing runs off the loop (`run_blocking`); a printer
that fails (no paper, unplugged) never loses the result: the result screen says the slip could not be printed
and the claim number stays on the screen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.app.blocking import run_blocking
from kiosk.app.booth.state import SlipStatus, Step
from kiosk.app.booth.visit_flow import VisitFlow
from kiosk.protocol import Outcome

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Slip:
    """What a slip says (all of it safe to leave behind: no NIK, no account, no name)."""

    reference: str
    claim_type: str
    printed_at: datetime
    booth_number: int | None = None
    language: str = "id"

    def lines(self) -> list[str]:
        """The slip's text lines, in the participant's language."""
        en = self.language == "en"
        lines = [
            "BPJS Ketenagakerjaan",
            "Claim receipt" if en else "Tanda terima klaim",
            "",
            ("Claim number:" if en else "Nomor klaim:"),
            self.reference,
            "",
            ("Claim: " if en else "Klaim: ") + self.claim_type,
            ("Date: " if en else "Tanggal: ") + self.printed_at.strftime("%d-%m-%Y %H:%M"),
        ]
        if self.booth_number:
            lines.append(("Booth " if en else "Bilik ") + str(self.booth_number))
        lines += [
            "",
            "Keep this slip. Ask about your claim with this number at the branch office."
            if en
            else "Simpan tanda terima ini. Tanyakan status klaim dengan nomor ini di kantor cabang.",
        ]
        return lines


def open_printer(name: str) -> Any:
    """The escpos printer `name` names: ``usb:VID:PID`` (hex), ``network:HOST[:PORT]``, else a device file."""
    from escpos import printer

    if name.startswith("usb:"):
        _, vendor, product = name.split(":", 2)
        return printer.Usb(int(vendor, 16), int(product, 16))
    if name.startswith("network:"):
        host, _, port = name.removeprefix("network:").partition(":")
        return printer.Network(host, int(port or 9100), timeout=10)
    return printer.File(name)


def print_slip(device: Any, slip: Slip) -> None:
    """Print `slip` on an open escpos `device` and cut the paper (blocking: run it off the loop)."""
    try:
        device.set(align="center", bold=True)
        for line in slip.lines()[:2]:
            device.text(line + "\n")
        device.set(align="center", bold=False)
        for line in slip.lines()[2:4]:
            device.text(line + "\n")
        device.set(align="center", bold=True, double_height=True, double_width=False)
        device.text(slip.reference + "\n")
        device.set(align="left", bold=False, normal_textsize=True)
        for line in slip.lines()[5:]:
            device.text(line + "\n")
        device.qr(slip.reference, size=6, center=True)
        device.cut()
    finally:
        close = getattr(device, "close", None)
        if close is not None:
            close()


class ReceiptFlow:
    """Prints the slip when a submitted claim's result is shown (when a printer is configured)."""

    def __init__(self, visit: VisitFlow, printer_name: str | None, booth_number: int | None = None) -> None:
        self.visit = visit
        self.printer_name = printer_name
        self.booth_number = booth_number
        visit.on_step(self._step_shown)

    def _step_shown(self, step: Step, resumed: bool) -> None:
        state = self.visit.state
        result = state.result
        if step is not Step.RESULT or resumed or self.printer_name is None:
            return
        if result is None or result.outcome is not Outcome.SUBMITTED or not result.reference:
            return
        entry = state.claim_entry()
        slip = Slip(
            reference=result.reference,
            claim_type=entry.name(state.language) if entry is not None else "",
            printed_at=datetime.now(),
            booth_number=self.booth_number,
            language=state.language,
        )
        name = self.printer_name
        self._status(SlipStatus.PRINTING)

        def done(_result: object) -> None:
            self._status(SlipStatus.PRINTED)

        def failed(error: BaseException) -> None:
            # The claim number stays on the screen; only the paper copy is missing.
            log.warning("booth: slip not printed (%s)", type(error).__name__)
            self._status(SlipStatus.FAILED)

        self.visit.tasks.start(run_blocking(lambda: print_slip(open_printer(name), slip)), on_result=done,
                               on_error=failed, name="slip")

    def _status(self, status: SlipStatus) -> None:
        self.visit.state.slip = status
        self.visit.state.changed()
