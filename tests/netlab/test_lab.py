"""The network lab itself (tests/support/netlab.py): hosts reach each other and nothing else, faults do what they
say (loss, rate cap, cut and restore), and nothing is left behind, whatever happens."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest

from tests.support import netlab as netlab_module
from tests.support.netlab import Direction, Host, NetLab, lab_namespaces, open_lab, sweep_stale, unavailable_reason
from tests.support.wait import wait_until_sync

pytestmark = pytest.mark.slow

PROBE = [sys.executable, "-m", "tests.support.netlab_probe"]


def _start(host: Host, *args: str) -> subprocess.Popen[bytes]:
    """Start a probe listener in `host` and wait until it listens."""
    process = host.run([*PROBE, *args], stdout=subprocess.PIPE)
    assert process.stdout is not None
    assert json.loads(process.stdout.readline()) == {"ready": True}
    return process


def _result(process: subprocess.Popen[bytes]) -> dict[str, float]:
    out, _ = process.communicate(timeout=60)
    result: dict[str, float] = json.loads(out.decode().strip().splitlines()[-1])
    return result


def _udp(sender: Host, receiver: Host, count: int, wait: float = 5.0) -> int:
    """Datagrams out of `count` sent from `sender` that reach `receiver`."""
    listener = _start(receiver, "udp-recv", "9000", "30", str(wait))
    sender.exec([*PROBE, "udp-send", receiver.address, "9000", str(count)])
    return int(_result(listener)["received"])


def test_hosts_reach_each_other_over_the_bridge(netlab: NetLab) -> None:
    hub, booth, console = netlab.add_host("hub"), netlab.add_host("booth1"), netlab.add_host("console")
    assert len({hub.address, booth.address, console.address}) == 3
    assert _udp(booth, console, 200) == 200
    assert _udp(console, hub, 200) == 200
    server = _start(hub, "tcp-recv", "9100")
    booth.exec([*PROBE, "tcp-send", hub.address, "9100", "0.2"])
    assert _result(server)["bytes"] > 0


def test_a_lab_is_an_island(netlab: NetLab) -> None:
    """Another lab with the same addresses does not hear this one, and the root namespace has no lab address."""
    sender, _ = netlab.add_host("a"), netlab.add_host("b")
    with NetLab() as other:
        other.add_host("x")
        twin = other.add_host("y")
        assert twin.address == netlab["b"].address
        assert _udp(sender, twin, 50, wait=2) == 0
    root = subprocess.run(["ip", "-o", "addr"], capture_output=True, text=True, check=True).stdout
    assert "10.77." not in root
    assert not any(name.startswith(netlab.run_id) for name in root.split())


def test_random_loss_is_close_to_the_configured_share(netlab: NetLab) -> None:
    sender, receiver = netlab.add_host("sender"), netlab.add_host("receiver")
    sender.drop(10, udp_only=True, direction=Direction.EGRESS)
    received = _udp(sender, receiver, 2000)
    assert 0.86 * 2000 <= received <= 0.94 * 2000  # 10 % +- 4 points: more than 5 standard deviations
    sender.drop(0)
    assert _udp(sender, receiver, 500) == 500


def test_udp_only_loss_leaves_tcp_alone(netlab: NetLab) -> None:
    sender, receiver = netlab.add_host("sender"), netlab.add_host("receiver")
    sender.drop(100, udp_only=True)
    assert _udp(sender, receiver, 50, wait=2) == 0
    server = _start(receiver, "tcp-recv", "9100")
    sender.exec([*PROBE, "tcp-send", receiver.address, "9100", "0.2"])
    assert _result(server)["bytes"] > 0


@pytest.mark.parametrize("kbit", [500, 2000])
def test_a_rate_cap_holds_throughput_to_the_cap(netlab: NetLab, kbit: int) -> None:
    sender, receiver = netlab.add_host("sender"), netlab.add_host("receiver")
    sender.rate(kbit)
    server = _start(receiver, "tcp-recv", "9100")
    sender.exec([*PROBE, "tcp-send", receiver.address, "9100", "3"])
    result = _result(server)
    measured_kbit = result["bytes"] * 8 / 1000 / result["seconds"]
    assert 0.8 * kbit <= measured_kbit <= 1.2 * kbit


def test_a_cut_stops_everything_until_restored(netlab: NetLab) -> None:
    booth, console = netlab.add_host("booth"), netlab.add_host("console")
    booth.cut()
    assert booth.is_cut
    assert _udp(booth, console, 50, wait=2) == 0
    assert _udp(console, booth, 50, wait=2) == 0
    booth.restore()
    assert _udp(booth, console, 50) == 50


def test_a_timed_cut_restores_by_itself(netlab: NetLab) -> None:
    booth, console = netlab.add_host("booth"), netlab.add_host("console")
    booth.cut(1.0)
    assert booth.is_cut
    wait_until_sync(lambda: not booth.is_cut, within_s=10, what="the link restored")
    assert _udp(booth, console, 50) == 50


def test_clear_removes_every_fault(netlab: NetLab) -> None:
    booth, console = netlab.add_host("booth"), netlab.add_host("console")
    booth.drop(50)
    booth.rate(100)
    booth.cut()
    booth.clear()
    assert booth.nft_ruleset() == ""
    assert "tbf" not in booth.exec(["tc", "qdisc", "show", "dev", "eth0"]).stdout
    assert _udp(booth, console, 200) == 200


@pytest.mark.skipif(unavailable_reason() is not None, reason=str(unavailable_reason()))
def test_nothing_is_left_behind_even_after_an_exception() -> None:
    processes: list[subprocess.Popen[bytes]] = []
    labs: list[NetLab] = []

    def failing_test() -> None:
        with NetLab() as lab:
            labs.append(lab)
            host = lab.add_host("hub")
            lab.add_host("booth1").drop(5)
            processes.append(host.run(["sleep", "300"]))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        failing_test()
    run_id = labs[0].run_id
    assert not [name for name in lab_namespaces() if name.startswith(run_id)]
    assert processes[0].poll() is not None


@pytest.mark.skipif(unavailable_reason() is not None, reason=str(unavailable_reason()))
def test_namespaces_of_a_dead_run_are_swept() -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = f"netlab-{dead.pid}-1-hub"
    subprocess.run(["ip", "netns", "add", stale], check=True)
    assert stale in lab_namespaces()
    assert stale in sweep_stale()
    assert stale not in lab_namespaces()


@pytest.mark.parametrize(("ci", "outcome"), [("", pytest.skip.Exception), ("true", pytest.fail.Exception)])
def test_a_machine_without_root_skips_except_on_ci(
    monkeypatch: pytest.MonkeyPatch, ci: str, outcome: type[BaseException]
) -> None:
    monkeypatch.setattr(netlab_module, "unavailable_reason", lambda: "the network lab needs root")
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="needs root"):
        open_lab()


def test_a_program_is_crashed_and_started_again_on_the_same_address(netlab: NetLab) -> None:
    server, client = netlab.add_host("hub"), netlab.add_host("console")
    listener = _start(server, "udp-recv", "9000", "30", "5")
    assert server.stop(listener, signal.SIGKILL) == -signal.SIGKILL
    assert listener.poll() is not None
    listener = _start(server, "udp-recv", "9000", "30", "5")  # a new process, on the same address and port
    client.exec([*PROBE, "udp-send", server.address, "9000", "50"])
    assert int(_result(listener)["received"]) == 50
    stopped = server.run(["sleep", "300"])
    assert server.stop(stopped) == -signal.SIGTERM
