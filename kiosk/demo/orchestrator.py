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

This module conducts; the parts live one concern per module: `options` (what was asked), `branch` (the settings
file, accounts and enrolled booths), `processes` (starting, reading and stopping children), `schedule` (which
visitor goes to which booth, and their bookings) and `report` (what happened, checked against the database).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.demo.branch import ADMIN, BRANCH, OFFICER, enroll_booths, write_demo_settings, write_settings
from kiosk.demo.cast import ONLINE_CASES, Visitor, choose_cases, make_visitors
from kiosk.demo.layout import Placement, arrange, probe_screen
from kiosk.demo.options import DemoError, DemoOptions
from kiosk.demo.processes import START_TIMEOUT_S, STOP_TIMEOUT_S, Child, Processes, free_port
from kiosk.demo.report import all_final, build_report, check_database, collective_line, format_summary
from kiosk.demo.schedule import SEEDED_BOOKINGS, SLOTS, Bookings, VisitorSchedule
from kiosk.demo.wire import Message

if TYPE_CHECKING:
    from kiosk.demo.turn import TurnServer

__all__ = [
    "ADMIN",
    "BRANCH",
    "OFFICER",
    "SEEDED_BOOKINGS",
    "SLOTS",
    "START_TIMEOUT_S",
    "STOP_TIMEOUT_S",
    "Child",
    "Demo",
    "DemoError",
    "DemoOptions",
    "run_demo",
    "write_settings",
]

log = logging.getLogger("kiosk.demo")


