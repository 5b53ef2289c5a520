"""Signaling fan-out between two processes: Redis pub/sub against PostgreSQL LISTEN/NOTIFY (issue 17, item 1).

    python -m bench.cluster_bus --seconds 10
    python -m bench.cluster_bus --seconds 10 --rate 500 --payload-bytes 4000 --claims-per-s 100 --json out.json

For each engine, a publisher process sends `--rate` messages a second of `--payload-bytes` (an SDP-sized relay
frame; the first bytes carry `time.time()` at sending) on an open-loop schedule, and a subscriber process
records one-way latency (receipt minus that stamp: one machine, one clock). Redis: redis-py asyncio, PUBLISH and
a pub/sub subscription. PostgreSQL: psycopg 3 async in autocommit, ``SELECT pg_notify(channel, payload)`` and
LISTEN on the subscriber's connection (each notify is its own transaction). Both servers are throwaway ones on
127.0.0.1 (`kiosk.demo.redis_server.running_redis`, tests/support/postgres.py, fsync off).

Two scenarios per engine: (a) the bus alone; (b) while a third process runs claim-like transactions on the same
PostgreSQL at `--claims-per-s` (open loop, up to 16 at once): lock a head row (``SELECT ... FOR UPDATE``, as a
claim locks the audit chain's head), insert a 1 kB row into a scratch table, advance the head, commit. Not real
claims through a hub: a scratch table, so the comparison isolates the database, and its transactions' latency is
reported too (does the bus slow the claims down?). The first second of every run is not counted (warm-up).

NOTIFY payloads must be shorter than 8000 bytes (PostgreSQL's limit); a bigger one fails, and Redis has no such
limit. Prints a Markdown table and writes JSON (`--json`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHANNEL = "kiosk_bench"
WARMUP_S = 1.0


@dataclass
class BusResult:
    """One engine in one scenario."""

    engine: str
    scenario: str
    rate: float
    payload_bytes: int
    seconds: float
    sent: int = 0
    received: int = 0
    lost: int = 0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    publish_errors: int = 0
    claims: int = 0
    claims_per_s: float = 0.0
    claim_p50_ms: float = 0.0
    claim_p99_ms: float = 0.0
    load_avg_start: str = ""
    load_avg_end: str = ""


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))], 2)


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])


def _payload(size: int) -> str:
    stamp = f"{time.time():.6f}|"
    return stamp + "x" * max(0, size - len(stamp))


def _stamp(payload: str) -> float:
    return float(payload[: payload.index("|")])


# -- subscriber and publisher, one process each -------------------------------------------------------------------


def _subscriber(engine: str, url: str, ready: Any, stop: Any, conn: Any) -> None:
    """Process entry: listen until `stop` is set; send back (receipt time, latency ms) of every message."""

    async def redis_side(seen: list[tuple[float, float]]) -> None:
        import redis.asyncio as aioredis

        client = aioredis.from_url(url, decode_responses=True)
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(CHANNEL)
        ready.set()
        while not stop.is_set():
            message = await pubsub.get_message(timeout=0.2)
            if message is not None and message.get("type") == "message":
                now = time.time()
                seen.append((now, (now - _stamp(message["data"])) * 1000))
        await pubsub.aclose()
        await client.aclose()

    async def postgres_side(seen: list[tuple[float, float]]) -> None:
        import psycopg

        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as pg:
            await pg.execute(f"LISTEN {CHANNEL}")
            ready.set()
            while not stop.is_set():
                # A bounded wait, so `stop` is seen even when nothing arrives.
                async for note in pg.notifies(timeout=0.2):
                    now = time.time()
                    seen.append((now, (now - _stamp(note.payload)) * 1000))

    seen: list[tuple[float, float]] = []
    asyncio.run(redis_side(seen) if engine == "redis" else postgres_side(seen))
    conn.send(seen)
    conn.close()


async def _until(go_at: float) -> None:
    """Sleep until the wall-clock time `go_at`: every process of a run starts its schedule together, whatever
    its start-up (spawn, imports, connecting) took."""
    await asyncio.sleep(max(0.0, go_at - time.time()))


def _publisher(engine: str, url: str, rate: float, size: int, go_at: float, seconds: float, conn: Any) -> None:
    """Process entry: publish `rate` messages a second for `seconds` from `go_at` on a fixed schedule; send back
    counts."""

    async def main() -> tuple[int, int]:
        sent = errors = 0
        if engine == "redis":
            import redis.asyncio as aioredis

            client = aioredis.from_url(url, decode_responses=True)

            async def publish(text: str) -> None:
                await client.publish(CHANNEL, text)

            async def close() -> None:
                await client.aclose()
        else:
            import psycopg

            pg = await psycopg.AsyncConnection.connect(url, autocommit=True)

            async def publish(text: str) -> None:
                await pg.execute("SELECT pg_notify(%s, %s)", (CHANNEL, text))

            async def close() -> None:
                await pg.close()

        await _until(go_at)
        async for _ in _ticks(rate, seconds):
            try:
                await publish(_payload(size))
                sent += 1
            except Exception:  # counted; the run goes on (e.g. a payload over NOTIFY's limit)
                errors += 1
        await close()
        return sent, errors

    conn.send(asyncio.run(main()))
    conn.close()


async def _ticks(rate: float, seconds: float) -> AsyncIterator[int]:
    """Yield `rate` times a second for `seconds`, open loop: a late tick does not push the later ones back."""
    start = time.perf_counter()
    n = 0
    while time.perf_counter() - start < seconds:
        n += 1
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        yield n


# -- claim-like load on the same PostgreSQL -----------------------------------------------------------------------


def _setup_scratch(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as pg:
        pg.execute("CREATE TABLE IF NOT EXISTS bench_head (id int PRIMARY KEY, n bigint NOT NULL)")
        pg.execute("INSERT INTO bench_head VALUES (1, 0) ON CONFLICT DO NOTHING")
        pg.execute("CREATE TABLE IF NOT EXISTS bench_claims (id bigserial PRIMARY KEY, seq bigint, body jsonb)")


def _claims(url: str, rate: float, go_at: float, seconds: float, conn: Any) -> None:
    """Process entry: claim-like transactions at `rate` a second (open loop) for `seconds` from `go_at`; send back
    (end time, latency ms) of each."""

    async def main() -> list[tuple[float, float]]:
        import psycopg

        pool: asyncio.Queue[Any] = asyncio.Queue()
        for _ in range(16):
            pool.put_nowait(await psycopg.AsyncConnection.connect(url))
        body = json.dumps({"claim_type": "JHT", "bank": {"account": "0123456789"}, "note": "x" * 900})
        done: list[tuple[float, float]] = []

        async def one() -> None:
            t0 = time.perf_counter()
            pg = await pool.get()
            try:
                async with pg.transaction():
                    row = await (await pg.execute("SELECT n FROM bench_head WHERE id = 1 FOR UPDATE")).fetchone()
                    seq = (row[0] if row else 0) + 1
                    await pg.execute("INSERT INTO bench_claims (seq, body) VALUES (%s, %s)", (seq, body))
                    await pg.execute("UPDATE bench_head SET n = %s WHERE id = 1", (seq,))
                done.append((time.time(), (time.perf_counter() - t0) * 1000))
            finally:
                pool.put_nowait(pg)

        tasks: set[asyncio.Task[None]] = set()
        await _until(go_at)
        async for _ in _ticks(rate, seconds):
            task = asyncio.create_task(one())
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.wait(tasks, timeout=30)
        while not pool.empty():
            await pool.get_nowait().close()
        return done

    conn.send(asyncio.run(main()))
    conn.close()


# -- one run ------------------------------------------------------------------------------------------------------


def run_one(engine: str, url: str, pg_url: str, scenario: str, args: argparse.Namespace) -> BusResult:
    """One engine, one scenario: subscriber, publisher and (in scenario b) the claim-like load."""
    result = BusResult(engine, scenario, args.rate, args.payload_bytes, args.seconds, load_avg_start=_loadavg())
    ctx = multiprocessing.get_context("spawn")
    ready, stop = ctx.Event(), ctx.Event()
    sub_in, sub_out = ctx.Pipe(duplex=False)
    pub_in, pub_out = ctx.Pipe(duplex=False)
    subscriber = ctx.Process(target=_subscriber, args=(engine, url, ready, stop, sub_out), daemon=True)
    subscriber.start()
    if not ready.wait(30):
        subscriber.kill()
        raise RuntimeError(f"the {engine} subscriber did not start")
    # Spawned processes take a second or two to import and connect on a busy machine: all start at `go_at`.
    started = time.time() + 4.0
    claims = None
    if scenario.startswith("b"):
        claims_in, claims_out = ctx.Pipe(duplex=False)
        claims = ctx.Process(
            target=_claims, args=(pg_url, args.claims_per_s, started, args.seconds + WARMUP_S, claims_out),
            daemon=True,
        )
        claims.start()
    publisher = ctx.Process(
        target=_publisher,
        args=(engine, url, args.rate, args.payload_bytes, started, args.seconds + WARMUP_S, pub_out),
        daemon=True,
    )
    publisher.start()
    sent, errors = pub_in.recv() if pub_in.poll(args.seconds + 125) else (0, 1)
    time.sleep(1.0)  # the last messages in flight
    stop.set()
    seen: list[tuple[float, float]] = sub_in.recv() if sub_in.poll(60) else []
    claim_done: list[tuple[float, float]] = []
    if claims is not None:
        claim_done = claims_in.recv() if claims_in.poll(120) else []
    for process in (publisher, subscriber, claims):
        if process is not None:
            process.join(10)
            if process.is_alive():
                process.kill()
    counted = [ms for at, ms in seen if at - started >= WARMUP_S]
    result.sent, result.received, result.publish_errors = sent, len(seen), errors
    result.lost = max(0, sent - len(seen))
    result.p50_ms, result.p99_ms = _pct(counted, 0.5), _pct(counted, 0.99)
    result.max_ms = round(max(counted, default=0.0), 1)
    claim_ms = [ms for at, ms in claim_done if at - started >= WARMUP_S]
    result.claims = len(claim_ms)
    result.claims_per_s = round(len(claim_ms) / args.seconds, 1)  # ends within the measured phase
    result.claim_p50_ms, result.claim_p99_ms = _pct(claim_ms, 0.5), _pct(claim_ms, 0.99)
    result.load_avg_end = _loadavg()
    print(json.dumps(asdict(result)), file=sys.stderr)
    return result


def markdown(results: list[BusResult]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| engine | scenario | msg/s x bytes | sent / received | one-way p50 / p99 / max ms | publish errors "
        "| claim-like tx/s | tx p50 / p99 ms | load avg start / end |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        tx = f"{r.claims_per_s} | {r.claim_p50_ms} / {r.claim_p99_ms}" if r.claims else "- | -"
        lines.append(
            f"| {r.engine} | {r.scenario} | {r.rate:g} x {r.payload_bytes} | {r.sent} / {r.received} | {r.p50_ms} / "
            f"{r.p99_ms} / {r.max_ms} | {r.publish_errors} | {tx} | {r.load_avg_start} / {r.load_avg_end} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Start Redis and PostgreSQL, run both engines in both scenarios, print and write the results."""
    parser = argparse.ArgumentParser(prog="python -m bench.cluster_bus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured phase of each run")
    parser.add_argument("--rate", type=float, default=500.0, help="messages per second")
    parser.add_argument("--payload-bytes", type=int, default=4000, help="bytes per message (NOTIFY: < 8000)")
    parser.add_argument("--claims-per-s", type=float, default=100.0, help="claim-like transactions in scenario b")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from sqlalchemy.engine import make_url

    from kiosk.demo.redis_server import running_redis
    from tests.support.postgres import throwaway_postgres

    results: list[BusResult] = []
    with contextlib.ExitStack() as stack:
        redis_url = stack.enter_context(running_redis())
        found = stack.enter_context(throwaway_postgres())
        if found is None:
            raise SystemExit("PostgreSQL is not available (see tests/support/postgres.py)")
        pg_url = make_url(found).set(drivername="postgresql").render_as_string(hide_password=False)
        _setup_scratch(pg_url)
        for scenario in ("a) alone", f"b) + {args.claims_per_s:g} claim-like tx/s"):
            for engine, url in (("redis", redis_url), ("postgres", pg_url)):
                results.append(run_one(engine, url, pg_url, scenario, args))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
