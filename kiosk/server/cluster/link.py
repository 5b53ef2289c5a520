"""This instance's link to the shared Redis: its own channel, the broadcast channel, branch leases and the
branches' presence summaries.

Frames on the channels are text: ``op``, ``cid`` and the rest joined by the unit separator (0x1f), so a relayed
SDP travels as received, never encoded a second time. Every publish goes through one queue drained by one task,
so frames reach Redis in the order they were sent (Redis delivers a channel's messages in publish order).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import redis
import redis.asyncio as aioredis

log = logging.getLogger(__name__)

SEP = "\x1f"
#: Every instance listens here too: events every instance must hear (`kiosk.server.cluster.events`).
BROADCAST = "kiosk:all"
_PREFIX = "kiosk:"

#: Take a branch when nobody holds it, or when its holder is no longer alive (its liveness key expired).
_CLAIM = """
local holder = redis.call('GET', KEYS[1])
if holder and (holder == ARGV[1] or redis.call('EXISTS', ARGV[3] .. holder) == 1) then
  return holder
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
"""
#: Extend a lease only while this instance still holds it.
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


@dataclass(frozen=True)
class Frame:
    """One frame received on a channel."""

    op: str
    cid: str
    body: str
    #: The instance that sent it.
    sender: str


#: Handles one received frame (on the event loop, in the order frames arrived).
FrameHandler = Callable[[Frame], Awaitable[None]]
#: Told when a frame for `instance` found no listener (that instance is gone): (instance, op, cid).
Undelivered = Callable[[str, str, str], None]


def channel_of(instance_id: str) -> str:
    """The channel an instance listens on."""
    return f"{_PREFIX}i:{instance_id}"


def owner_key(branch_code: str) -> str:
    """The key of a branch's signaling lease."""
    return f"{_PREFIX}owner:{branch_code}"


def alive_key(instance_id: str) -> str:
    """The key that exists while an instance is alive."""
    return f"{_PREFIX}alive:{instance_id}"


def presence_key(branch_code: str) -> str:
    """The key of a branch's presence summary (written by its owner)."""
    return f"{_PREFIX}presence:{branch_code}"


def encode(op: str, cid: str, body: str, sender: str) -> str:
    """A frame as sent on a channel."""
    return SEP.join((op, cid, sender, body))


def decode(data: str) -> Frame:
    """A received frame (the body may itself hold the separator: only the first three split)."""
    op, cid, sender, body = data.split(SEP, 3)
    return Frame(op, cid, body, sender)