class Demo:
    """One run of the demo (see the module docstring). `run()` returns the exit code."""

    def __init__(self, options: DemoOptions, out: Callable[[str], None] = print) -> None:
        self.options = options
        self.out = out
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-demo-"))
        self.processes = Processes(self.folder / "logs", options.headless, self._on_message)
        self.hub: Child | None = None
        self.console: Child | None = None
        self.booths: dict[int, Child] = {}
        #: The online participants' browsers (`kiosk demo --online N`), by seat.
        self.online: dict[int, Child] = {}
        self.online_visitors: list[Visitor] = []
        self._online_handed = 0
        #: coturn (`--relay`), Redis and nginx (`--instances`); closed after the processes stopped.
        self._services = contextlib.ExitStack()
        #: Every hub instance (one unless `--instances`), and their ports.
        self.hubs: list[Child] = []
        self.hub_ports: list[int] = []
        #: Per instance: the signaling sockets it held for a branch another instance ran (`--instances`).
        self.forwarded: list[int] = []
        self.turn_server: TurnServer | None = None
        #: coturn's relay allocations of the run (with `--relay`), read before it stops.
        self.relay_allocations: int | None = None
        self.base_url = ""
        self.database_url = ""
        self.today = date.today()
        self.schedule = VisitorSchedule(options.stagger_s)
        self.bookings: Bookings | None = None
        self.results: dict[int, dict[str, Any]] = {}
        #: Where unfinished visits stand (booth, session, screen), from the booths' screen messages.
        self.progress: dict[int, dict[str, Any]] = {}
        self.officer_sessions: list[dict[str, Any]] = []
        self.console_report: dict[str, Any] | None = None
        self._ready: set[str] = set()
        self._stop = asyncio.Event()
        self._changed = asyncio.Event()
        self._failure: str | None = None
        self._admin: Any = None
        #: The collective filing (`--collective N`): the console's summary of the batch once worked, or the
        #: reason the filing failed.
        self.collective_summary: dict[str, Any] | None = None
        self._collective_task: asyncio.Task[None] | None = None

    @property
    def children(self) -> list[Child]:
        """Every process started so far."""
        return self.processes.children

    @property
    def visitors(self) -> list[Visitor]:
        """Every planned visitor, in order (booking codes filled in as they are handed to a booth), the online ones
        last."""
        return self.schedule.visitors + self.online_visitors

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
            if self.options.collective:
                self._collective_task = asyncio.get_running_loop().create_task(self._file_collective())
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
        port = free_port()
        (self.folder / "logs").mkdir()
        self.config = self.folder / "demo.toml"
        turn = None
        if options.relay:
            from kiosk.demo.turn import TurnUnavailable, running_turn

            try:
                turn = self._services.enter_context(running_turn())
            except (TurnUnavailable, RuntimeError) as exc:
                raise DemoError(f"no TURN server for --relay: {exc}") from None
        self.turn_server = turn
        cluster = self._start_proxy() if options.instances > 1 else None
        self.base_url = write_demo_settings(self.config, options, self.folder, port, turn, cluster)
        from kiosk.config import load_settings

        self.database_url = load_settings(self.config).database_url()
        self.out(f"kiosk demo: a branch with {options.booths} booths in {self.folder}")
        if turn is not None:
            self.out(f"  turn       coturn on {turn.host}:{turn.port}: every call relayed (relay-only ICE)")
        await self.processes.run_once("seed", "-m", "kiosk", "--config", str(self.config), "server", "seed-demo")
        if cluster is None:
            self.hub = await self.processes.spawn("hub", ["-m", "kiosk", "--config", str(self.config), "server"], {})
            self.hubs = [self.hub]
        else:
            for number, hub_port in enumerate(self.hub_ports, start=1):
                args = ["-m", "kiosk", "--config", str(self.config), "server", "--port", str(hub_port)]
                self.hubs.append(await self.processes.spawn(f"hub-{number}", args, {}))
            self.hub = self.hubs[0]
        await self._wait_for_hub()
        self.out(f"  hub        {self.base_url}  (dashboard {self.base_url}/dashboard, admin / admin-demo)")
        if cluster is not None:
            ports = ", ".join(str(p) for p in self.hub_ports)
            self.out(f"  instances  {len(self.hubs)} hub instances (ports {ports}) behind nginx with TLS, one Redis")
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
        self.console = await self.processes.spawn("console", console_args, env)
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
            self.booths[number] = await self.processes.spawn(f"booth-{number}", args, booth_env)
        for seat in range(1, options.online + 1):
            args = ["-m", "kiosk.demo.online_process", "--base-url", self.base_url, "--seat", str(seat),
                    "--pace", str(options.pace), "--log-level", options.log_level]
            self.online[seat] = await self.processes.spawn(f"online-{seat}", args, {})
        officer = "the scripted officer" if options.scripted_officer else "you (log-in done: the console is yours)"
        self.out(f"  console    officer {OFFICER[0]} ({officer})")
        self.out(f"  booths     1..{options.booths}, each with a synthetic camera and a simulated participant")
        if options.online:
            self.out(f"  online     {options.online} participants in headless Chromium (book, prepare, join)")
        deadline = time.monotonic() + START_TIMEOUT_S
        wanted = {"console", *(f"booth-{n}" for n in self.booths), *(f"online-{n}" for n in self.online)}
        while not wanted <= self._ready:
            self._check_children()
            if self._stop.is_set():
                raise DemoError("stopped while starting")
            if time.monotonic() > deadline:
                raise DemoError("not every process came up: missing " + ", ".join(sorted(wanted - self._ready)))
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), 0.5)

    def _start_proxy(self) -> tuple[str, list[str]]:
        """Redis and nginx for `--instances N`; (the Redis URL, the proxy's address). Every process of the demo
        (and this one) trusts the proxy's throwaway certificate through the environment."""
        from kiosk.demo.proxy import ProxyUnavailable, running_proxy
        from kiosk.demo.redis_server import RedisUnavailable, running_redis

        self.hub_ports = [free_port() for _ in range(self.options.instances)]
        try:
            redis_url = self._services.enter_context(running_redis())
            proxy = self._services.enter_context(running_proxy([f"127.0.0.1:{p}" for p in self.hub_ports]))
        except (RedisUnavailable, ProxyUnavailable) as exc:
            raise DemoError(f"cannot run several hub instances: {exc}") from None
        os.environ.update(proxy.client_env())
        return redis_url, [proxy.url]

    def _instance_counts(self) -> list[int]:
        """Per instance, the signaling sockets it held for a branch another instance ran (from its metrics)."""
        import requests
        from prometheus_client.parser import text_string_to_metric_families

        counts = []
        for hub_port in self.hub_ports:
            try:
                text = requests.get(f"http://127.0.0.1:{hub_port}/metrics", timeout=5).text
            except requests.RequestException:
                counts.append(-1)
                continue
            samples = [s.value for family in text_string_to_metric_families(text) for s in family.samples
                       if s.name == "kiosk_ws_forwarded_total"]
            counts.append(int(sum(samples)))
        return counts

    def _placements(self) -> tuple[Placement | None, list[Placement]]:
        if self.options.headless:
            return None, []
        screen = probe_screen()
        if screen is None:
            return None, []
        return arrange(screen, self.options.booths)

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
        return enroll_booths(self._admin, self.base_url, self.folder, self.options.booths)

    def _branch_today(self) -> date:
        """The branch's date (Asia/Jakarta): the registry's dates and the bookings count from it."""
        today: date = self._admin.branch_today(BRANCH).date
        return today

    def _plan_visitors(self) -> None:
        count = self.options.participants if self.options.participants is not None else 10_000
        self.schedule.visitors = make_visitors(choose_cases(count, self.options.cast), self.today)
        self.bookings = Bookings(self._admin, self.today)
        online = choose_cases(self.options.online, ONLINE_CASES)
        self.online_visitors = make_visitors(online, self.today, first=len(self.schedule.visitors) + 1,
                                             channel="online")

    # -------------------------------------------------------------------------------------------- messages

    def _on_message(self, child: Child, message: Message) -> None:
        kind = message.get("type")
        if kind == "ready":
            self._ready.add(child.name)
        elif kind == "idle" and child.name.startswith("booth-"):
            self.schedule.booth_free(int(message["booth"]))
        elif kind == "idle" and child.name.startswith("online-"):
            self._next_online_visitor(child)
        elif kind == "result":
            result = message["result"]
            self.results[int(result["number"])] = result
            self._say_result(result)
        elif kind == "screen" and message.get("visitor") is not None:
            number = int(message["visitor"])
            if number not in self.results:
                self.progress[number] = {
                    "number": number, "booth": message.get("booth"), "session_id": message.get("session_id"),
                    "channel": "online" if child.name.startswith("online-") else "booth",
                    "outcome": f"in_progress ({message.get('screen')})",
                }
        elif kind == "session":
            self.officer_sessions.append(message["session"])
        elif kind == "report":
            self.console_report = message["report"]
        elif kind == "collective":
            self.collective_summary = message["summary"]
            self.out(collective_line(self.collective_summary))
        elif kind == "error":
            self._failure = f"{child.name}: {message.get('message')}"
        self._changed.set()

    def _next_online_visitor(self, child: Child) -> None:
        """Hand a free browser the next online visitor (one after the other, the visit's day the branch's)."""
        handed = self._online_handed
        if handed >= len(self.online_visitors) or self._stop.is_set():
            return
        self._online_handed = handed + 1
        child.send("visitor", visitor=self.online_visitors[handed].to_json(), day=self.today.isoformat())

    def _say_result(self, result: dict[str, Any]) -> None:
        visitor = next((v for v in self.visitors if v.number == result["number"]), None)
        what = visitor.label if visitor else result["case"]
        outcome = result["outcome"] + (f" {result['reference']}" if result.get("reference") else "")
        if result.get("error"):
            outcome += f" ({result['error']})"
        where = "online" if result.get("channel") == "online" else f"at booth {result['booth']}"
        self.out(f"  visitor {result['number']:>3} {where}: {what}: {outcome}")

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
            if self._failure:
                raise DemoError(self._failure)
            collective_done = not options.collective or self.collective_summary is not None
            if total is not None and len(self.results) >= total and collective_done:
                return True
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), 0.5)

    async def _dispatch(self, started: float) -> None:
        """Send the next visitor to each free booth (the first ones staggered)."""
        assert self.bookings is not None
        await self.schedule.dispatch(started, self.bookings.book, self._send_visitor)

    async def _file_collective(self) -> None:
        """A company files for `--collective` workers; they answer; then the console's officer works the batch."""
        from kiosk.config import load_settings
        from kiosk.demo.company import Company, CompanyError, eligible_roster, register_workers
        from kiosk.server.sms import OUTBOX_NAME

        count = self.options.collective
        sms = load_settings(self.config).server_data_dir() / OUTBOX_NAME
        company = Company(self.base_url, str(self._admin.token), sms)
        password = "perusahaan-demo-1"
        try:
            rows, registry = eligible_roster(count, self.today)
            await asyncio.to_thread(register_workers, self.database_url, registry)
            await asyncio.to_thread(company.register, BRANCH, password)
            await asyncio.to_thread(company.sign_in, password)
            filing = await asyncio.to_thread(company.file, rows, max(2, count // 100))
            self.out(f"  collective {count} workers filed ({filing.first_refused} rows refused at first, "
                     f"{filing.fixed} fixed and uploaded again); {filing.invited} texted their code")
            confirmed, silent = await asyncio.to_thread(company.workers_answer, rows, wait_s=120.0)
            self.out(f"  collective {confirmed} workers confirmed, {silent} did not answer")
        except CompanyError as exc:
            self._failure = f"the collective filing failed: {exc}"
            self._changed.set()
            return
        assert self.console is not None
        self.console.send("collective", batch=filing.batch_id)

    def _send_visitor(self, booth: int, visitor: Visitor) -> None:
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
        if self._collective_task is not None:
            self._collective_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._collective_task
        others = [c for c in self.children if c not in self.hubs]
        await asyncio.gather(*(c.stop() for c in others), return_exceptions=True)
        if self.hub_ports:
            self.forwarded = await asyncio.to_thread(self._instance_counts)
            self.out(f"  instances  sockets each instance held for a branch another one ran: {self.forwarded}")
        for hub in self.hubs:
            if hub.running:
                with contextlib.suppress(ProcessLookupError):
                    hub.process.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown
        await asyncio.gather(*(hub.stop() for hub in self.hubs), return_exceptions=True)
        if self._admin is not None:
            self._admin.close()
        if self.turn_server is not None:
            self.relay_allocations = self.turn_server.allocations()
            self.out(f"  turn       {self.relay_allocations} relay allocations granted by coturn")
        self._services.close()

    def _report(self, started: float, interrupted: bool) -> dict[str, Any]:
        handed = self.schedule.handed() + self.online_visitors[: self._online_handed]
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
        report["relay_allocations"] = self.relay_allocations
        if self.hub_ports:
            report["instances"] = {"count": len(self.hub_ports), "forwarded_sockets": self.forwarded}
        if self.options.collective:
            report["collective"] = self.collective_summary or {"rows": self.options.collective, "all_final": False}
        try:
            check_database(report, self.database_url)
        except Exception as exc:  # the database may be gone when the start failed
            report["database_check"] = {"ok": False, "problems": [f"cannot read the database: {exc}"],
                                        "sessions": 0, "claims": 0}
        return report

    def _print_logs(self) -> None:
        for child in self.children:
            if child.name.startswith("hub") and child.process.returncode in (0, None):
                continue
            tail = child.log_tail()
            if tail:
                self.out(f"--- last lines of {child.name}'s log ---\n{tail}")


class _ConsoleClosed(Exception):
    """A person closed the console's window: the demo ends."""


def run_demo(options: DemoOptions) -> int:
    """Run the demo to the end; the exit code."""
    return asyncio.run(Demo(options).run())
