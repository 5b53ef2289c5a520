"""A network lab for tests: hosts in their own network namespaces, joined by a bridge, with faults on demand.

Each `Host` (the hub, the console, booths, browsers) is a network namespace with loopback up and one veth link
``eth0`` carrying an address of the lab's subnet (10.77.0.0/24). The other end of every link is a port of a
bridge that lives in a namespace of its own (the lab's *switch*), not in the root namespace: the root
namespace's interfaces, routes and firewall are never touched, nothing in the lab can reach the machine's real
networks (there is no route out), and the root namespace cannot reach the lab by accident either. Because each
lab is such an island, parallel runs may all use the same subnet without colliding. Namespace names carry the
pid and a per-process counter (``netlab-<pid>-<n>-<host>``), so parallel runs and leftovers never clash.

Faults are applied at run time on one host's link, and act on both directions of it:

- `Host.drop(percent, udp_only=...)`: random loss with nftables (``numgen random``) where the bridge forwards
  the host's packets (senders see no error, as on a real network);
- `Host.rate(kbit)`: a token-bucket cap (``tc tbf``) on the host's egress and on the switch port towards it;
- `Host.cut(seconds)` / `Host.cut()` + `Host.restore()`: every frame on the link dropped at the bridge
  (nftables), as when a path fails somewhere between two sites: the interface stays up, sockets see silence;
- `Host.clear()`: no fault.

Programs are restarted by `Host.stop` (SIGTERM, or SIGKILL for a crash) and `Host.run` again: the hub on the same
database and address, the console on the same data dir (see ``tests/netlab/conftest.py``).

``tc netem`` does not exist on the machines this runs on, so there is no delay emulation: delay only comes from
queues (a rate cap's queue holds up to ``queue_ms``).

Usage::

    with NetLab() as lab:                                  # or the ``netlab`` pytest fixture
        hub, booth = lab.add_host("hub"), lab.add_host("booth1")
        server = hub.run([sys.executable, "-m", "kiosk", "server"], env={"KIOSK_SERVER__HOST": hub.address})
        booth.drop(5, udp_only=True)
        booth.cut(10)                                      # returns at once; the link comes back after 10 s

Cleanup is always done: processes started with `Host.run` (their whole process group) and anything else left
in the lab's namespaces are killed, then the namespaces go, and with them every veth, bridge, nft table and
qdisc of the lab. It runs when the block ends (also on an exception), in the fixture's finaliser, at interpreter
exit for labs still open, and at the start of every lab for namespaces whose creating process is gone.

The lab needs root and the ``ip``, ``nft`` and ``tc`` commands (Debian: iproute2, nftables). Without them the
fixture skips with the reason, except on CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import atexit
import contextlib
import enum
import ipaddress
import itertools
import logging
import os
import re
import shutil
import signal
import subprocess
import threading
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

log = logging.getLogger(__name__)

#: Every namespace of every lab starts with this.
PREFIX = "netlab-"
#: The lab's addresses. They exist only inside the lab's namespaces.
SUBNET = ipaddress.IPv4Network("10.77.0.0/24")
#: Host addresses are given from here on, in the order hosts are added.
FIRST_HOST = 10
#: The interface of every host, and the bridge's name in the switch namespace.
HOST_IFACE = "eth0"
BRIDGE = "br0"
NFT_TABLE = "netlab"
COMMANDS = ("ip", "nft", "tc")

_NAMESPACE = re.compile(rf"^{re.escape(PREFIX)}(\d+)-")
_LABEL = re.compile(r"^[a-z0-9][a-z0-9-]{0,19}$")
_runs = itertools.count(1)
_open_labs: weakref.WeakSet[NetLab] = weakref.WeakSet()


class NetLabUnavailable(RuntimeError):
    """This machine cannot run the lab (not root, a command missing, namespaces refused)."""


class Direction(enum.Enum):
    """Which way a fault acts on a host's link."""

    BOTH = "both"
    EGRESS = "egress"  # packets the host sends
    INGRESS = "ingress"  # packets the host receives


def unavailable_reason() -> str | None:
    """Why the lab cannot run here, or None when it can (root and the commands are present)."""
    if os.geteuid() != 0:
        return "the network lab needs root (network namespaces, nftables, tc)"
    missing = [name for name in COMMANDS if shutil.which(name) is None]
    if missing:
        return f"the network lab needs {', '.join(missing)} (Debian packages iproute2 and nftables)"
    return None


