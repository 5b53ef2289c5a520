"""Hub load: N booth/console pairs on signaling exchanging SDP-sized messages, plus check-ins, claims and online
bookings over REST, on one hub instance or several sharing one PostgreSQL and one Redis.

    python -m bench.hub_load --pairs 500 --seconds 20 --claims-per-s 100 --backend sqlite
    python -m bench.hub_load --pairs 500 --seconds 20 --claims-per-s 100 --backend postgres
    python -m bench.hub_load --pairs 500 --seconds 20 --claims-per-s 100 --checkins-per-s 20 --bookings-per-s 20 \
        --backend postgres --instances 2 --branches 8
    python -m bench.hub_load ... --json out.json --markdown

What it does:

1. Prepares a database (a temporary SQLite file, or a throwaway PostgreSQL cluster from tests/support/postgres.py):
   migrations, demo data, `--branches` - 1 more branches like the demo's KDR, one CSO user with cap 1 per pair and
   one booth per pair (pair j in branch j % branches), booths for check-ins and participants for bookings (in
   KDR), and tokens written straight into the database (no argon2 logins during the run).
2. Starts `--instances` `kiosk server` processes on their own ports (the hub gets its own cores; this process is
   the load generator). With more than one they share the database and a redis-server started here
   (`server.cluster_url`, kiosk.server.cluster): each branch's signaling runs on the instance holding its lease.
3. Connects every console and booth (2 x pairs WebSockets), checks a session in at every booth and moves it to
   self-service, and waits until the hub has assigned each session to a console. REST calls go round-robin to
   the instances; branch b's consoles connect to instance b % instances (the first of them alone and before any
   other socket, so it takes the branch's lease there and the leases spread) and its booths to the next one, so
   a booth and whichever console of its branch it gets are on different instances and every relayed message
   crosses instances.
4. For `--seconds`: every booth sends an offer of `--sdp-bytes` every `--offer-interval` seconds; its console
   answers each one at once. Relay latency is measured one way (offer: booth -> hub -> console; answer: console
   -> hub -> booth) with one clock, since both ends live in this process. Every client also sends a heartbeat
   every 5 s. At the same time, open-loop REST traffic: claims at `--claims-per-s` (POST /claims with a fresh
   Idempotency-Key), walk-in check-ins at `--checkins-per-s` (each followed by an abandon) and online bookings at
   `--bookings-per-s` (POST /online/bookings, the public route; each by another participant, for tomorrow).
5. Prints p50/p99/max of relay and REST latencies, throughputs, errors and the hub's CPU use (summed over the
   instances and per instance), and stops the hub.

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
    instances: int = 1
    branches: int = 1
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
    bookings: int = 0
    bookings_per_s: float = 0.0
    booking_p50_ms: float = 0.0
    booking_p99_ms: float = 0.0
    rest_errors: dict[str, int] = field(default_factory=dict)
    ws_errors: int = 0
    dropped_connections: int = 0
    hub_cpu_percent: float = 0.0
    #: Each instance's share of a core, in the order of their ports (the sum is `hub_cpu_percent`).
    hub_cpu_per_instance: list[float] = field(default_factory=list)
    redis_cpu_percent: float = 0.0
    #: How many branches each instance holds the lease of (read from Redis after connecting), most first.
    leases_per_instance: list[int] = field(default_factory=list)
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

    #: Pair j's console and booth; they belong to branch j % branches.
    console_tokens: list[str]
    booth_tokens: list[str]
    checkin_booth_tokens: list[str]
    claim_tokens: list[str]
    claim_body: dict[str, Any]
    #: One body per online booking the run may make (each another participant, so none is `already_booked`).
    booking_bodies: list[dict[str, Any]] = field(default_factory=list)


def _branch_code(index: int) -> str:
    """The code of the bench's branch `index` (0 is the demo's KDR; codes are letters only)."""
    if index == 0:
        return "KDR"
    return "BN" + chr(ord("A") + index // 26) + chr(ord("A") + index % 26)


def prepare(url: str, pairs: int, checkin_booths: int, branches: int = 1, bookings: int = 0) -> Prepared:
    """Migrate and seed the database, add the bench's branches, users, booths and participants, and mint tokens."""
    from argon2 import PasswordHasher
    from sqlalchemy import select

    from kiosk.domain.claims import add_months
    from kiosk.domain.identifiers import Nik, Sex
    from kiosk.server.db import Database
    from kiosk.server.migrate import upgrade
    from kiosk.server.models import Booth, Branch, Participant, User, UserToken
    from kiosk.server.security import BOOTH_TOKEN_PREFIX, USER_TOKEN_PREFIX, new_token, token_hash
    from kiosk.server.seed import demo_participants, seed_demo

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    db = Database.from_url(url)
    upgrade(db.engine)
    now = datetime.now(UTC)
    expires = now + timedelta(days=1)
    jakarta_today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    with db.session() as session:
        seed_demo(session, now, password_hasher=cheap.hash)
        kdr = session.execute(select(Branch).where(Branch.code == "KDR")).scalar_one()
        kdr.walk_in_daily = 10**9  # the bench checks in far more than a day's quota
        # ... and books far more online visits than a day's quota and a slot's places.
        kdr.online_daily = 10**9
        kdr.slot_capacity = 10**9
        rows = [kdr]
        for index in range(1, branches):
            # Like the seeded KDR (same hours and slots), so its signaling and check-ins behave alike.
            extra = Branch(
                code=_branch_code(index),
                name=f"Bench branch {index}",
                timezone=kdr.timezone,
                walk_in_daily=10**9,
                online_daily=kdr.online_daily,
                service_start=kdr.service_start,
                service_end=kdr.service_end,
                slot_minutes=kdr.slot_minutes,
                slot_capacity=kdr.slot_capacity,
            )
            session.add(extra)
            rows.append(extra)
        session.flush()
        password = cheap.hash("bench")

        def user(name: str, branch: Branch = kdr) -> str:
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

        def booth(number: int, branch: Branch = kdr) -> str:
            token = new_token(BOOTH_TOKEN_PREFIX)
            session.add(Booth(branch_id=branch.id, number=number, device_token_hash=token_hash(token), enrolled_at=now))
            return token

        consoles = [user(f"bench_cso_{i}", rows[i % branches]) for i in range(pairs)]
        claimers = [user(f"bench_claims_{i}") for i in range(4)]
        booths = [booth(100 + i, rows[i % branches]) for i in range(pairs)]
        extra = [booth(100 + pairs + i) for i in range(checkin_booths)]
        # Participants only the bench books with (a NIK books once a day); region 3171 01, born on distinct days.
        tomorrow = jakarta_today + timedelta(days=1)
        booking_bodies = []
        for i in range(bookings):
            born = datetime(1960, 1, 1).date() + timedelta(days=i)
            nik = Nik("31", "71", "01", born, Sex.MALE, 1).digits
            kpj = f"9{i:010d}"
            session.add(
                Participant(
                    nik=nik, kpj=kpj, name=f"Peserta Bench {i}", birth_date=born,
                    membership_start=datetime(2010, 1, 1).date(), status="active", balance=10_000_000,
                    contribution_months=120, employer="PT Bench",
                )
            )
            booking_bodies.append({
                "branch_code": "KDR", "date": tomorrow.isoformat(), "slot": kdr.service_start,
                "claim_type": "JHT", "nik": nik, "kpj": kpj, "phone": "081234567890",
            })
    db.dispose()
    today = jakarta_today
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
    return Prepared(consoles, booths, extra, claimers, claim, booking_bodies)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def hub_process(url: str, data_dir: Path, cluster_url: str | None = None) -> Iterator[tuple[str, int]]:
    """Run `kiosk server` in its own process (a member of the cluster at `cluster_url` if given); yield its base
    URL and pid."""
    port = _free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    config = data_dir / "kiosk.toml"
    cluster = [f'cluster_url = "{cluster_url}"'] if cluster_url else []
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
                *cluster,
                "[online]",
                # Every booking comes from this one address: the per-address budget is for the public internet.
                "requests_per_address_per_minute = 1000000",
                # A booking answered 503 (database busy) counts as a failed attempt: without this an overloaded
                # hub turns into 429s after ten of them.
                "attempts_per_address_per_minute = 1000000",
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


