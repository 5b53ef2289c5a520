"""Hub load: N booth/console pairs on signaling exchanging SDP-sized messages, plus check-ins and claims over REST.

    python -m bench.hub_load --pairs 500 --seconds 20 --claims-per-s 100 --backend sqlite
    python -m bench.hub_load --pairs 500 --seconds 20 --claims-per-s 100 --backend postgres
    python -m bench.hub_load ... --json out.json --markdown

What it does:

1. Prepares a database (a temporary SQLite file, or a throwaway PostgreSQL cluster from tests/support/postgres.py):
   migrations, demo data, one CSO user with cap 1 per pair, one booth per pair plus booths for check-ins, and
   tokens written straight into the database (no argon2 logins during the run).
2. Starts `kiosk server` as its own process (the hub gets its own core; this process is the load generator).
3. Connects every console and booth (2 x pairs WebSockets), checks a session in at every booth and moves it to
   self-service, and waits until the hub has assigned each session to a console.
4. For `--seconds`: every booth sends an offer of `--sdp-bytes` every `--offer-interval` seconds; its console
   answers each one at once. Relay latency is measured one way (offer: booth -> hub -> console; answer: console
   -> hub -> booth) with one clock, since both ends live in this process. Every client also sends a heartbeat
   every 5 s. At the same time, open-loop REST traffic: claims at `--claims-per-s` (POST /claims with a fresh
   Idempotency-Key) and walk-in check-ins at `--checkins-per-s` (each followed by an abandon).
5. Prints p50/p99/max of relay and REST latencies, throughputs, errors and the hub's CPU use, and stops the hub.

It always ends: connection, set-up and run phases have deadlines, and the hub is killed on the way out.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import faulthandler
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parent.parent
HEARTBEAT_S = 5.0


@dataclass
class Result:
    """One run's numbers."""

    backend: str
    pairs: int
    connections: int
    seconds: float
    relay_messages: int = 0
    relay_per_s: float = 0.0
    relay_p50_ms: float = 0.0
    relay_p99_ms: float = 0.0
    relay_max_ms: float = 0.0
    claims: int = 0
    claims_per_s: float = 0.0
    claim_p50_ms: float = 0.0
    claim_p99_ms: float = 0.0
    checkins: int = 0
    checkin_p50_ms: float = 0.0
    checkin_p99_ms: float = 0.0
    rest_errors: dict[str, int] = field(default_factory=dict)
    ws_errors: int = 0
    dropped_connections: int = 0
    hub_cpu_percent: float = 0.0
    load_generator_cpu_percent: float = 0.0
    setup_s: float = 0.0


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return round(ordered[index], 2)


# -- database and hub -------------------------------------------------------------------------------------------


@dataclass
class Prepared:
    """Tokens the load generator uses."""

    console_tokens: list[str]
    booth_tokens: list[str]
    checkin_booth_tokens: list[str]
    claim_tokens: list[str]
    claim_body: dict[str, Any]