class ClusterLink:
    """Publish, subscribe, leases and presence through one Redis server."""

    def __init__(self, url: str, instance_id: str, lease_s: float) -> None:
        self.url = url
        self.instance_id = instance_id
        self.lease_ms = int(lease_s * 1000)
        self.redis: aioredis.Redis = aioredis.from_url(url, decode_responses=True, health_check_interval=10)
        #: For routes and other threads (the presence a REST answer shows, events published by a route).
        self.sync: redis.Redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=2.0)
        self._outbox: asyncio.Queue[tuple[str, str, str, str]] = asyncio.Queue()
        self._tasks: list[asyncio.Task[Any]] = []
        self._claim = self.redis.register_script(_CLAIM)
        self._renew = self.redis.register_script(_RENEW)
        self._release = self.redis.register_script(_RELEASE)
        self.undelivered: Undelivered | None = None

    async def start(self, handler: FrameHandler) -> None:
        """Announce this instance alive, subscribe to its channel and the broadcast one, and start sending."""
        await self.redis.set(alive_key(self.instance_id), "1", px=self.lease_ms)
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(channel_of(self.instance_id), BROADCAST)
        self._tasks = [
            asyncio.create_task(self._receive(pubsub, handler), name="cluster-receive"),
            asyncio.create_task(self._send_forever(), name="cluster-send"),
        ]

    async def stop(self) -> None:
        """Send what is queued, say this instance is gone, and close the connections."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._outbox.join(), 2.0)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(BaseException):
                await task
        with contextlib.suppress(Exception):
            await self.redis.delete(alive_key(self.instance_id))
        with contextlib.suppress(Exception):
            await self.redis.aclose()
        with contextlib.suppress(Exception):
            self.sync.close()

    # -- frames ----------------------------------------------------------------------------------------------

    def send(self, instance_id: str, op: str, cid: str, body: str = "") -> None:
        """Queue a frame for one instance (sent in order by the sending task)."""
        self._outbox.put_nowait((channel_of(instance_id), op, cid, body))

    def broadcast(self, op: str, body: str) -> None:
        """Queue a frame for every instance (this one hears it too, and skips it by its sender)."""
        self._outbox.put_nowait((BROADCAST, op, "", body))

    def broadcast_from_thread(self, op: str, body: str) -> None:
        """`broadcast` from a route's worker thread (a blocking publish on the thread's own connection)."""
        self.sync.publish(BROADCAST, encode(op, "", body, self.instance_id))

    async def _send_forever(self) -> None:
        while True:
            first = await self._outbox.get()
            batch = [first]
            while not self._outbox.empty() and len(batch) < 256:
                batch.append(self._outbox.get_nowait())
            try:
                async with self.redis.pipeline(transaction=False) as pipe:
                    for channel, op, cid, body in batch:
                        pipe.publish(channel, encode(op, cid, body, self.instance_id))
                    heard = await pipe.execute()
                for (channel, op, cid, _), listeners in zip(batch, heard, strict=True):
                    if listeners == 0 and channel != BROADCAST and self.undelivered is not None:
                        self.undelivered(channel.rsplit(":", 1)[1], op, cid)
            except Exception:  # Redis away for a moment: these frames are lost; the ends recover by reconnecting
                log.exception("publishing %d frames to the cluster failed", len(batch))
            finally:
                for _ in batch:
                    self._outbox.task_done()

    async def _receive(self, pubsub: Any, handler: FrameHandler) -> None:
        while True:
            try:
                async for message in pubsub.listen():
                    if message.get("type") != "message":
                        continue
                    try:
                        frame = decode(message["data"])
                    except ValueError:
                        log.warning("a malformed cluster frame was dropped")
                        continue
                    try:
                        await handler(frame)
                    except Exception:
                        log.exception("handling a cluster frame (%s) failed", frame.op)
            except asyncio.CancelledError:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                raise
            except Exception:
                log.exception("the cluster subscription broke; subscribing again")
                await asyncio.sleep(0.5)
                with contextlib.suppress(Exception):
                    await pubsub.subscribe(channel_of(self.instance_id), BROADCAST)

    # -- leases ----------------------------------------------------------------------------------------------

    async def claim(self, branch_code: str) -> str:
        """The instance that runs `branch_code`'s signaling: its holder, or this one if nobody (alive) holds it."""
        holder = await self._claim(
            keys=[owner_key(branch_code)], args=[self.instance_id, self.lease_ms, f"{_PREFIX}alive:"]
        )
        return str(holder)

    async def holder(self, branch_code: str) -> str | None:
        """The instance holding `branch_code` now, if any."""
        value = await self.redis.get(owner_key(branch_code))
        return str(value) if value is not None else None

    async def renew(self, branches: list[str]) -> list[str]:
        """Extend this instance's life and its leases of `branches`; the branches whose lease it lost."""
        await self.redis.set(alive_key(self.instance_id), "1", px=self.lease_ms)
        lost = []
        for branch in branches:
            if not await self._renew(keys=[owner_key(branch)], args=[self.instance_id, self.lease_ms]):
                lost.append(branch)
        return lost

    async def release(self, branches: list[str]) -> None:
        """Give up the leases of `branches` (on the way out), so another instance takes them at once."""
        for branch in branches:
            with contextlib.suppress(Exception):
                await self._release(keys=[owner_key(branch)], args=[self.instance_id])

    async def alive(self, instance_id: str) -> bool:
        """Whether `instance_id` renewed its life within the lease."""
        return bool(await self.redis.exists(alive_key(instance_id)))

    # -- presence --------------------------------------------------------------------------------------------

    async def put_presence(self, branch_code: str, summary: dict[str, Any]) -> None:
        """Publish a branch's presence summary (it expires unless its owner writes it again within the lease)."""
        await self.redis.set(presence_key(branch_code), json.dumps(summary), px=self.lease_ms)

    def read_presence(self) -> dict[str, dict[str, Any]]:
        """Every branch's presence summary (from any thread)."""
        keys = list(self.sync.scan_iter(match=presence_key("*"), count=500))
        if not keys:
            return {}
        values = self.sync.mget(keys)
        out: dict[str, dict[str, Any]] = {}
        for key, value in zip(keys, values, strict=True):
            if value is not None:
                out[str(key).split(":", 2)[2]] = json.loads(value)
        return out