def _child_named(name: str) -> int | None:
    """The pid of this process's child called `name` (the redis-server `running_redis` started), if any."""
    me = str(os.getpid())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        comm, rest = text.split("(", 1)[1].rsplit(")", 1)
        if comm == name and rest.split()[1] == me:
            return int(entry.name)
    return None


def _lease_spread(cluster_url: str | None) -> list[int]:
    """How many branch leases each instance holds, most first (empty without a cluster)."""
    if not cluster_url:
        return []
    import redis

    client = redis.Redis.from_url(cluster_url, decode_responses=True)
    try:
        holders = [client.get(key) for key in client.scan_iter(match="kiosk:owner:*")]
    finally:
        client.close()
    counts: dict[str, int] = {}
    for holder in holders:
        if holder is not None:
            counts[holder] = counts.get(holder, 0) + 1
    return sorted(counts.values(), reverse=True)


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
        self.booking_ms: list[float] = []
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


def _instances_of_pair(pair: int, branches: int, instances: int) -> tuple[int, int]:
    """The instances pair `pair`'s console and booth connect to.

    The hub, not the bench, decides which console of a branch a booth's session goes to, so a booth is certain to
    sit on another instance than its console only if all consoles of a branch share one instance and all its
    booths another: branch b's consoles on instance b % instances (its first console takes the lease there) and
    its booths on the next one. Over several branches the sockets spread round-robin over the instances.
    """
    console = (pair % branches) % instances
    return console, (console + 1) % instances