def prepare(url: str, pairs: int, checkin_booths: int) -> Prepared:
    """Migrate and seed the database, add the bench's users and booths, and mint their tokens."""
    from argon2 import PasswordHasher
    from sqlalchemy import select

    from kiosk.domain.claims import add_months
    from kiosk.server.db import Database
    from kiosk.server.migrate import upgrade
    from kiosk.server.models import Booth, Branch, User, UserToken
    from kiosk.server.security import BOOTH_TOKEN_PREFIX, USER_TOKEN_PREFIX, new_token, token_hash
    from kiosk.server.seed import demo_participants, seed_demo

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    db = Database.from_url(url)
    upgrade(db.engine)
    now = datetime.now(UTC)
    expires = now + timedelta(days=1)
    with db.session() as session:
        seed_demo(session, now, password_hasher=cheap.hash)
        branch = session.execute(select(Branch).where(Branch.code == "KDR")).scalar_one()
        branch.walk_in_daily = 10**9  # the bench checks in far more than a day's quota
        password = cheap.hash("bench")

        def user(name: str) -> str:
            row = User(
                username=name,
                display_name=name,
                role="cso",
                branch_id=branch.id,
                password_hash=password,
                active=True,
                console_cap=1,
                created_at=now,
            )
            session.add(row)
            session.flush()
            token = new_token(USER_TOKEN_PREFIX)
            session.add(UserToken(token_hash=token_hash(token), user_id=row.id, created_at=now, expires_at=expires))
            return token

        def booth(number: int) -> str:
            token = new_token(BOOTH_TOKEN_PREFIX)
            session.add(Booth(branch_id=branch.id, number=number, device_token_hash=token_hash(token), enrolled_at=now))
            return token

        consoles = [user(f"bench_cso_{i}") for i in range(pairs)]
        claimers = [user(f"bench_claims_{i}") for i in range(4)]
        booths = [booth(100 + i) for i in range(pairs)]
        extra = [booth(100 + pairs + i) for i in range(checkin_booths)]
    db.dispose()
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    p = next(x for x in demo_participants(today) if x.case == "jht_layoff_eligible")
    claim = {
        "branch_code": "KDR",
        "claim_type": "JHT",
        "reason": "layoff",
        "nik": p.nik,
        "kpj": p.kpj,
        "termination_date": add_months(today, -2).isoformat(),
        "bank": {"bank_code": "002", "account_number": "0123456789", "account_holder": p.name},
        "documents": ["kpj_card", "ektp", "family_card", "savings_book", "termination_letter", "selfie_ektp"],
    }
    return Prepared(consoles, booths, extra, claimers, claim)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def hub_process(url: str, data_dir: Path) -> Iterator[tuple[str, int]]:
    """Run `kiosk server` in its own process; yield its base URL and pid."""
    port = _free_port()
    config = data_dir / "kiosk.toml"
    config.write_text(
        "\n".join(
            [
                'log_level = "WARNING"',
                "[server]",
                f'data_dir = "{data_dir}"',
                f'database_url = "{url}"',
                "heartbeat_timeout_s = 60.0",
                # The bench's clients send far below these; the defaults would also hold, with less headroom.
                "ws_messages_per_s = 200.0",
                "ws_message_burst = 400",
            ]
        ),
        encoding="utf-8",
    )
    env = {**os.environ, "KIOSK_CONFIG": str(config), "PYTHONUNBUFFERED": "1"}
    env.pop("KIOSK_DATABASE_URL", None)
    log_file = (data_dir / "hub.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk.server.command", "--port", str(port)],
        env=env,
        stdout=log_file,
        stderr=log_file,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the hub exited: see {data_dir / 'hub.log'}")
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the hub did not start within 30 s")
            time.sleep(0.1)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log_file.close()


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


# -- load -------------------------------------------------------------------------------------------------------


def _envelope(kind: str, payload: dict[str, Any], session_id: str | None = None) -> str:
    return json.dumps({"v": 1, "type": kind, "session_id": session_id, "payload": payload}, separators=(",", ":"))


