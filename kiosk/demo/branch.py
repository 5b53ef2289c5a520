"""The demo's branch on the hub: its code and accounts, the one settings file every process reads, and the
booths enrolled with one-time codes as the setup wizard does."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import toml_document
from kiosk.demo.options import DemoOptions

if TYPE_CHECKING:
    from kiosk.client.hub_api import HubClient
    from kiosk.demo.turn import TurnServer

BRANCH = "KDR"
ADMIN = ("admin", "admin-demo")
OFFICER = ("cso1", "cso1-demo")


def write_settings(path: Path, sections: dict[str, dict[str, Any]], top: dict[str, Any]) -> None:
    """A TOML settings file (only the few value types the demo needs)."""
    path.write_text(toml_document(top, sections), encoding="utf-8")
    path.chmod(0o600)


def write_demo_settings(
    path: Path, options: DemoOptions, folder: Path, port: int, turn: TurnServer | None = None,
    cluster: tuple[str, list[str]] | None = None,
) -> str:
    """The settings of the hub, the console and the booths of a demo in `folder`; the hub's base URL. With
    `turn`, the hub hands out its credentials and every peer (booths, console, browsers) relays only. With
    `cluster` (the Redis URL, [the proxy's URL]), every instance shares the Redis and the clients use the proxy."""
    base_url = cluster[1][0] if cluster else f"http://127.0.0.1:{port}"
    shared = {"cluster_url": cluster[0], "trusted_proxies": ["127.0.0.1"]} if cluster else {}
    cap = min(options.booths + options.online, 12)  # the officer's cap counts booths and browsers alike
    write_settings(
        path,
        {
            "server": {
                "host": "127.0.0.1",
                "port": port,
                "data_dir": str(folder / "hub"),
                "database_url": options.database_url,
                "default_console_cap": max(6, cap),
                **shared,
            },
            "booth": {
                "hub_url": base_url,
                "camera": "synthetic",
                "camera_width": options.camera[0],
                "camera_height": options.camera[1],
                "camera_fps": options.camera[2],
                "microphone": "tone",
                "speaker": "null",
                "fullscreen": False,
                "inactivity_timeout_s": options.inactivity_s,
                "inactivity_countdown_s": 10.0,
            },
            "console": {
                "hub_url": base_url,
                "data_dir": str(folder / "console"),
                "default_cap": cap,
                "max_cap": max(6, cap),
                "sound": not options.headless,
                "camera": "synthetic",
                "microphone": "tone",
                "speaker": "null",
                "record_sessions": options.record_sessions,
            },
            "video": {
                "ice_host_addresses": ["127.0.0.1"],
                "reconnect_backoff_s": [0.5, 1.0, 2.0, 4.0],
                "ice_relay_only": turn is not None,
            },
            **({"turn": {"urls": [turn.url()], "shared_secret": turn.secret, "relay_only": True}} if turn else {}),
            # The demo's online participants book the first free slot and join at once, whatever the hour.
            "online": {"join_opens_before_min": 2 * 24 * 60.0, "join_closes_after_min": 24 * 60.0},
            # The demo's workers all confirm from this machine's one address; in a branch each uses their phone.
            "collective": {"confirm_attempts_per_address_per_minute": max(20, 4 * options.collective)},
        },
        {"log_level": options.log_level},
    )
    return base_url


def enroll_booths(admin: HubClient, base_url: str, folder: Path, booths: int) -> dict[int, Path]:
    """Booths 1..N enrolled with one-time codes, as the setup wizard does; their device token files."""
    from kiosk.client.hub_api import HubClient

    tokens: dict[int, Path] = {}
    for number in range(1, booths + 1):
        code = admin.create_enrollment_code(BRANCH, number)
        booth = HubClient(base_url, timeout=10.0)
        enrollment = booth.enroll(code.code)
        booth.close()
        path = folder / f"booth-{number}.token"
        path.write_text(enrollment.device_token + "\n", encoding="utf-8")
        path.chmod(0o600)
        tokens[number] = path
    return tokens