async def run_load(
    bases: list[str], prepared: Prepared, args: argparse.Namespace, pids: list[int], result: Result,
    cluster_url: str | None = None,
) -> None:
    """Connect, set up sessions, measure, disconnect."""
    stats = Stats()
    ws_urls = [base.replace("http://", "ws://") + "/api/v1/ws" for base in bases]
    n = len(bases)
    branches = max(1, args.branches)
    started = time.perf_counter()
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with contextlib.AsyncExitStack() as stack:
        https = [
            await stack.enter_async_context(httpx.AsyncClient(base_url=base + "/api/v1", timeout=30, limits=limits))
            for base in bases
        ]
        places = [_instances_of_pair(j, branches, n) for j in range(args.pairs)]
        console_by_pair: dict[int, Client] = {}
        booth_by_pair: dict[int, Client] = {}
        # Each branch's first console alone and in turn: the first socket of a branch makes its instance the
        # branch's owner, so these decide how the leases spread.
        for j in range(min(branches, args.pairs)):
            console_by_pair[j] = await _connect(
                ws_urls[places[j][0]], prepared.console_tokens[j], stats, {"role": "console", "cap": 1}
            )
        rest_consoles = [j for j in range(args.pairs) if j not in console_by_pair]
        for batch in range(0, len(rest_consoles), 50):
            chunk = rest_consoles[batch : batch + 50]
            connected = await asyncio.gather(
                *(
                    _connect(ws_urls[places[j][0]], prepared.console_tokens[j], stats, {"role": "console", "cap": 1})
                    for j in chunk
                )
            )
            console_by_pair.update(zip(chunk, connected, strict=True))
        for batch in range(0, args.pairs, 50):
            chunk = list(range(batch, min(args.pairs, batch + 50)))
            connected = await asyncio.gather(
                *(_connect(ws_urls[places[j][1]], prepared.booth_tokens[j], stats, {"role": "booth"}) for j in chunk)
            )
            booth_by_pair.update(zip(chunk, connected, strict=True))
        consoles = [console_by_pair[j] for j in range(args.pairs)]
        booths = [booth_by_pair[j] for j in range(args.pairs)]
        readers = [asyncio.create_task(c.read()) for c in consoles + booths]
        gate = asyncio.Semaphore(20)

        async def start_session(index: int, token: str) -> None:
            http = https[index % n]
            async with gate:
                headers = {"Authorization": f"Bearer {token}"}
                created = await http.post("/checkins", json={"walk_in": True}, headers=headers)
                created.raise_for_status()
                sid = created.json()["id"]
                changed = await http.post(f"/sessions/{sid}/state", json={"state": "self_service"}, headers=headers)
                changed.raise_for_status()

        await asyncio.gather(*(start_session(i, t) for i, t in enumerate(prepared.booth_tokens)))
        # Generous: on the shared 2-core machine, 500 assignments behind 500 check-ins took over 120 s once.
        await asyncio.wait_for(asyncio.gather(*(b.assigned for b in booths)), timeout=240)
        result.setup_s = round(time.perf_counter() - started, 1)
        spread = _lease_spread(cluster_url)
        result.leases_per_instance = spread + [0] * (n - len(spread)) if cluster_url else []
        print(
            f"set up {len(consoles) + len(booths)} connections and {len(booths)} assigned sessions "
            f"in {result.setup_s} s on {n} instance(s); branch leases per instance: {result.leases_per_instance}",
            file=sys.stderr,
        )

        stop = asyncio.Event()
        redis_pid = _child_named("redis-server") if cluster_url else None
        cpu_before = [_cpu_seconds(pid) for pid in pids]
        redis_before = _cpu_seconds(redis_pid) if redis_pid else 0.0
        own_before = time.process_time()
        wall_before = time.perf_counter()
        stats.measuring = True
        interval = args.offer_interval
        workers = [
            asyncio.create_task(_offers(b, interval, args.sdp_bytes, stop, interval * i / len(booths)))
            for i, b in enumerate(booths)
        ]
        workers.append(asyncio.create_task(_heartbeats(consoles + booths, stop)))
        rest = _start_rest_process(bases, prepared, args)
        await asyncio.sleep(args.seconds)
        stop.set()
        elapsed = time.perf_counter() - wall_before
        per_instance = [
            100 * (_cpu_seconds(pid) - before) / elapsed for pid, before in zip(pids, cpu_before, strict=True)
        ]
        result.hub_cpu_per_instance = [round(x, 1) for x in per_instance]
        result.hub_cpu_percent = round(sum(per_instance), 1)
        if redis_pid:
            result.redis_cpu_percent = round(100 * (_cpu_seconds(redis_pid) - redis_before) / elapsed, 1)
        result.load_generator_cpu_percent = round(100 * (time.process_time() - own_before) / elapsed, 1)
        await asyncio.wait(workers, timeout=15)
        rest_stats = await asyncio.get_running_loop().run_in_executor(None, _finish_rest_process, *rest)
        stats.claim_ms, stats.checkin_ms = rest_stats["claim_ms"], rest_stats["checkin_ms"]
        stats.booking_ms = rest_stats["booking_ms"]
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
    result.bookings = len(stats.booking_ms)
    result.bookings_per_s = round(len(stats.booking_ms) / elapsed, 1)
    result.booking_p50_ms = _pct(stats.booking_ms, 0.5)
    result.booking_p99_ms = _pct(stats.booking_ms, 0.99)
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
    bases: list[str], prepared: Prepared, rates: dict[str, float], seconds: float, conn: Any
) -> None:
    """Process entry: open-loop claims, check-ins and bookings (`rates`: per second) for `seconds`, round-robin
    over the instances at `bases`; send the numbers back through `conn`."""
    stats = Stats()
    stats.measuring = True
    addresses = [base.removeprefix("http://").split(":") for base in bases]

    async def main() -> None:
        stop = asyncio.Event()
        pools = [LeanHttp(host, int(port), 64) for host, port in addresses]
        turn = iter(range(10**12))

        def next_http() -> LeanHttp:
            return pools[next(turn) % len(pools)]

        booking_bodies = iter(prepared.booking_bodies)
        claim_users = prepared.claim_tokens
        checkin_pool: asyncio.Queue[str] = asyncio.Queue()
        for token in prepared.checkin_booth_tokens:
            checkin_pool.put_nowait(token)

        async def claim() -> None:
            token = claim_users[int(time.perf_counter() * 1000) % len(claim_users)]
            t0 = time.perf_counter()
            http = next_http()
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
            http = next_http()
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

        async def book() -> None:
            body = next(booking_bodies, None)
            if body is None:
                stats.error("booking no participant left")
                return
            t0 = time.perf_counter()
            try:
                status, answer = await next_http().request("POST", "/api/v1/online/bookings", body)
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                stats.error(f"booking {type(exc).__name__}")
                return
            if status == 201:
                stats.booking_ms.append((time.perf_counter() - t0) * 1000)
            else:
                code = answer.get("code", "") if isinstance(answer, dict) else ""
                stats.error(f"booking {status} {code}".strip())

        workers = [
            asyncio.create_task(_open_loop(rates["claims"], stop, claim)),
            asyncio.create_task(_open_loop(rates["checkins"], stop, checkin)),
            asyncio.create_task(_open_loop(rates["bookings"], stop, book)),
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
            "booking_ms": stats.booking_ms,
            "errors": stats.rest_errors,
            "cpu_percent": round(cpu, 1),
        }
    )
    conn.close()