def _sdp(size: int, stamp: float, seq: int) -> str:
    head = f"v=0\r\no=- {seq} 2 IN IP4 127.0.0.1\r\ns=-\r\na=bench:{stamp!r}\r\n"
    filler = "a=candidate:1 1 udp 2122260223 192.168.1.10 54321 typ host\r\n"
    return head + filler * max(0, (size - len(head)) // len(filler))


def _stamp(sdp: str) -> float:
    start = sdp.index("a=bench:") + 8
    return float(sdp[start : sdp.index("\r\n", start)])


class Stats:
    """Numbers collected during the measured phase."""

    def __init__(self) -> None:
        self.measuring = False
        self.relay_ms: list[float] = []
        self.claim_ms: list[float] = []
        self.checkin_ms: list[float] = []
        self.rest_errors: dict[str, int] = {}
        self.ws_errors = 0
        self.dropped = 0

    def error(self, what: str) -> None:
        self.rest_errors[what] = self.rest_errors.get(what, 0) + 1


class Client:
    """One signaling connection with a reader task."""

    def __init__(self, ws: ClientConnection, stats: Stats) -> None:
        self.ws = ws
        self.stats = stats
        self.assigned: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self.session_id: str | None = None

    async def read(self) -> None:
        try:
            async for raw in self.ws:
                text = raw if isinstance(raw, str) else raw.decode()
                # Offers and answers are the bulk: handle them without parsing 4 kB of JSON (the hub relays the
                # text exactly as this process wrote it, so the markers are reliable).
                if '"type":"offer"' in text[:40]:
                    self._relay_seen(text)
                    sdp = _sdp(len(text), time.perf_counter(), 0)
                    await self.ws.send(_envelope("answer", {"sdp": sdp, "sdp_type": "answer"}, self.session_id))
                elif '"type":"answer"' in text[:40]:
                    self._relay_seen(text)
                else:
                    await self.on_message(json.loads(text))
        except Exception:
            if self.stats.measuring:
                self.stats.dropped += 1

    def _relay_seen(self, text: str) -> None:
        if self.stats.measuring:
            start = text.index("a=bench:") + 8
            stamp = float(text[start : text.index("\\r\\n", start)])
            self.stats.relay_ms.append((time.perf_counter() - stamp) * 1000)

    async def on_message(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "assignment" and not self.assigned.done():
            self.session_id = message["session_id"]
            self.assigned.set_result(message["session_id"])
        elif kind == "error" and self.stats.measuring:
            self.stats.ws_errors += 1


async def _connect(url: str, token: str, stats: Stats, hello: dict[str, Any]) -> Client:
    ws = await connect(url, additional_headers={"Authorization": f"Bearer {token}"}, max_size=2**20, open_timeout=30)
    await ws.send(_envelope("hello", hello))
    welcome = json.loads(await asyncio.wait_for(ws.recv(), 30))
    if welcome["type"] != "welcome":
        raise RuntimeError(f"no welcome: {welcome}")
    client = Client(ws, stats)
    return client


async def _heartbeats(clients: list[Client], stop: asyncio.Event) -> None:
    beat = _envelope("heartbeat", {"camera_ok": True, "microphone_ok": True, "speaker_ok": True, "link_ok": True})
    offset = HEARTBEAT_S / max(1, len(clients))
    while not stop.is_set():
        for client in clients:
            with contextlib.suppress(Exception):
                await client.ws.send(beat)
            await asyncio.sleep(offset)


async def _offers(booth: Client, interval: float, size: int, stop: asyncio.Event, phase: float) -> None:
    await asyncio.sleep(phase)
    seq = 0
    while not stop.is_set():
        seq += 1
        sdp = _sdp(size, time.perf_counter(), seq)
        with contextlib.suppress(Exception):
            await booth.ws.send(_envelope("offer", {"sdp": sdp, "sdp_type": "offer"}, booth.session_id))
        await asyncio.sleep(interval)


async def _open_loop(rate: float, stop: asyncio.Event, fire: Any) -> None:
    """Start `fire()` `rate` times a second on a fixed schedule, whatever the answers' latency (open loop)."""
    if rate <= 0:
        return
    tasks: set[asyncio.Task[None]] = set()
    start = time.perf_counter()
    n = 0
    while not stop.is_set():
        n += 1
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        task = asyncio.create_task(fire())
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.wait(tasks, timeout=10)


async def run_load(base: str, prepared: Prepared, args: argparse.Namespace, pid: int, result: Result) -> None:
    """Connect, set up sessions, measure, disconnect."""
    stats = Stats()
    ws_url = base.replace("http://", "ws://") + "/api/v1/ws"
    started = time.perf_counter()
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=base + "/api/v1", timeout=30, limits=limits) as http:
        consoles: list[Client] = []
        booths: list[Client] = []
        for batch in range(0, args.pairs, 50):
            tokens = prepared.console_tokens[batch : batch + 50]
            consoles += await asyncio.gather(
                *(_connect(ws_url, t, stats, {"role": "console", "cap": 1}) for t in tokens)
            )
        for batch in range(0, args.pairs, 50):
            tokens = prepared.booth_tokens[batch : batch + 50]
            booths += await asyncio.gather(*(_connect(ws_url, t, stats, {"role": "booth"}) for t in tokens))
        readers = [asyncio.create_task(c.read()) for c in consoles + booths]
        gate = asyncio.Semaphore(20)

        async def start_session(token: str) -> None:
            async with gate:
                headers = {"Authorization": f"Bearer {token}"}
                created = await http.post("/checkins", json={"walk_in": True}, headers=headers)
                created.raise_for_status()
                sid = created.json()["id"]
                changed = await http.post(f"/sessions/{sid}/state", json={"state": "self_service"}, headers=headers)
                changed.raise_for_status()

        await asyncio.gather(*(start_session(t) for t in prepared.booth_tokens))
        await asyncio.wait_for(asyncio.gather(*(b.assigned for b in booths)), timeout=120)
        result.setup_s = round(time.perf_counter() - started, 1)
        print(
            f"set up {len(consoles) + len(booths)} connections and {len(booths)} assigned sessions "
            f"in {result.setup_s} s",
            file=sys.stderr,
        )

        stop = asyncio.Event()
        cpu_before = _cpu_seconds(pid)
        own_before = time.process_time()
        wall_before = time.perf_counter()
        stats.measuring = True
        interval = args.offer_interval
        workers = [
            asyncio.create_task(_offers(b, interval, args.sdp_bytes, stop, interval * i / len(booths)))
            for i, b in enumerate(booths)
        ]
        workers.append(asyncio.create_task(_heartbeats(consoles + booths, stop)))
        rest = _start_rest_process(base, prepared, args)
        await asyncio.sleep(args.seconds)
        stop.set()
        elapsed = time.perf_counter() - wall_before
        result.hub_cpu_percent = round(100 * (_cpu_seconds(pid) - cpu_before) / elapsed, 1)
        result.load_generator_cpu_percent = round(100 * (time.process_time() - own_before) / elapsed, 1)
        await asyncio.wait(workers, timeout=15)
        rest_stats = await asyncio.get_running_loop().run_in_executor(None, _finish_rest_process, *rest)
        stats.claim_ms, stats.checkin_ms = rest_stats["claim_ms"], rest_stats["checkin_ms"]
        stats.rest_errors = rest_stats["errors"]
        result.load_generator_cpu_percent += rest_stats["cpu_percent"]
        await asyncio.sleep(0.5)  # answers in flight
        stats.measuring = False
        for client in consoles + booths:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.ws.close(), 2)
        for reader in readers:
            reader.cancel()

    result.seconds = round(elapsed, 1)
    result.relay_messages = len(stats.relay_ms)
    result.relay_per_s = round(len(stats.relay_ms) / elapsed, 1)
    result.relay_p50_ms = _pct(stats.relay_ms, 0.5)
    result.relay_p99_ms = _pct(stats.relay_ms, 0.99)
    result.relay_max_ms = round(max(stats.relay_ms, default=0.0), 1)
    result.claims = len(stats.claim_ms)
    result.claims_per_s = round(len(stats.claim_ms) / elapsed, 1)
    result.claim_p50_ms = _pct(stats.claim_ms, 0.5)
    result.claim_p99_ms = _pct(stats.claim_ms, 0.99)
    result.checkins = len(stats.checkin_ms)
    result.checkin_p50_ms = _pct(stats.checkin_ms, 0.5)
    result.checkin_p99_ms = _pct(stats.checkin_ms, 0.99)
    result.rest_errors = stats.rest_errors
    result.ws_errors = stats.ws_errors
    result.dropped_connections = stats.dropped


