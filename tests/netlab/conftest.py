"""The network lab's call: the hub (`kiosk server`), a booth and a console, each a program on a host of its own
that a test may crash and start again."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import wait
from tests.support.netlab import Host, NetLab
from tests.support.netlab_actors import ActorStatus

HUB_PORT = 8600
#: Generous: three Python processes start and a WebRTC call connects on a shared two-core machine.
START_TIMEOUT_S = 120.0
#: The issue's targets (3 s to say "interrupted", 5 s to get media back) are for the behaviour on a machine with
#: CPU to spare. In CI the hub, the console and the booth (each a Python process decoding or encoding video) share
#: two cores with the rest of the suite, and on a busy machine they wait for the CPU: the tests allow their timed
#: waits this factor more, and print what they measured so that a slow result is seen, not hidden.
LOAD_SLACK = 2.0


def _hub_env(hub: Host, data_dir: Path) -> dict[str, str]:
    config = data_dir / "hub.toml"
    config.write_text("# all settings come from KIOSK_* variables\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("KIOSK_")}
    env.update(
        KIOSK_CONFIG=str(config),
        KIOSK_SERVER__HOST=hub.address,
        KIOSK_SERVER__PORT=str(HUB_PORT),
        KIOSK_SERVER__DATA_DIR=str(data_dir),
        PYTHONUNBUFFERED="1",
    )
    return env


def wait_for(call: Call | None, predicate: Callable[[], object], within_s: float, what: str) -> float:
    """Wait until `predicate` holds (`tests.support.wait.wait_until_sync`); seconds it took.

    On failure the message says where both ends of `call` were.
    """
    started = time.monotonic()
    try:
        wait.wait_until_sync(predicate, within_s=within_s, what=what)
    except AssertionError as failure:
        if call is None:
            raise
        raise AssertionError(f"{failure}; booth {call.booth.latest}; console {call.console.latest}") from None
    return time.monotonic() - started


def within_target(
    call: Call, predicate: Callable[[], object], target_s: float, what: str, since: float | None = None
) -> float:
    """Wait for a behaviour with a target time, counted from `since` (`time.monotonic()`; default: now): it must
    happen within `target_s` x `LOAD_SLACK`. Returns the seconds it took.

    The wait itself is generous (a minute), so that a slow result fails with the measured time rather than with
    "not within": a loaded machine shows how slow it was. The measured time is printed (pytest ``-s``).
    """
    start = time.monotonic() if since is None else since
    wait_for(call, predicate, max(60.0, target_s * LOAD_SLACK), what)
    took = time.monotonic() - start
    print(f"measured: {what}: {took:.2f} s (target {target_s} s)")
    assert took <= target_s * LOAD_SLACK, f"{what} took {took:.1f} s: target {target_s} s (x{LOAD_SLACK} for load)"
    return took


class LabProgram:
    """A program on a lab host that a test may crash or stop, and start again with the same command."""

    def __init__(
        self, host: Host, argv: list[str], log: Path, env: dict[str, str] | None = None, status: bool = False
    ) -> None:
        self.host = host
        self.argv = argv
        self.env = env
        self.log = log
        self.reports_status = status
        self.process: subprocess.Popen[bytes] | None = None
        self.status: ActorStatus | None = None
        self.starts = 0

    def start(self) -> None:
        """Start it: its log (stderr; stdout too unless it reports status lines, which are read) goes to `log`."""
        self.starts += 1
        with self.log.open("ab") as log:
            if self.reports_status:
                self.process = self.host.run(
                    self.argv, env=self.env, stdout=subprocess.PIPE, stdin=subprocess.PIPE, stderr=log
                )
                self.status = ActorStatus(self.process)
            else:
                self.process = self.host.run(self.argv, env=self.env, stdout=log, stderr=log)

    def stop(self, sig: int = signal.SIGKILL) -> int:
        """Crash it (SIGKILL) or stop it (SIGTERM); its exit code."""
        assert self.process is not None
        return self.host.stop(self.process, sig)

    def restart(self, sig: int = signal.SIGKILL) -> None:
        """Crash (or stop) it and start it again."""
        self.stop(sig)
        self.start()


class Call:
    """A call across the lab: the hub, the console and booth 1, each a program on a host of its own."""

    def __init__(self, booth_host: Host, booth: ActorStatus, hub: LabProgram, console: LabProgram, data: Path):
        self.booth_host = booth_host
        self.booth = booth
        self.hub = hub
        self.console_program = console
        self.data = data

    @property
    def console(self) -> ActorStatus:
        """The console's newest status (of its current process, after a restart)."""
        status = self.console_program.status
        assert status is not None
        return status

    def hub_claims(self) -> list[tuple[str, str]]:
        """Every claim in the hub's database: (reference, idempotency key)."""
        with contextlib.closing(sqlite3.connect(self.data / "hub" / "hub.sqlite3")) as db:
            return [(str(r), str(k)) for r, k in db.execute("SELECT reference, idempotency_key FROM claims")]


@pytest.fixture
def lab_call(netlab: NetLab, tmp_path: Path) -> Call:
    """A hub, a console and booth 1 on three hosts, in a call.

    The hub keeps its database in ``tmp_path/hub``, the console its outbox and journal in ``tmp_path/console``:
    both survive a restart. Each program logs to ``tmp_path/<name>.log`` (INFO). The lab stops every process when
    the test ends."""
    hub_host, console_host, booth_host = netlab.add_host("hub"), netlab.add_host("console"), netlab.add_host("booth1")
    (tmp_path / "hub").mkdir()
    env = _hub_env(hub_host, tmp_path / "hub")
    subprocess.run(
        ["ip", "netns", "exec", hub_host.namespace, sys.executable, "-m", "kiosk", "server", "seed-demo"],
        env=env,
        check=True,
        capture_output=True,
        timeout=START_TIMEOUT_S,
    )
    hub = LabProgram(hub_host, [sys.executable, "-m", "kiosk", "server"], tmp_path / "hub.log", env=env)
    hub.start()
    url = f"http://{hub_host.address}:{HUB_PORT}"
    actor = [sys.executable, "-m", "tests.support.netlab_actors"]
    console_argv = [*actor, "console", "--hub", url, "--address", console_host.address]
    console_argv += ["--data-dir", str(tmp_path / "console")]
    console = LabProgram(console_host, console_argv, tmp_path / "console.log", status=True)
    console.start()
    booth_args = [*actor, "booth", "--hub", url, "--address", booth_host.address, "--number", "1"]
    with (tmp_path / "booth.log").open("ab") as booth_log:
        booth = ActorStatus(booth_host.run(booth_args, stdout=subprocess.PIPE, stderr=booth_log))
    call = Call(booth_host, booth, hub, console, tmp_path)
    try:
        wait.wait_until_sync(lambda: call.console.frames > 30, within_s=START_TIMEOUT_S, what="video at the console")
    except AssertionError:
        hub_tail = (tmp_path / "hub.log").read_text(errors="replace")[-2000:]
        raise AssertionError(
            f"no call: booth {booth.latest}, console {call.console.latest}; hub log:\n{hub_tail}"
        ) from None
    return call