def on_ci() -> bool:
    """True on CI (``CI=true``), where a lab that cannot run is a failure, not a skip."""
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def _command(argv: Sequence[str], stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(list(argv), input=stdin, capture_output=True, text=True, timeout=30, check=False)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def _namespace_pids(namespace: str) -> list[int]:
    result = _command(["ip", "netns", "pids", namespace], check=False)
    return [int(pid) for pid in result.stdout.split() if pid.isdigit()]


def _remove_namespace(namespace: str) -> None:
    """Kill whatever still runs in `namespace`, then delete it (its links, nft tables and qdiscs go with it)."""
    for pid in _namespace_pids(namespace):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _command(["ip", "netns", "del", namespace], check=False)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lab_namespaces() -> list[str]:
    """Every lab namespace on this machine, of any run."""
    result = _command(["ip", "netns", "list"], check=False)
    names = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    return [name for name in names if name.startswith(PREFIX)]


def sweep_stale() -> list[str]:
    """Remove lab namespaces whose creating process is gone (a run killed before it could clean up)."""
    removed = []
    for name in lab_namespaces():
        match = _NAMESPACE.match(name)
        if match is None:
            continue
        pid = int(match.group(1))
        if pid != os.getpid() and not _pid_alive(pid):
            _remove_namespace(name)
            removed.append(name)
    if removed:
        log.info("netlab: removed %d stale namespaces: %s", len(removed), ", ".join(removed))
    return removed


def _die_with_parent() -> None:
    """In the child before exec: be killed when the process that started it dies, however it dies (Linux)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@dataclass
class _Faults:
    drop_percent: float = 0.0
    drop_udp_only: bool = False
    drop_direction: Direction = Direction.BOTH
    cut: bool = False
    rate_kbit: int | None = None


@dataclass(eq=False)
class Host:
    """One machine of the lab: a network namespace with `address` on its link ``eth0``."""

    name: str
    namespace: str
    address: str
    _lab: NetLab = field(repr=False)
    _port: str = field(repr=False)  # the switch's end of this host's link
    _faults: _Faults = field(default_factory=_Faults, repr=False)
    _timer: threading.Timer | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- processes ------------------------------------------------------------------------------------------

    def run(
        self,
        argv: Sequence[str],
        env: Mapping[str, str] | None = None,
        **popen: Any,
    ) -> subprocess.Popen[Any]:
        """Start `argv` inside this host (``ip netns exec``); `env` is added to this process's environment.

        The process gets a session of its own and is killed when the lab closes (with its whole process group)
        or when the process that started it dies (strictly, the *thread* that called `run`: call it from a thread
        that lives as long as the process should, such as the main thread). Extra keyword arguments go to
        `subprocess.Popen` (stdout, stderr, cwd, text ...).
        """
        environment = {**os.environ, **(env or {})}
        process = subprocess.Popen(
            ["ip", "netns", "exec", self.namespace, *argv],
            env=environment,
            start_new_session=True,
            preexec_fn=_die_with_parent,
            **popen,
        )
        self._lab._processes.append(process)
        return process

    def stop(self, process: subprocess.Popen[Any], sig: int = signal.SIGTERM, timeout_s: float = 10.0) -> int:
        """End `process` (started with `run`) and its whole process group with `sig`; its exit code.

        SIGKILL is a crash (nothing of the process runs any more); SIGTERM an orderly stop, made a SIGKILL after
        `timeout_s`. Used to restart a program in the middle of a test: `run` it again afterwards.
        """
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            return process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            return process.wait(timeout=timeout_s)

    def exec(self, argv: Sequence[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run a short command inside this host to completion (RuntimeError when it fails)."""
        return _command(["ip", "netns", "exec", self.namespace, *argv], stdin=stdin)

    # -- faults ---------------------------------------------------------------------------------------------

    def drop(self, percent: float, udp_only: bool = False, direction: Direction = Direction.BOTH) -> None:
        """Drop `percent` % of the packets on this host's link, at random (0: none); replaces an earlier drop.

        With `udp_only` only UDP is dropped (media and ICE, not the signaling's TCP).
        """
        if not 0 <= percent <= 100:
            raise ValueError(f"percent must be within 0..100, not {percent}")
        with self._lock:
            self._faults.drop_percent = percent
            self._faults.drop_udp_only = udp_only
            self._faults.drop_direction = direction
            self._apply_nft()

    def rate(self, kbit: int | None, queue_ms: int = 100) -> None:
        """Cap this host's link at `kbit` kbit/s each way (None: no cap); packets beyond `queue_ms` of queue drop."""
        with self._lock:
            self._faults.rate_kbit = kbit
            ports = [(self.namespace, HOST_IFACE), (self._lab.switch, self._port)]
            for namespace, device in ports:
                if kbit is None:
                    command = ["ip", "netns", "exec", namespace, "tc", "qdisc", "del", "dev", device, "root"]
                    _command(command, check=False)
                    continue
                if kbit <= 0:
                    raise ValueError(f"kbit must be positive, not {kbit}")
                # The bucket must hold at least a few full-size packets and what the kernel's timer lets through.
                burst = max(4 * 1514, kbit * 1000 // 8 // 50)
                _command(
                    ["ip", "netns", "exec", namespace, "tc", "qdisc", "replace", "dev", device, "root", "tbf",
                     "rate", f"{kbit}kbit", "burst", str(burst), "latency", f"{queue_ms}ms"]
                )  # fmt: skip

    def cut(self, seconds: float | None = None) -> None:
        """Drop everything on this host's link; with `seconds`, `restore` runs by itself after that long.

        Returns at once. The interface stays up (sockets see silence, as when a path fails further away).
        """
        with self._lock:
            self._cancel_timer()
            self._faults.cut = True
            self._apply_nft()
            if seconds is not None:
                self._timer = threading.Timer(seconds, self.restore)
                self._timer.daemon = True
                self._timer.start()

    def restore(self) -> None:
        """End a cut (other faults stay)."""
        with self._lock:
            self._cancel_timer()
            self._faults.cut = False
            self._apply_nft()

    @property
    def is_cut(self) -> bool:
        """True while the link is cut."""
        return self._faults.cut

    def clear(self) -> None:
        """Remove every fault from this host's link."""
        self.restore()
        self.drop(0)
        self.rate(None)

    def _cancel_timer(self) -> None:
        timer, self._timer = self._timer, None
        if timer is not None and timer is not threading.current_thread():
            timer.cancel()

    def _apply_nft(self) -> None:
        """Rebuild this host's nft table in the switch from `_faults`, atomically (one nft transaction).

        Packets are dropped where the bridge forwards them, not in the host: a host's own output hook would
        fail the sender's ``sendto`` with EPERM, which no real network does.
        """
        faults = self._faults
        port = self._port
        rules: list[str] = []
        if faults.cut:
            rules += [f'iifname "{port}" drop', f'oifname "{port}" drop']
        if faults.drop_percent > 0:
            # Hundredths of a percent, so 0.5 % is possible.
            match = "meta l4proto udp " if faults.drop_udp_only else ""
            share = round(faults.drop_percent * 100)
            drop = f"{match}drop" if share >= 10000 else f"{match}numgen random mod 10000 < {share} drop"
            if faults.drop_direction in (Direction.BOTH, Direction.EGRESS):
                rules.append(f'iifname "{port}" {drop}')
            if faults.drop_direction in (Direction.BOTH, Direction.INGRESS):
                rules.append(f'oifname "{port}" {drop}')
        table = f"{NFT_TABLE}_{port}"
        # "add" then "delete" makes the delete valid whether or not the table exists; all in one transaction.
        script = [f"add table bridge {table}", f"delete table bridge {table}"]
        if rules:
            script.append(f"table bridge {table} {{")
            script.append("  chain forward { type filter hook forward priority 0; policy accept;")
            script.extend(f"    {rule}" for rule in rules)
            script.append("  }")
            script.append("}")
        _command(["ip", "netns", "exec", self._lab.switch, "nft", "-f", "-"], stdin="\n".join(script) + "\n")

    def nft_ruleset(self) -> str:
        """The lab's nft rules that act on this host's link (for diagnostics)."""
        result = _command(["ip", "netns", "exec", self._lab.switch, "nft", "list", "ruleset"])
        return result.stdout if f'"{self._port}"' in result.stdout else ""


class NetLab:
    """Hosts in network namespaces joined by a bridge (see the module docstring); a context manager."""

    def __init__(self, subnet: ipaddress.IPv4Network = SUBNET) -> None:
        self.subnet = subnet
        self.run_id = f"{PREFIX}{os.getpid()}-{next(_runs)}"
        self.switch = f"{self.run_id}-switch"
        self.hosts: dict[str, Host] = {}
        self._processes: list[subprocess.Popen[Any]] = []
        self._namespaces: list[str] = []
        self._open = False

    # -- life cycle -----------------------------------------------------------------------------------------

    def __enter__(self) -> NetLab:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        """Create the switch (a bridge in a namespace of its own); remove stale namespaces of dead runs first."""
        reason = unavailable_reason()
        if reason is not None:
            raise NetLabUnavailable(reason)
        sweep_stale()
        _open_labs.add(self)
        self._open = True
        try:
            self._add_namespace(self.switch)
            self._ns(self.switch, "ip", "link", "add", BRIDGE, "type", "bridge")
            self._ns(self.switch, "ip", "link", "set", BRIDGE, "up")
        except RuntimeError as exc:
            self.close()
            raise NetLabUnavailable(f"network namespaces do not work here: {exc}") from exc

    def close(self) -> None:
        """Kill the lab's processes and remove its namespaces; idempotent, never raises."""
        if not self._open:
            return
        self._open = False
        for host in self.hosts.values():
            host._cancel_timer()
        for process in self._processes:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self._processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=5)
        for namespace in reversed(self._namespaces):
            try:
                _remove_namespace(namespace)
            except Exception:  # cleanup goes on with the next namespace whatever happens
                log.exception("netlab: could not remove %s", namespace)
        self._namespaces.clear()
        _open_labs.discard(self)

    # -- hosts ----------------------------------------------------------------------------------------------

    def add_host(self, name: str) -> Host:
        """A new host called `name` (lowercase letters, digits, dashes) with the next address of the subnet."""
        if not self._open:
            raise RuntimeError("the lab is not open")
        if not _LABEL.match(name) or name == "switch":
            raise ValueError(f"bad host name {name!r}: lowercase letters, digits and dashes, at most 20")
        if name in self.hosts:
            raise ValueError(f"there is already a host called {name!r}")
        index = len(self.hosts)
        address = self.subnet.network_address + FIRST_HOST + index
        if address not in self.subnet or address == self.subnet.broadcast_address:
            raise ValueError("the lab's subnet is full")
        namespace = f"{self.run_id}-{name}"
        port = f"p{index}"
        self._add_namespace(namespace)
        # The pair is made in the switch namespace with the host's end sent straight into the host's: no
        # interface of the lab ever appears in the root namespace, even for a moment.
        self._ns(self.switch, "ip", "link", "add", port, "type", "veth", "peer", "name", HOST_IFACE, "netns", namespace)
        self._ns(self.switch, "ip", "link", "set", port, "master", BRIDGE)
        self._ns(self.switch, "ip", "link", "set", port, "up")
        self._ns(namespace, "ip", "addr", "add", f"{address}/{self.subnet.prefixlen}", "dev", HOST_IFACE)
        self._ns(namespace, "ip", "link", "set", HOST_IFACE, "up")
        host = Host(name, namespace, str(address), self, port)
        self.hosts[name] = host
        return host

    def __getitem__(self, name: str) -> Host:
        return self.hosts[name]

    # -- helpers --------------------------------------------------------------------------------------------

    def _add_namespace(self, namespace: str) -> None:
        _command(["ip", "netns", "add", namespace])
        self._namespaces.append(namespace)
        self._ns(namespace, "ip", "link", "set", "lo", "up")

    @staticmethod
    def _ns(namespace: str, *argv: str) -> None:
        _command(["ip", "-n", namespace, *argv[1:]] if argv[0] == "ip" else ["ip", "netns", "exec", namespace, *argv])


@atexit.register
def _close_open_labs() -> None:
    for lab in list(_open_labs):
        lab.close()


def open_lab() -> NetLab:
    """An open lab; where it cannot run, skip the test with the reason, or fail it on CI (``CI=true``)."""
    lab = NetLab()
    try:
        lab.open()
    except NetLabUnavailable as exc:
        if on_ci():
            pytest.fail(f"the network lab must run on CI: {exc}")
        pytest.skip(str(exc))
    return lab


@pytest.fixture
def netlab() -> Iterator[NetLab]:
    """A fresh, empty network lab for one test (skipped where it cannot run, failed instead on CI)."""
    lab = open_lab()
    try:
        yield lab
    finally:
        lab.close()
