"""Traffic probes the network lab's own tests run inside its hosts (``python -m tests.support.netlab_probe``).

    udp-recv PORT SECONDS [WAIT]   count datagrams for SECONDS after the first one (none within WAIT s, default
                                   30: 0); print {"received": N}
    udp-send HOST PORT COUNT       send COUNT numbered datagrams, 1 ms apart
    tcp-recv PORT                  accept one connection, read to its end; print {"bytes": N, "seconds": S}
    tcp-send HOST PORT SECONDS     send as fast as the link allows for SECONDS
    echo-server PORT               answer every UDP datagram with the same bytes, forever

Each prints one JSON line on stdout when done; listeners print {"ready": true} first.
"""

from __future__ import annotations

import json
import socket
import sys
import time


def _say(**values: object) -> None:
    print(json.dumps(values), flush=True)


def udp_recv(port: int, seconds: float, wait: float = 30.0) -> None:
    """Count datagrams from the first one for `seconds` (or until 1 s of silence); 0 when none comes in `wait`."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
    sock.bind(("0.0.0.0", port))
    _say(ready=True)
    sock.settimeout(wait)
    try:
        sock.recv(2048)
    except TimeoutError:
        _say(received=0)
        return
    received = 1
    deadline = time.monotonic() + seconds
    sock.settimeout(1.0)
    while time.monotonic() < deadline:
        try:
            sock.recv(2048)
        except TimeoutError:
            break
        received += 1
    _say(received=received)


def udp_send(host: str, port: int, count: int) -> None:
    """Send `count` small datagrams."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for number in range(count):
        sock.sendto(number.to_bytes(4, "big") + b"x" * 200, (host, port))
        time.sleep(0.001)  # paces the load (about 1,000 datagrams a second), not a synchronisation
    _say(sent=count)


def tcp_recv(port: int) -> None:
    """Read one connection to its end; report bytes and seconds from the first byte."""
    server = socket.create_server(("0.0.0.0", port))
    _say(ready=True)
    server.settimeout(30)
    conn, _ = server.accept()
    total = 0
    first = None
    while chunk := conn.recv(65536):
        if first is None:
            first = time.monotonic()
        total += len(chunk)
    _say(bytes=total, seconds=time.monotonic() - (first or time.monotonic()))


def tcp_send(host: str, port: int, seconds: float) -> None:
    """Send for `seconds` as fast as the link takes it."""
    conn = socket.create_connection((host, port), timeout=30)
    payload = b"x" * 16384
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        conn.sendall(payload)
    conn.close()
    _say(done=True)


def echo_server(port: int) -> None:
    """Echo UDP datagrams back to their sender."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("0.0.0.0", port))
    _say(ready=True)
    while True:
        data, peer = sock.recvfrom(2048)
        sock.sendto(data, peer)


def main(argv: list[str]) -> None:
    """Dispatch a probe command."""
    command, *args = argv
    if command == "udp-recv":
        udp_recv(int(args[0]), float(args[1]), *(float(a) for a in args[2:3]))
    elif command == "udp-send":
        udp_send(args[0], int(args[1]), int(args[2]))
    elif command == "tcp-recv":
        tcp_recv(int(args[0]))
    elif command == "tcp-send":
        tcp_send(args[0], int(args[1]), float(args[2]))
    elif command == "echo-server":
        echo_server(int(args[0]))
    else:
        raise SystemExit(f"unknown probe {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