# -- REST load, in its own process so its HTTP client does not delay the signaling clients' event loop -----------


class LeanHttp:
    """A minimal HTTP/1.1 keep-alive client (JSON in, status and JSON out) for the REST load.

    httpx costs ~5 ms of CPU per request in this process, which on a 2-core machine is taken from the hub being
    measured; this costs a fraction of that. Connections are pooled; a request waits for a free one.
    """

    def __init__(self, host: str, port: int, size: int) -> None:
        self.host, self.port = host, port
        self.free: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter] | None] = asyncio.Queue()
        for _ in range(size):
            self.free.put_nowait(None)

    async def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        """Send one request; return the status and the decoded JSON body (None when empty)."""
        conn = await self.free.get()
        try:
            if conn is None:
                conn = await asyncio.open_connection(self.host, self.port)
            reader, writer = conn
            payload = json.dumps(body).encode() if body is not None else b""
            lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}", f"Content-Length: {len(payload)}"]
            if body is not None:
                lines.append("Content-Type: application/json")
            lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            data = await reader.readexactly(length) if length else b""
            self.free.put_nowait(conn)
            conn = None
            return status, (json.loads(data) if data else None)
        except BaseException:
            if conn is not None:
                conn[1].close()
            self.free.put_nowait(None)  # the slot opens a new connection next time
            raise