def _start_rest_process(bases: list[str], prepared: Prepared, args: argparse.Namespace) -> tuple[Any, Any]:
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    rates = {"claims": args.claims_per_s, "checkins": args.checkins_per_s, "bookings": args.bookings_per_s}
    process = context.Process(
        target=_rest_main,
        args=(bases, prepared, rates, args.seconds, child),
        daemon=True,
    )
    process.start()
    return process, parent


def _finish_rest_process(process: Any, conn: Any) -> dict[str, Any]:
    try:
        if conn.poll(120):
            return dict(conn.recv())
        return {"claim_ms": [], "checkin_ms": [], "booking_ms": [], "errors": {"rest process": 1}, "cpu_percent": 0.0}
    finally:
        process.join(10)
        if process.is_alive():
            process.kill()


def run(args: argparse.Namespace) -> Result:
    """One complete run on one backend."""
    result = Result(args.backend, args.pairs, 2 * args.pairs, args.seconds, args.instances, args.branches)
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
        if args.instances > 1 and args.backend == "sqlite":
            raise SystemExit("several instances share one PostgreSQL database: use --backend postgres")
        cluster_url = None
        if args.instances > 1:
            from kiosk.demo.redis_server import running_redis

            cluster_url = stack.enter_context(running_redis())
        # A participant per booking the run can make at the given rate, with a margin for the open loop's catch-up.
        bookings = int(args.bookings_per_s * (args.seconds + 5)) + 10 if args.bookings_per_s > 0 else 0
        prepared = prepare(
            url, args.pairs, checkin_booths=max(4, int(args.checkins_per_s * 2)), branches=args.branches,
            bookings=bookings,
        )
        hubs = [
            stack.enter_context(hub_process(url, data_dir / f"instance{i}" if args.instances > 1 else data_dir,
                                            cluster_url))
            for i in range(args.instances)
        ]
        bases, pids = [base for base, _ in hubs], [pid for _, pid in hubs]
        asyncio.run(
            asyncio.wait_for(run_load(bases, prepared, args, pids, result, cluster_url), args.seconds + 300)
        )
    return result


