"""The network lab's call: the hub (`kiosk server`), a booth and a console, each a process on a host of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.netlab import Host, NetLab
from tests.support.netlab_actors import ActorStatus
from tests.support.wait import wait_until_sync

HUB_PORT = 8600
#: Generous: three Python processes start and a WebRTC call connects on a shared two-core machine.
START_TIMEOUT_S = 120.0


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


@dataclass(frozen=True)
class Call:
    """A call across the lab: the booth's host, and the booth's and the console's status lines."""

    booth_host: Host
    booth: ActorStatus
    console: ActorStatus


@pytest.fixture
def lab_call(netlab: NetLab, tmp_path: Path) -> Call:
    """A hub, a console and booth 1 on three hosts, in a call.

    The lab stops every process when the test ends."""
    hub, console_host, booth_host = netlab.add_host("hub"), netlab.add_host("console"), netlab.add_host("booth1")
    env = _hub_env(hub, tmp_path)
    subprocess.run(
        ["ip", "netns", "exec", hub.namespace, sys.executable, "-m", "kiosk", "server", "seed-demo"],
        env=env,
        check=True,
        capture_output=True,
        timeout=START_TIMEOUT_S,
    )
    with (tmp_path / "hub.log").open("wb") as hub_log:
        hub.run([sys.executable, "-m", "kiosk", "server"], env=env, stdout=hub_log, stderr=hub_log)
    url = f"http://{hub.address}:{HUB_PORT}"
    actor = [sys.executable, "-m", "tests.support.netlab_actors"]
    console = ActorStatus(
        console_host.run([*actor, "console", "--hub", url, "--address", console_host.address], stdout=subprocess.PIPE)
    )
    booth_args = [*actor, "booth", "--hub", url, "--address", booth_host.address, "--number", "1"]
    booth = ActorStatus(booth_host.run(booth_args, stdout=subprocess.PIPE))
    try:
        wait_until_sync(lambda: console.frames > 30, within_s=START_TIMEOUT_S, what="video at the console")
    except AssertionError:
        hub_tail = (tmp_path / "hub.log").read_text(errors="replace")[-2000:]
        raise AssertionError(f"no call: booth {booth.latest}, console {console.latest}; hub log:\n{hub_tail}") from None
    return Call(booth_host, booth, console)