def _rest_main(
    base: str, prepared: Prepared, claims_per_s: float, checkins_per_s: float, seconds: float, conn: Any
) -> None:
    """Process entry: open-loop claims and check-ins for `seconds`; send the numbers back through `conn`."""
    stats = Stats()
    stats.measuring = True
    host, port = base.removeprefix("http://").split(":")

    async def main() -> None:
        stop = asyncio.Event()
        http = LeanHttp(host, int(port), 64)
        claim_users = prepared.claim_tokens
        checkin_pool: asyncio.Queue[str] = asyncio.Queue()
        for token in prepared.checkin_booth_tokens:
            checkin_pool.put_nowait(token)

        async def claim() -> None:
            token = claim_users[int(time.perf_counter() * 1000) % len(claim_users)]
            t0 = time.perf_counter()
            try:
                status, _ = await http.request(
                    "POST",
                    "/api/v1/claims",
                    prepared.claim_body,
                    {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
                )
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                stats.error(f"claim {type(exc).__name__}")
                return
            if status == 201:
                stats.claim_ms.append((time.perf_counter() - t0) * 1000)
            else:
                stats.error(f"claim {status}")

        async def checkin() -> None:
            try:
                token = checkin_pool.get_nowait()
            except asyncio.QueueEmpty:
                stats.error("checkin no free booth")
                return
            headers = {"Authorization": f"Bearer {token}"}
            try:
                t0 = time.perf_counter()
                status, created = await http.request("POST", "/api/v1/checkins", {"walk_in": True}, headers)
                if status != 201:
                    stats.error(f"checkin {status}")
                    return
                stats.checkin_ms.append((time.perf_counter() - t0) * 1000)
                await http.request("POST", f"/api/v1/sessions/{created['id']}/state", {"state": "abandoned"}, headers)
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                stats.error(f"checkin {type(exc).__name__}")
            finally:
                checkin_pool.put_nowait(token)

        workers = [
            asyncio.create_task(_open_loop(claims_per_s, stop, claim)),
            asyncio.create_task(_open_loop(checkins_per_s, stop, checkin)),
        ]
        await asyncio.sleep(seconds)
        stop.set()
        await asyncio.wait(workers, timeout=30)

    started_cpu, started = time.process_time(), time.perf_counter()
    asyncio.run(main())
    cpu = 100 * (time.process_time() - started_cpu) / max(1e-9, time.perf_counter() - started)
    conn.send(
        {
            "claim_ms": stats.claim_ms,
            "checkin_ms": stats.checkin_ms,
            "errors": stats.rest_errors,
            "cpu_percent": round(cpu, 1),
        }
    )
    conn.close()


def _start_rest_process(base: str, prepared: Prepared, args: argparse.Namespace) -> tuple[Any, Any]:
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(
        target=_rest_main,
        args=(base, prepared, args.claims_per_s, args.checkins_per_s, args.seconds, child),
        daemon=True,
    )
    process.start()
    return process, parent


def _finish_rest_process(process: Any, conn: Any) -> dict[str, Any]:
    try:
        if conn.poll(120):
            return dict(conn.recv())
        return {"claim_ms": [], "checkin_ms": [], "errors": {"rest process": 1}, "cpu_percent": 0.0}
    finally:
        process.join(10)
        if process.is_alive():
            process.kill()


def run(args: argparse.Namespace) -> Result:
    """One complete run on one backend."""
    result = Result(args.backend, args.pairs, 2 * args.pairs, args.seconds)
    with contextlib.ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kiosk-bench-")))
        if args.backend == "sqlite":
            url = f"sqlite:///{data_dir / 'hub.sqlite3'}"
        else:
            sys.path.insert(0, str(ROOT))
            from tests.support.postgres import throwaway_postgres

            found = stack.enter_context(throwaway_postgres())
            if found is None:
                raise SystemExit("PostgreSQL is not available (see tests/support/postgres.py)")
            url = found
        prepared = prepare(url, args.pairs, checkin_booths=max(4, int(args.checkins_per_s * 2)))
        base, pid = stack.enter_context(hub_process(url, data_dir))
        asyncio.run(asyncio.wait_for(run_load(base, prepared, args, pid, result), args.seconds + 300))
    return result


def markdown(results: list[Result]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| backend | connections | relay msg/s | relay p50 / p99 / max ms | claims/s | claim p50 / p99 ms "
        "| check-in p50 / p99 ms | errors | hub CPU | load generator CPU |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        errors = sum(r.rest_errors.values()) + r.ws_errors + r.dropped_connections
        lines.append(
            f"| {r.backend} | {r.connections} | {r.relay_per_s} | {r.relay_p50_ms} / {r.relay_p99_ms} / "
            f"{r.relay_max_ms} | {r.claims_per_s} | {r.claim_p50_ms} / {r.claim_p99_ms} | {r.checkin_p50_ms} / "
            f"{r.checkin_p99_ms} | {errors} | {r.hub_cpu_percent}% | {r.load_generator_cpu_percent}% |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run on each requested backend, print the results."""
    parser = argparse.ArgumentParser(prog="python -m bench.hub_load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=500, help="booth/console pairs (connections = 2 x pairs)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured phase")
    parser.add_argument("--offer-interval", type=float, default=2.0, help="seconds between a booth's offers")
    parser.add_argument("--sdp-bytes", type=int, default=4000, help="size of each SDP")
    parser.add_argument("--claims-per-s", type=float, default=100.0)
    parser.add_argument("--checkins-per-s", type=float, default=5.0)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    # SIGTERM (and the watchdog below) end the run through SystemExit, so the hub process and a throwaway
    # PostgreSQL cluster are stopped by their context managers rather than left running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    budget = len(backends) * (args.seconds + 420)
    watchdog = threading.Timer(budget, lambda: os.kill(os.getpid(), signal.SIGTERM))
    watchdog.daemon = True
    watchdog.start()
    # Last resort if even that cannot run (a wedged interpreter): dump the stacks and exit.
    faulthandler.dump_traceback_later(budget + 120, exit=True)
    results = []
    for backend in backends:
        args.backend = backend
        result = run(args)
        print(json.dumps(asdict(result)), file=sys.stderr)
        results.append(result)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    print(markdown(results) if args.markdown else json.dumps([asdict(r) for r in results], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
