"""`kiosk demo`'s conductor: a whole branch on this machine, every part its own process on 127.0.0.1.

    temporary folder (removed at the end) with the demo's settings file, the hub's SQLite file and documents,
    the console's outbox and recordings, the booths' device tokens and every process's log
      1. `kiosk server seed-demo`, then the hub (`kiosk server`) on a free port; wait for /healthz
      2. as the demo admin, through the REST API: enroll booths 1..N (one-time codes -> device tokens)
      3. the console (kiosk.demo.console_process), logged in as demo officer cso1, scripted officer or a person
      4. N booths (kiosk.demo.booth_process), each a real booth app with a synthetic camera and a simulated
         participant; free booths get the next visitor (kiosk.demo.cast), booked on the hub when they come with
         a booking
      5. when every visitor has finished (or on Ctrl+C, or at the time limit): the console's measurements, every
         process asked to quit (then terminated, then killed), the report checked against the hub's database

No Qt is imported here; the children run the apps. Children start in their own session, so Ctrl+C in the
terminal reaches only this process, which then stops them in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.config import toml_document
from kiosk.demo.cast import Arrival, Visitor, choose_cases, make_visitors
from kiosk.demo.layout import Placement, arrange, probe_screen
from kiosk.demo.report import all_final, build_report, check_database, format_summary
from kiosk.demo.wire import Message

log = logging.getLogger("kiosk.demo")

BRANCH = "KDR"
ADMIN = ("admin", "admin-demo")
OFFICER = ("cso1", "cso1-demo")
#: Seeded bookings for today (kiosk.server.seed): code -> the registry case that booked it.
SEEDED_BOOKINGS = {
    "KDR-DEMAA2": "jht_layoff_eligible",
    "KDR-DEMAB3": "jht_resignation_waiting",
    "KDR-DEMAC4": "jht_above_npwp_threshold_without_npwp",
}
#: Booking slots of the demo branch (08:00 to 14:30, seven visits each).
SLOTS = tuple(f"{h:02d}:{m:02d}" for h in range(8, 15) for m in (0, 30))
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 15.0


class DemoError(Exception):
    """The demo could not start (hub, seeding, enrollment) or a process failed."""


@dataclass
class DemoOptions:
    """What `kiosk demo` was asked to do."""

    booths: int = 4
    #: None: visitors keep coming until Ctrl+C (a person at the console).
    participants: int | None = None
    headless: bool = True
    scripted_officer: bool = True
    report: Path | None = None
    database_url: str | None = None
    cast: tuple[str, ...] | None = None
    pace: float = 0.4
    officer_pace: float = 0.4
    #: Seconds between the first visitors at successive booths (so they do not all reach the officer at once).
    stagger_s: float = 6.0
    inactivity_s: float = 20.0
    screenshots: Path | None = None
    keep: bool = False
    timeout_s: float | None = None
    camera: tuple[int, int, int] = (640, 360, 15)
    record_sessions: bool = True
    log_level: str = "INFO"


@dataclass
class Child:
    """A demo process: its messages come in as JSON lines, commands go out on its stdin."""

    name: str
    process: asyncio.subprocess.Process
    log_path: Path
    on_message: Callable[[Child, Message], None]
    reader: asyncio.Task[None] | None = None
    exited: asyncio.Event = field(default_factory=asyncio.Event)

    def start_reading(self) -> None:
        """Dispatch the child's messages as they come."""
        self.reader = asyncio.get_running_loop().create_task(self._read(), name=f"read-{self.name}")

    async def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            line = await stream.readline()
            if not line:
                break
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict):
                self.on_message(self, message)
        await self.process.wait()
        self.exited.set()

    def send(self, type_: str, **fields: Any) -> None:
        """Write one command; a child that is gone is ignored (its exit is noticed elsewhere)."""
        stdin = self.process.stdin
        if stdin is None or stdin.is_closing():
            return
        with contextlib.suppress(ConnectionError, RuntimeError):
            stdin.write((json.dumps({"type": type_, **fields}) + "\n").encode())

    @property
    def running(self) -> bool:
        """True until the process exited."""
        return self.process.returncode is None

    async def stop(self, timeout_s: float = STOP_TIMEOUT_S) -> None:
        """Ask to quit, then terminate, then kill."""
        if self.running:
            self.send("quit")
            with contextlib.suppress(ConnectionError, RuntimeError, OSError):
                if self.process.stdin is not None:
                    self.process.stdin.close()
        for action in (None, "terminate", "kill"):
            if not self.running:
                break
            if action == "terminate":
                with contextlib.suppress(ProcessLookupError):
                    self.process.terminate()
            elif action == "kill":
                with contextlib.suppress(ProcessLookupError):
                    self.process.kill()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.process.wait(), timeout_s if action != "kill" else 5.0)
        if self.reader is not None:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self.reader, 5.0)

    def log_tail(self, lines: int = 25) -> str:
        """The end of the child's log (logs never hold personal data)."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _die_with_parent() -> None:
    """In the child before exec: be sent SIGTERM when the orchestrator dies, however it dies (Linux)."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


