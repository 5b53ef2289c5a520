"""A simulated participant of the online channel: books, prepares and joins from headless Chromium, as a person
at home would with a phone (the hub's own pages, through selenium; no shortcut through the API).

1. Book (``/online/book``): the branch, the visit's day, the first free slot, the claim type, NIK, KPJ and phone.
2. Prepare (``/online/prepare``): consent, the claim's reason, bank and account, and a photo of every document
   the page asks for (specimens drawn by `kiosk.video.specimens`, written to a temporary folder and removed).
3. Join (``/online/join``): the lobby's camera and microphone check (Chromium's fake devices), join the queue,
   the call with the officer; a signature when asked, prompts acknowledged; the claim reference at the end.

The result carries no personal data: the visitor's number and case, the session, the outcome and the reference.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kiosk.demo.cast import Visitor
from kiosk.video.specimens import (
    CardHolder,
    head_and_shoulders,
    paste,
    render_ektp,
    render_kpj_card,
    render_savings_book,
)

log = logging.getLogger("kiosk.demo.online")

#: The longest a page step may take (a page load, an upload and its checks).
STEP_TIMEOUT_S = 60.0
#: The longest the participant waits in the queue and in the call for the officer to finish.
CALL_TIMEOUT_S = 900.0
#: The visit is over: the page's own end screen.
END_SELECTOR = "#end"


class Refused(Exception):
    """The hub said no to something the participant did (a photo's quality): waiting longer would not help."""


@dataclass
class OnlineResult:
    """How one online visit went (for the orchestrator; nothing personal)."""

    number: int
    case: str
    channel: str = "online"
    booth: int | None = None
    session_id: str | None = None
    outcome: str = "not_final"
    reference: str | None = None
    booking_code: str | None = None
    checked_in_at: float | None = None
    ended_at: float | None = None
    notes: list[str] = field(default_factory=list)
    error: str | None = None


class OnlineParticipant:
    """Plays one online visitor after another in one browser (see the module docstring)."""

    def __init__(
        self,
        driver: Any,
        base_url: str,
        *,
        pace: float = 0.4,
        on_step: Callable[[str, OnlineResult], None] | None = None,
    ) -> None:
        self.driver = driver
        self.base_url = base_url.rstrip("/")
        self.pace = pace
        self.on_step = on_step

    # ------------------------------------------------------------------------------------------- helpers

    def _pause(self, seconds: float) -> None:
        time.sleep(seconds * self.pace)

    def _step(self, name: str, result: OnlineResult) -> None:
        log.info("visitor %d: %s", result.number, name)
        if self.on_step is not None:
            self.on_step(name, result)

    def _until(self, what: str, condition: Callable[[], Any], timeout_s: float = STEP_TIMEOUT_S) -> Any:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                value = condition()
            except Refused:
                raise
            except Exception:  # an element not there yet, a page still loading
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout_s:.0f} s for {what}")
            time.sleep(0.25)

    def _visible(self, css: str, timeout_s: float = STEP_TIMEOUT_S) -> Any:
        from selenium.webdriver.common.by import By

        return self._until(
            css,
            lambda: next((e for e in self.driver.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()), None),
            timeout_s,
        )

    def _click(self, element: Any) -> None:
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def _submit(self, form_id: str) -> None:
        self._click(self._visible(f"#{form_id} button[type=submit]"))

    def _select(self, element_id: str, value: str) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select

        self._visible(f"#{element_id} option")
        Select(self.driver.find_element(By.ID, element_id)).select_by_value(value)

    # ------------------------------------------------------------------------------------------- a visit

    def visit(self, visitor: Visitor, day: date) -> OnlineResult:
        """Book, prepare and join as `visitor` for `day`; the outcome (never raises)."""
        result = OnlineResult(visitor.number, visitor.case)
        photos = Path(tempfile.mkdtemp(prefix="kiosk-online-photos-"))
        try:
            self._book(visitor, day, result)
            self._prepare(visitor, photos, result)
            self._call(result)
        except Exception as exc:  # the orchestrator reports it; the browser is wiped below
            log.warning("visitor %d: %s", visitor.number, exc)
            result.error = f"{type(exc).__name__}: {exc}"
        finally:
            shutil.rmtree(photos, ignore_errors=True)
            self._wipe()
        result.ended_at = result.ended_at or time.time()
        return result

    def _book(self, visitor: Visitor, day: date, result: OnlineResult) -> None:
        from selenium.webdriver.common.by import By

        self.driver.get(self.base_url + "/online/")
        self.driver.add_cookie({"name": "kiosk_online_lang", "value": visitor.language, "path": "/online"})
        self.driver.get(self.base_url + "/online/book")
        self._step("book", result)
        self._visible("#branch option")
        for offered in (day, day + timedelta(days=1)):  # late in the day no slot is left: the next day's first
            self.driver.execute_script(
                "const d = document.getElementById('date'); d.value = arguments[0];"
                "d.dispatchEvent(new Event('change'));",
                offered.isoformat(),
            )
            # The page asked the hub for that day's slots (the browser's own record of its requests), and drew them.
            self._until("the day's slots", functools.partial(self._slots_asked, offered))
            time.sleep(0.5)
            if self._shown("#slots .slot:not([disabled])"):
                break
        self._click(self._visible("#slots .slot:not([disabled])"))
        self._select("claim_type", visitor.claim_type)
        for field_id, text in (("nik", visitor.nik), ("kpj", visitor.kpj), ("phone", "081234567890")):
            self.driver.find_element(By.ID, field_id).send_keys(text)
            self._pause(1.0)
        self._submit("book")
        self._until("the booking page", lambda: self.driver.current_url.endswith("/online/booking"))
        result.booking_code = self._visible("#b-code").text.strip() or None
        result.checked_in_at = time.time()

    def _prepare(self, visitor: Visitor, photos: Path, result: OnlineResult) -> None:
        from selenium.webdriver.common.by import By

        self.driver.get(self.base_url + "/online/prepare")
        self._step("prepare", result)
        self.driver.execute_script("arguments[0].click()", self._visible("#consent-check"))
        self._submit("consent")
        self._select("reason", visitor.reason)
        if self._shown("#last-day-box") and visitor.termination_date:
            self.driver.execute_script(
                "document.getElementById('last-day').value = arguments[0];", visitor.termination_date
            )
        self._select("bank", visitor.bank_code)
        self.driver.find_element(By.ID, "account").send_keys(visitor.account_number)
        self._submit("intake")
        self._visible("#intake-saved")
        self._visible("#docs .doc")
        for item in self.driver.find_elements(By.CSS_SELECTOR, "#docs .doc"):
            document = item.get_attribute("data-doc") or "document"
            photo = photos / f"{document}.jpg"
            cv2.imwrite(str(photo), document_photo(document, visitor), [cv2.IMWRITE_JPEG_QUALITY, 92])
            item.find_element(By.CSS_SELECTOR, "input.file").send_keys(str(photo))
            self._until(f"the hub's verdict on {document}", functools.partial(self._accepted, item))
            self._pause(1.0)
        result.session_id = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch('/api/v1/online/booking').then((r) => r.json()).then((b) => done(b.session_id), () => done(null));"
        )

    def _call(self, result: OnlineResult) -> None:
        from selenium.webdriver.common.by import By

        self.driver.get(self.base_url + "/online/join")
        self._step("lobby", result)
        join = self._until("the camera check", lambda: self._enabled("join"))
        self._pause(2.0)
        self._click(join)
        self._step("queue", result)
        deadline = time.monotonic() + CALL_TIMEOUT_S
        signed = False
        in_call = False
        while not self._shown(END_SELECTOR):
            if time.monotonic() > deadline:
                raise TimeoutError("the call did not end")
            if not in_call and self._shown("#call"):
                in_call = True
                self._step("call", result)
            if self._shown("#prompt-ok") and not self._shown("#countdown"):
                self._pause(1.5)
                # A capture's countdown may cover the prompt meanwhile: the next round tries again.
                with contextlib.suppress(Exception):
                    self._click(self.driver.find_element(By.ID, "prompt-ok"))
            if not signed and self._shown("#signature"):
                self._pause(2.0)
                self._sign()
                signed = True
            time.sleep(0.5)
        self._step("end", result)
        reference = self.driver.find_element(By.ID, "reference").text.strip()
        result.reference = reference or None
        result.outcome = "submitted" if reference else "rejected"
        result.ended_at = time.time()

    def _slots_asked(self, day: date) -> bool:
        return bool(self.driver.execute_script(
            "return performance.getEntriesByType('resource').some("
            "(e) => e.name.includes('/online/slots') && e.name.includes(arguments[0]));", day.isoformat()))

    @staticmethod
    def _accepted(item: Any) -> bool:
        """The hub accepted the photo of this document (its verdict is "good"); a refusal ends the visit."""
        from selenium.webdriver.common.by import By

        verdict = item.find_element(By.CSS_SELECTOR, ".verdict")
        classes = verdict.get_attribute("class") or ""
        if "bad" in classes:
            raise Refused(f"the hub refused the photo of {item.get_attribute('data-doc')}: {verdict.text}")
        return "good" in classes

    def _enabled(self, element_id: str) -> Any:
        from selenium.webdriver.common.by import By

        element = self.driver.find_element(By.ID, element_id)
        return element if element.is_displayed() and element.is_enabled() else None

    def _shown(self, css: str) -> bool:
        from selenium.webdriver.common.by import By

        return any(e.is_displayed() for e in self.driver.find_elements(By.CSS_SELECTOR, css))

    def _sign(self) -> None:
        """A signature drawn with the 'finger' across the pad, then "done"."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By

        pad = self.driver.find_element(By.ID, "sign-pad")
        width, height = pad.size["width"], pad.size["height"]
        actions = ActionChains(self.driver)
        actions.move_to_element_with_offset(pad, -width // 3, 0).click_and_hold()
        for step in range(1, 13):
            x = -width // 3 + step * (2 * width // 3) // 12
            y = int((height // 4) * np.sin(step * 1.1))
            actions.move_to_element_with_offset(pad, x, y)
        actions.release().perform()
        self._click(self.driver.find_element(By.ID, "sign-done"))

    def _wipe(self) -> None:
        """What a person closing the browser leaves: nothing (cookies and storage of the hub's origin cleared)."""
        try:
            self.driver.delete_all_cookies()
            self.driver.execute_script("localStorage.clear(); sessionStorage.clear();")
        except Exception:  # a browser that is already gone keeps nothing either
            log.debug("the browser could not be wiped", exc_info=True)


def document_photo(document: str, visitor: Visitor) -> np.ndarray:
    """A phone's photo of `document` for `visitor` (BGR): the matching specimen on a dark table, or the visitor's
    head and shoulders holding their e-KTP for a face photo."""
    ektp = render_ektp(
        CardHolder(visitor.card_nik or visitor.nik, visitor.card_name or "PESERTA CONTOH", "KEDIRI",
                   visitor.card_birth_date or "01-01-1980", portrait=visitor.card_portrait)
    )
    if document == "savings_book":
        picture = render_savings_book(visitor.account_number, visitor.card_name or "PESERTA CONTOH")
    elif document == "kpj_card":
        picture = render_kpj_card(visitor.kpj, visitor.card_name or "PESERTA CONTOH")
    else:
        picture = ektp
    table = np.full((900, 1400, 3), 48, np.uint8)
    if "face" in document or "selfie" in document:
        person = head_and_shoulders(visitor.face, 860)
        table = paste(table, person, 100, 20)
        small = cv2.resize(ektp, (ektp.shape[1] // 2, ektp.shape[0] // 2), interpolation=cv2.INTER_AREA)
        return paste(table, small, 100 + person.shape[1], 900 - small.shape[0] - 40)
    # Indoors, a phone's photo of white paper is not white: dimmed, as the booth's camera sees cards.
    picture = cv2.convertScaleAbs(picture, alpha=0.82, beta=0)
    scale = min(1100 / picture.shape[1], 700 / picture.shape[0])
    picture = cv2.resize(picture, (int(picture.shape[1] * scale), int(picture.shape[0] * scale)),
                         interpolation=cv2.INTER_AREA)
    return paste(table, picture, (1400 - picture.shape[1]) // 2, (900 - picture.shape[0]) // 2)
