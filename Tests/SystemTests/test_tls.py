"""The gateway's own TLS (--tls-cert): TLS 1.2 or later, ECDHE with AEAD suites only, and HSTS.

Each refusal is checked twice: the gateway refuses the handshake, and the very same client setup succeeds
against a Python server that allows it, so a refusal cannot come from this machine's OpenSSL refusing to
even try (Debian's default is TLS 1.2 at security level 2; the clients here lower both)."""

import socket
import ssl
import subprocess
import threading
import urllib.error
import urllib.request
import warnings

import pytest

from harness.processes import Gateway

WEAK_CIPHERS = "ALL:@SECLEVEL=0"


def make_rsa_certificate(folder) -> tuple[str, str]:
    """An RSA certificate: static-RSA key exchange needs one, so with an EC certificate it could not be offered at all."""
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(certificate),
         "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return str(certificate), str(key)


def client(version: ssl.TLSVersion | None, ciphers: str) -> ssl.SSLContext:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLS 1.0 and 1.1 are deprecated: that is the point
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.set_ciphers(ciphers)
        if version:
            context.minimum_version = context.maximum_version = version
    return context


def handshake(port: int, context: ssl.SSLContext) -> tuple[str, str]:
    """The protocol and cipher a handshake with 127.0.0.1:`port` agrees on; raises ssl.SSLError if refused."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw, context.wrap_socket(raw) as tls:
        return tls.version(), tls.cipher()[0]


class PermissiveServer:
    """A Python TLS server that accepts anything OpenSSL can still do, for one handshake at a time."""

    def __init__(self, certificate: str, key: str):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.context.load_cert_chain(certificate, key)
            self.context.set_ciphers(WEAK_CIPHERS)
            self.context.minimum_version = ssl.TLSVersion.TLSv1
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            try:
                with self.context.wrap_socket(connection, server_side=True):
                    pass
            except (ssl.SSLError, OSError):
                connection.close()

    def close(self):
        self.listener.close()


@pytest.fixture
def tls_gateway(processes, tmp_path):
    certificate, key = make_rsa_certificate(tmp_path)
    gateway = Gateway(extra=["--tls-cert", certificate, "--tls-key", key])
    processes.append(gateway)
    control = PermissiveServer(certificate, key)
    yield gateway, control
    control.close()


REFUSED = [
    pytest.param(ssl.TLSVersion.TLSv1, WEAK_CIPHERS, id="TLS 1.0"),
    pytest.param(ssl.TLSVersion.TLSv1_1, WEAK_CIPHERS, id="TLS 1.1"),
    pytest.param(ssl.TLSVersion.TLSv1_2, "AES256-SHA:@SECLEVEL=0", id="TLS 1.2 static RSA, CBC"),
    pytest.param(ssl.TLSVersion.TLSv1_2, "AES128-GCM-SHA256:@SECLEVEL=0", id="TLS 1.2 static RSA, GCM"),
    pytest.param(ssl.TLSVersion.TLSv1_2, "ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:@SECLEVEL=0", id="TLS 1.2 ECDHE, CBC"),
]


@pytest.mark.parametrize(("version", "ciphers"), REFUSED)
def test_old_protocols_and_weak_suites_are_refused(tls_gateway, version, ciphers):
    gateway, control = tls_gateway
    offered = client(version, ciphers)
    assert handshake(control.port, offered)[0] != "", "this client could not even offer it: the test would prove nothing"
    with pytest.raises(ssl.SSLError):
        handshake(gateway.port, offered)


def test_tls_1_2_with_ecdhe_and_aes_gcm_and_tls_1_3_are_accepted(tls_gateway):
    gateway, _ = tls_gateway
    assert handshake(gateway.port, client(ssl.TLSVersion.TLSv1_2, "ECDHE-RSA-AES128-GCM-SHA256")) == ("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256")
    assert handshake(gateway.port, client(ssl.TLSVersion.TLSv1_3, "DEFAULT"))[0] == "TLSv1.3"


def test_responses_over_tls_carry_hsts_and_plain_http_ones_do_not(tls_gateway, processes):
    gateway, _ = tls_gateway
    context = client(None, "DEFAULT")
    for path in ("/healthz", "/"):
        try:
            response = urllib.request.urlopen(f"https://127.0.0.1:{gateway.port}{path}", context=context, timeout=5)
        except urllib.error.HTTPError as error:  # /healthz is 503 until the relay link is up
            response = error
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000", path
    plain = Gateway()
    processes.append(plain)
    with urllib.request.urlopen(f"http://127.0.0.1:{plain.port}/", timeout=5) as response:
        assert response.headers["Strict-Transport-Security"] is None