PR_SET_PDEATHSIG = 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_settings(path: Path, sections: dict[str, dict[str, Any]], top: dict[str, Any]) -> None:
    """A TOML settings file (only the few value types the demo needs)."""
    path.write_text(toml_document(top, sections), encoding="utf-8")
    path.chmod(0o600)


class Demo:
    """One run of the demo (see the module docstring). `run()` returns the exit code."""

    def __init__(self, options: DemoOptions, out: Callable[[str], None] = print) -> None:
        self.options = options
        self.out = out
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-demo-"))
        self.children: list[Child] = []
        self.hub: Child | None = None
        self.console: Child | None = None
        self.booths: dict[int, Child] = {}
        self.base_url = ""
        self.database_url = ""
        self.today = date.today()
        self.visitors: list[Visitor] = []
        self.results: dict[int, dict[str, Any]] = {}
        #: Where unfinished visits stand (booth, session, screen), from the booths' screen messages.
        self.progress: dict[int, dict[str, Any]] = {}
        self.officer_sessions: list[dict[str, Any]] = []
        self.console_report: dict[str, Any] | None = None
        self._waiting_booths: deque[int] = deque()
        self._ready: set[str] = set()
        self._next_visitor = 0
        self._dispatching = False
        self._first_round: set[int] = set()
        self._stop = asyncio.Event()
        self._changed = asyncio.Event()
        self._failure: str | None = None
        self._seeded_codes = dict(SEEDED_BOOKINGS)
        self._slot = 0
        self._admin: Any = None

    # -------------------------------------------------------------------------------------------- running

    async def run(self) -> int:
        """Start everything, let the visitors come, stop everything, report; the exit code."""
        started = time.time()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self._interrupt)
        interrupted = False
        report: dict[str, Any] | None = None
        code = 0
        try:
            await self._start()
            interrupted = not await self._serve_visitors()
            await self._collect_console_report()
        except _ConsoleClosed:
            self.out("kiosk demo: the console was closed")
            interrupted = True
        except DemoError as exc:
            self._failure = str(exc)
        except Exception as exc:  # whatever it is, the processes are stopped and the folder removed below
            log.exception("the demo failed")
            self._failure = f"unexpected {type(exc).__name__}: {exc}"
        finally:
            await self._stop_children()
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.remove_signal_handler(sig)
        try:
            if self.visitors or self.results:
                report = self._report(started, interrupted)
            if self._failure:
                self.out(f"kiosk demo: {self._failure}")
                self._print_logs()
                code = 1
            if report is not None:
                self.out(format_summary(report))
                if self.options.report is not None:
                    self.options.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
                    self.out(f"report written to {self.options.report}")
                check = report.get("database_check", {})
                if not check.get("ok", False):
                    code = code or 1
                if not interrupted and not all_final(report):
                    self._print_logs()
                    code = code or 1
            if interrupted:
                self.out("kiosk demo: stopped.")
                if not code and self.options.participants is not None:
                    code = 130
        finally:
            self._remove_folder()
        return code

    def _interrupt(self) -> None:
        if self._stop.is_set():
            # A second Ctrl+C: no more waiting for anyone.
            for child in self.children:
                with contextlib.suppress(ProcessLookupError):
                    child.process.kill()
            return
        self.out("\nkiosk demo: stopping (Ctrl+C again to stop at once) …")
        self._stop.set()
        self._changed.set()

    def _remove_folder(self) -> None:
        if self.options.keep:
            self.out(f"kept the demo's folder: {self.folder}")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)

    # -------------------------------------------------------------------------------------------- starting

    async def _start(self) -> None:
        options = self.options
        port = _free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        (self.folder / "logs").mkdir()
        self.config = self.folder / "demo.toml"
        cap = min(options.booths, 12)
        write_settings(
            self.config,
            {
                "server": {
                    "host": "127.0.0.1",
                    "port": port,
                    "data_dir": str(self.folder / "hub"),
                    "database_url": options.database_url,
                    "default_console_cap": max(6, cap),
                },
                "booth": {
                    "hub_url": self.base_url,
                    "camera": "synthetic",
                    "camera_width": options.camera[0],
                    "camera_height": options.camera[1],
                    "camera_fps": options.camera[2],
                    "microphone": "tone",
                    "speaker": "null",
                    "fullscreen": False,
                    "inactivity_timeout_s": options.inactivity_s,
                    "inactivity_countdown_s": 10.0,
                },
                "console": {
                    "hub_url": self.base_url,
                    "data_dir": str(self.folder / "console"),
                    "default_cap": cap,
                    "max_cap": max(6, cap),
                    "sound": not options.headless,
                    "camera": "synthetic",
                    "microphone": "tone",
                    "speaker": "null",
                    "record_sessions": options.record_sessions,
                },
                "video": {"ice_host_addresses": ["127.0.0.1"], "reconnect_backoff_s": [0.5, 1.0, 2.0, 4.0]},
            },
            {"log_level": options.log_level},
        )
        from kiosk.config import load_settings

        self.database_url = load_settings(self.config).database_url()
        self.out(f"kiosk demo: a branch with {options.booths} booths in {self.folder}")
        await self._run_once("seed", "-m", "kiosk", "--config", str(self.config), "server", "seed-demo")
        self.hub = await self._spawn("hub", ["-m", "kiosk", "--config", str(self.config), "server"], {})
        await self._wait_for_hub()
        self.out(f"  hub        {self.base_url}  (dashboard {self.base_url}/dashboard, admin / admin-demo)")
        tokens = await asyncio.to_thread(self._enroll_booths)
        self.today = await asyncio.to_thread(self._branch_today)
        self._plan_visitors()

        console_place, booth_places = self._placements()
        env = {"KIOSK_DEMO_PASSWORD": OFFICER[1]}
        console_args = ["-m", "kiosk.demo.console_process", "--config", str(self.config), "--username", OFFICER[0],
                        "--officer", "scripted" if options.scripted_officer else "human",
                        "--pace", str(options.officer_pace)]
        if options.screenshots:
            console_args += ["--screenshots", str(options.screenshots)]
        if console_place is not None:
            console_args += ["--geometry", console_place.geometry_argument()]
            env["QT_SCALE_FACTOR"] = str(console_place.scale)
        self.console = await self._spawn("console", console_args, env)
        for number in range(1, options.booths + 1):
            args = ["-m", "kiosk.demo.booth_process", "--config", str(self.config), "--booth", str(number),
                    "--token-file", str(tokens[number]), "--pace", str(options.pace)]
            booth_env: dict[str, str] = {}
            if options.screenshots and number == 1:
                args += ["--screenshots", str(options.screenshots)]
            place = booth_places[number - 1] if booth_places else None
            if place is not None:
                args += ["--geometry", place.geometry_argument()]
                booth_env["QT_SCALE_FACTOR"] = str(place.scale)
            self.booths[number] = await self._spawn(f"booth-{number}", args, booth_env)
        officer = "the scripted officer" if options.scripted_officer else "you (log-in done: the console is yours)"
        self.out(f"  console    officer {OFFICER[0]} ({officer})")
        self.out(f"  booths     1..{options.booths}, each with a synthetic camera and a simulated participant")
        deadline = time.monotonic() + START_TIMEOUT_S
        wanted = {"console", *(f"booth-{n}" for n in self.booths)}
        while not wanted <= self._ready:
            self._check_children()
            if self._stop.is_set():
                raise DemoError("stopped while starting")
            if time.monotonic() > deadline:
                raise DemoError("not every process came up: missing " + ", ".join(sorted(wanted - self._ready)))
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), 0.5)

    def _placements(self) -> tuple[Placement | None, list[Placement]]:
        if self.options.headless:
            return None, []
        screen = probe_screen()
        if screen is None:
            return None, []
        return arrange(screen, self.options.booths)

    async def _run_once(self, name: str, *args: str) -> None:
        log_path = self.folder / "logs" / f"{name}.log"
        with log_path.open("wb") as log_file:
            process = await asyncio.create_subprocess_exec(
                sys.executable, *args, stdin=asyncio.subprocess.DEVNULL, stdout=log_file, stderr=log_file,
                env=self._environment({}), start_new_session=True, preexec_fn=_die_with_parent,
            )
            try:
                code = await asyncio.wait_for(process.wait(), START_TIMEOUT_S)
            except TimeoutError:
                process.kill()
                raise DemoError(f"{name} took too long") from None
        if code != 0:
            tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-15:])
            raise DemoError(f"{name} failed (exit {code}):\n{tail}")

    def _environment(self, extra: dict[str, str]) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("KIOSK_CONFIG", None)
        for key in [k for k in env if k.startswith("KIOSK_")]:
            env.pop(key)  # the demo's settings file alone decides
        env["PYTHONUNBUFFERED"] = "1"
        if self.options.headless:
            env["QT_QPA_PLATFORM"] = "offscreen"
        env.update(extra)
        return env

    async def _spawn(self, name: str, args: list[str], env: dict[str, str]) -> Child:
        log_path = self.folder / "logs" / f"{name}.log"
        log_file = log_path.open("wb")
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable, *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=log_file, env=self._environment(env), start_new_session=True,
                preexec_fn=_die_with_parent, limit=1024 * 1024,
            )
        finally:
            log_file.close()  # the child has its own copy
        child = Child(name, process, log_path, self._on_message)
        child.start_reading()
        self.children.append(child)
        return child

    async def _wait_for_hub(self) -> None:
        from kiosk.client.errors import HubClientError
        from kiosk.client.hub_api import HubClient

        client = HubClient(self.base_url, timeout=2.0)
        deadline = time.monotonic() + START_TIMEOUT_S
        try:
            while True:
                self._check_children()
                try:
                    await asyncio.to_thread(client.health)
                    return
                except HubClientError:
                    pass
                if time.monotonic() > deadline:
                    raise DemoError("the hub did not answer")
                await asyncio.sleep(0.2)
        finally:
            client.close()

    def _enroll_booths(self) -> dict[int, Path]:
        """Booths 1..N enrolled with one-time codes, as the setup wizard does; their device token files."""
        from kiosk.client.hub_api import HubClient

        self._admin = HubClient(self.base_url, timeout=10.0)
        self._admin.login(*ADMIN)
        tokens: dict[int, Path] = {}
        for number in range(1, self.options.booths + 1):
            code = self._admin.create_enrollment_code(BRANCH, number)
            booth = HubClient(self.base_url, timeout=10.0)
            enrollment = booth.enroll(code.code)
            booth.close()
            path = self.folder / f"booth-{number}.token"
            path.write_text(enrollment.device_token + "\n", encoding="utf-8")
            path.chmod(0o600)
            tokens[number] = path
        return tokens

    def _branch_today(self) -> date:
        """The branch's date (Asia/Jakarta): the registry's dates and the bookings count from it."""
        today: date = self._admin.branch_today(BRANCH).date
        return today

    def _plan_visitors(self) -> None:
        count = self.options.participants if self.options.participants is not None else 10_000
        self.visitors = make_visitors(choose_cases(count, self.options.cast), self.today)

    def _book(self, visitor: Visitor) -> Visitor:
        """The visitor's booking code: a seeded one for their registry case while unused, else a new booking."""
        from kiosk.demo.cast import CASES_BY_KEY

        case = CASES_BY_KEY[visitor.case]
        for code, registry_case in list(self._seeded_codes.items()):
            if registry_case == case.registry_case:
                del self._seeded_codes[code]
                return replace(visitor, booking_code=code)
        for _ in range(len(SLOTS)):
            slot = SLOTS[self._slot % len(SLOTS)]
            self._slot += 1
            try:
                booking = self._admin.create_booking(BRANCH, self.today, slot, visitor.nik, visitor.kpj,
                                                     visitor.claim_type)
            except Exception as exc:  # a full slot: try the next one
                log.info("booking in slot %s refused: %s", slot, type(exc).__name__)
                continue
            return replace(visitor, booking_code=booking.code)
        raise DemoError("no booking slot left today")

    # -------------------------------------------------------------------------------------------- messages

    def _on_message(self, child: Child, message: Message) -> None:
        kind = message.get("type")
        if kind == "ready":
            self._ready.add(child.name)
        elif kind == "idle" and child.name.startswith("booth-"):
            self._waiting_booths.append(int(message["booth"]))
        elif kind == "result":
            result = message["result"]
            self.results[int(result["number"])] = result
            self._say_result(result)
        elif kind == "screen" and message.get("visitor") is not None:
            number = int(message["visitor"])
            if number not in self.results:
                self.progress[number] = {
                    "number": number, "booth": message.get("booth"), "session_id": message.get("session_id"),
                    "outcome": f"in_progress ({message.get('screen')})",
                }
        elif kind == "session":
            self.officer_sessions.append(message["session"])
        elif kind == "report":
            self.console_report = message["report"]
        elif kind == "error":
            self._failure = f"{child.name}: {message.get('message')}"
        self._changed.set()

    def _say_result(self, result: dict[str, Any]) -> None:
        visitor = next((v for v in self.visitors if v.number == result["number"]), None)
        what = visitor.label if visitor else result["case"]
        outcome = result["outcome"] + (f" {result['reference']}" if result.get("reference") else "")
        if result.get("error"):
            outcome += f" ({result['error']})"
        self.out(f"  visitor {result['number']:>3} at booth {result['booth']}: {what}: {outcome}")

    def _check_children(self) -> None:
        """Raise when a process ended on its own (a person closing the console ends a desktop demo)."""
        for child in self.children:
            code = child.process.returncode
            if code is None:
                continue
            if child is self.console and not self.options.scripted_officer:
                raise _ConsoleClosed()
            raise DemoError(f"{child.name} stopped unexpectedly (exit {code})")

    # -------------------------------------------------------------------------------------------- visitors

    async def _serve_visitors(self) -> bool:
        """Hand visitors to free booths until all are done; False when stopped early (Ctrl+C, time limit)."""
        options = self.options
        limit = options.timeout_s
        deadline = time.monotonic() + limit if limit else None
        started = time.monotonic()
        total = len(self.visitors) if options.participants is not None else None
        while True:
            if self._stop.is_set():
                return False
            self._check_children()
            if deadline is not None and time.monotonic() > deadline:
                self.out(f"kiosk demo: time limit of {limit:.0f} s reached")
                return False
            await self._dispatch(started)
            if total is not None and len(self.results) >= total:
                return True
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), 0.5)

    async def _dispatch(self, started: float) -> None:
        """Send the next visitor to each free booth (the first ones staggered)."""
        while self._waiting_booths and self._next_visitor < len(self.visitors):
            booth = self._waiting_booths[0]
            if booth not in self._first_round:
                # The first visitors arrive one after the other, not all at the same second.
                due = started + self.options.stagger_s * len(self._first_round)
                if time.monotonic() < due:
                    return
                self._first_round.add(booth)
            self._waiting_booths.popleft()
            visitor = self.visitors[self._next_visitor]
            self._next_visitor += 1
            if visitor.arrival == Arrival.BOOKING.value:
                visitor = await asyncio.to_thread(self._book, visitor)
                self.visitors[visitor.number - 1] = visitor
            self.booths[booth].send("visitor", visitor=visitor.to_json())

    # -------------------------------------------------------------------------------------------- stopping

    async def _collect_console_report(self) -> None:
        console = self.console
        if console is None or not console.running:
            return
        console.send("report")
        deadline = time.monotonic() + 10.0
        while self.console_report is None and console.running and time.monotonic() < deadline:
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), 0.5)

    async def _stop_children(self) -> None:
        """Booths and console first (they hang up and close their links), the hub last."""
        others = [c for c in self.children if c is not self.hub]
        await asyncio.gather(*(c.stop() for c in others), return_exceptions=True)
        if self.hub is not None and self.hub.running:
            with contextlib.suppress(ProcessLookupError):
                self.hub.process.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown
            await self.hub.stop()
        if self._admin is not None:
            self._admin.close()

    def _report(self, started: float, interrupted: bool) -> dict[str, Any]:
        handed = [v for v in self.visitors if v.number <= self._next_visitor]
        report = build_report(
            booths=self.options.booths,
            visitors=[v.to_json() for v in (handed if self.options.participants is None else self.visitors)],
            results={**self.progress, **self.results},
            officer_sessions=self.officer_sessions,
            console=self.console_report,
            database="postgresql" if self.database_url.startswith("postgresql") else "sqlite",
            started_at=started,
            finished_at=time.time(),
            interrupted=interrupted,
        )
        try:
            check_database(report, self.database_url)
        except Exception as exc:  # the database may be gone when the start failed
            report["database_check"] = {"ok": False, "problems": [f"cannot read the database: {exc}"],
                                        "sessions": 0, "claims": 0}
        return report

    def _print_logs(self) -> None:
        for child in self.children:
            if child.name == "hub" and child.process.returncode in (0, None):
                continue
            tail = child.log_tail()
            if tail:
                self.out(f"--- last lines of {child.name}'s log ---\n{tail}")


class _ConsoleClosed(Exception):
    """A person closed the console's window: the demo ends."""


def run_demo(options: DemoOptions) -> int:
    """Run the demo to the end; the exit code."""
    return asyncio.run(Demo(options).run())
