"""The demo's child processes: each in its own session with its log in the demo's folder, messages in as JSON
lines on its stdout, commands out on its stdin, and stopped by asking, then terminating, then killing.

Children start in their own session, so Ctrl+C in the terminal reaches only the orchestrator, which then stops
them in order; on Linux each is also sent SIGTERM when the orchestrator dies, however it dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.demo.options import DemoError
from kiosk.demo.wire import Message

START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 15.0


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
        # Whatever the child started and left behind (an online participant's Chromium outlives a killed
        # chromedriver) is in the child's own process group: it goes too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
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


def die_with_parent() -> None:
    """In the child before exec: be sent SIGTERM when the orchestrator dies, however it dies (Linux)."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


PR_SET_PDEATHSIG = 1


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_server(process: subprocess.Popen[bytes], grace_s: float = 5.0) -> None:
    """Stop a helper server (coturn, Redis, nginx): SIGTERM, then SIGKILL after `grace_s`."""
    process.terminate()
    try:
        process.wait(grace_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(grace_s)


class Processes:
    """Starts the demo's processes with the demo's environment, logging into `logs`; remembers every child."""

    def __init__(self, logs: Path, headless: bool, on_message: Callable[[Child, Message], None]) -> None:
        self.logs = logs
        self.headless = headless
        self.on_message = on_message
        self.children: list[Child] = []

    def environment(self, extra: dict[str, str]) -> dict[str, str]:
        """This process's environment without KIOSK_* (the demo's settings file alone decides), plus `extra`."""
        env = dict(os.environ)
        env.pop("KIOSK_CONFIG", None)
        for key in [k for k in env if k.startswith("KIOSK_")]:
            env.pop(key)  # the demo's settings file alone decides
        env["PYTHONUNBUFFERED"] = "1"
        if self.headless:
            env["QT_QPA_PLATFORM"] = "offscreen"
        env.update(extra)
        return env

    async def run_once(self, name: str, *args: str) -> None:
        """Run ``python args`` to its end; `DemoError` with its log's tail when it fails or takes too long."""
        log_path = self.logs / f"{name}.log"
        with log_path.open("wb") as log_file:
            process = await asyncio.create_subprocess_exec(
                sys.executable, *args, stdin=asyncio.subprocess.DEVNULL, stdout=log_file, stderr=log_file,
                env=self.environment({}), start_new_session=True, preexec_fn=die_with_parent,
            )
            try:
                code = await asyncio.wait_for(process.wait(), START_TIMEOUT_S)
            except TimeoutError:
                process.kill()
                raise DemoError(f"{name} took too long") from None
        if code != 0:
            tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-15:])
            raise DemoError(f"{name} failed (exit {code}):\n{tail}")

    async def spawn(self, name: str, args: list[str], env: dict[str, str]) -> Child:
        """Start ``python args`` as a child whose messages go to `on_message`."""
        log_path = self.logs / f"{name}.log"
        log_file = log_path.open("wb")
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable, *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=log_file, env=self.environment(env), start_new_session=True,
                preexec_fn=die_with_parent, limit=1024 * 1024,
            )
        finally:
            log_file.close()  # the child has its own copy
        child = Child(name, process, log_path, self.on_message)
        child.start_reading()
        self.children.append(child)
        return child
