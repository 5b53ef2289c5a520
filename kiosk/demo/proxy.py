"""A real reverse proxy on this machine: nginx (Debian ``nginx``) running deploy/nginx/kiosk-hub.conf with TLS
in front of several hub instances, for `kiosk demo --instances N` and the tests.

The deployment file is used as it is, with only what differs here replaced: the upstream servers (the
instances' loopback addresses), the listening ports (free ones on 127.0.0.1), the certificate (made here with
``openssl``: a throwaway CA and a certificate for 127.0.0.1 and localhost) and the log's path. nginx runs in the
foreground with its own pid file, logs and temporary folders in a temporary folder.

    with running_proxy(["127.0.0.1:8601", "127.0.0.1:8602"]) as proxy:
        proxy.url        # https://127.0.0.1:<port>
        proxy.ca_file    # the CA to trust (SSL_CERT_FILE / REQUESTS_CA_BUNDLE for clients)
"""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.demo.processes import free_port, stop_server

NGINX = "/usr/sbin/nginx"
#: The deployment's configuration, run here as it is (see the module's docstring).
DEPLOY_CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "kiosk-hub.conf"


class ProxyUnavailable(RuntimeError):
    """nginx or openssl is missing, or nginx did not start."""


@dataclass(frozen=True)
class Proxy:
    """A running nginx in front of the hub instances."""

    url: str
    ca_file: Path
    folder: Path

    def client_env(self) -> dict[str, str]:
        """Environment that makes Python clients (requests, websockets) trust the proxy's certificate."""
        return {"SSL_CERT_FILE": str(self.ca_file), "REQUESTS_CA_BUNDLE": str(self.ca_file)}

    def access_log(self) -> str:
        """What nginx logged of the requests so far."""
        path = self.folder / "access.log"
        return path.read_text(errors="replace") if path.exists() else ""



def make_certificate(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1 and localhost: (ca, cert, key)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise ProxyUnavailable("openssl is not installed")
    ca_key, ca, key, csr, cert = (folder / n for n in ("ca.key", "ca.crt", "hub.key", "hub.csr", "hub.crt"))
    ext = folder / "san.ext"
    ext.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                   "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n")

    def run(*args: str) -> None:
        subprocess.run([openssl, *args], check=True, capture_output=True)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("req", "-x509", *ec, "-keyout", str(ca_key), "-out", str(ca), "-days", "2", "-subj", "/CN=kiosk test CA")
    run("req", *ec, "-keyout", str(key), "-out", str(csr), "-subj", "/CN=127.0.0.1")
    run("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial",
        "-out", str(cert), "-days", "2", "-extfile", str(ext))
    return ca, cert, key


def render(conf: str, upstreams: list[str], https_port: int, http_port: int, cert: Path, key: Path,
           folder: Path) -> str:
    """The deployment's configuration with this machine's addresses, ports, certificate and log path."""
    servers = "".join(f"    server {u} max_fails=2 fail_timeout=5s;\n" for u in upstreams)
    conf, count = re.subn(r"(?m)^    server \S+:\d+ [^\n]*;\n(?:    server \S+:\d+ [^\n]*;\n)*", servers, conf)
    if count < 1:
        raise ProxyUnavailable("deploy/nginx/kiosk-hub.conf: its upstream's server lines were not found")
    conf = conf.replace("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    conf = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", conf)
    conf = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", conf)
    return conf.replace("/var/log/nginx/kiosk-hub.access.log", str(folder / "access.log"))


def _accepts(port: int) -> bool:
    try:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as raw, context.wrap_socket(raw):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def running_proxy(upstreams: list[str], timeout_s: float = 15.0) -> Iterator[Proxy]:
    """Start nginx with the deployment's configuration in front of `upstreams` (host:port); stop it at the end."""
    if not Path(NGINX).exists():
        raise ProxyUnavailable("nginx is not installed (Debian package 'nginx'; ./dev installs it)")
    if not DEPLOY_CONF.exists():
        raise ProxyUnavailable(f"{DEPLOY_CONF} is missing")
    with tempfile.TemporaryDirectory(prefix="kiosk-proxy-") as name:
        folder = Path(name)
        folder.chmod(0o755)  # nginx's workers (user nobody when started as root) use the temporary folders
        ca, cert, key = make_certificate(folder)
        https_port, http_port = free_port(), free_port()
        site = folder / "kiosk-hub.conf"
        site.write_text(render(DEPLOY_CONF.read_text(), upstreams, https_port, http_port, cert, key, folder))
        temp = folder / "temp"
        temp.mkdir(mode=0o777)
        temp.chmod(0o777)
        main = folder / "nginx.conf"
        main.write_text(
            f"daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
            "events { worker_connections 4096; }\n"
            "http {\n"
            + "".join(f"  {kind}_temp_path {temp}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi",
                                                                          "uwsgi", "scgi"))
            + f"  include {site};\n}}\n"
        )
        process = subprocess.Popen([NGINX, "-c", str(main), "-p", str(folder)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + timeout_s
            while not _accepts(https_port):
                if process.poll() is not None or time.monotonic() > deadline:
                    log = folder / "error.log"
                    error = log.read_text(errors="replace") if log.exists() else ""
                    raise ProxyUnavailable(f"nginx did not start: {error}"[-2000:])
                time.sleep(0.05)
            yield Proxy(f"https://127.0.0.1:{https_port}", ca, folder)
        finally:
            stop_server(process)