def markdown(results: list[Result]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| backend | instances | branches | connections | relay msg/s | relay p50 / p99 / max ms | claims/s "
        "| claim p50 / p99 ms | check-in p50 / p99 ms | bookings/s | booking p50 / p99 ms | errors "
        "| hub CPU (per instance) | Redis CPU | load generator CPU |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        errors = sum(r.rest_errors.values()) + r.ws_errors + r.dropped_connections
        per = " + ".join(f"{x}" for x in r.hub_cpu_per_instance)
        lines.append(
            f"| {r.backend} | {r.instances} | {r.branches} | {r.connections} | {r.relay_per_s} | {r.relay_p50_ms} / "
            f"{r.relay_p99_ms} / {r.relay_max_ms} | {r.claims_per_s} | {r.claim_p50_ms} / {r.claim_p99_ms} | "
            f"{r.checkin_p50_ms} / {r.checkin_p99_ms} | {r.bookings_per_s} | {r.booking_p50_ms} / "
            f"{r.booking_p99_ms} | {errors} | {r.hub_cpu_percent}% ({per}) | {r.redis_cpu_percent}% | "
            f"{r.load_generator_cpu_percent}% |"
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
    parser.add_argument("--bookings-per-s", type=float, default=0.0, help="online bookings (POST /online/bookings)")
    parser.add_argument(
        "--instances", type=int, default=1, help="hub processes sharing the database and one Redis (postgres only)"
    )
    parser.add_argument("--branches", type=int, default=1, help="branches the pairs are spread over")
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
