"""TLS as the wizard and the doctor see it: a hub whose certificate this PC does not trust is refused in plain
words; once the branch CA is trusted, the connection test shows the TLS version and the doctor passes."""

from __future__ import annotations

import datetime as dt
import json
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.app.setup.model import HubProblem, probe_hub
from kiosk.config import Settings
from kiosk.doctor.checks import Doctor
from kiosk.doctor.report import Status


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_ca_and_cert(folder: Path) -> tuple[Path, Path, Path]:
    """A branch CA and a hub certificate for 127.0.0.1 and localhost, as docs/deployment.md makes them."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder().subject_name(_name("Test branch CA")).issuer_name(_name("Test branch CA"))
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    import ipaddress

    cert = (
        x509.CertificateBuilder().subject_name(_name("hub")).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=200))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = folder / "ca.crt", folder / "hub.crt", folder / "hub.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return ca_file, cert_file, key_file


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"status": "ok", "version": "9.9.9", "database": "ok", "backend": "sqlite"}).encode()
        self.send_response(200 if self.path == "/healthz" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def tls_hub(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A stand-in for the hub's health endpoint over HTTPS (the real hub serves the same with uvicorn)."""
    ca_file, cert_file, key_file = make_ca_and_cert(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", ca_file
    server.shutdown()
    server.server_close()


def test_untrusted_certificate_is_said_so(tls_hub: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = tls_hub
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    probe = probe_hub(url)
    assert not probe.ok and probe.problem is HubProblem.TLS
    result = Doctor(Settings(booth={"hub_url": url}), timeout_s=3).run(skip=["camera", "microphone", "speaker",
                                                                             "echo_cancel", "disk"])
    assert result.get("tls").status is Status.FAIL
    assert "update-ca-certificates" in result.get("tls").hint


def test_trusted_branch_ca_shows_tls(tls_hub: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    url, ca_file = tls_hub
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca_file))
    probe = probe_hub(url)
    assert probe.ok and probe.tls and probe.version == "9.9.9"
    assert probe.tls_version.startswith("TLSv1.")
    doctor = Doctor(Settings(booth={"hub_url": url}), timeout_s=3)
    assert doctor.check_hub().status is Status.PASS
    tls = doctor.check_tls()
    assert tls.status is Status.PASS and "TLSv1." in tls.detail
