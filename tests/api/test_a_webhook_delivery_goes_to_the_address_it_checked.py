"""A webhook delivery connects to the address its URL's check resolved, once: a host
name that answers with one address for the check and another a moment later (DNS
rebinding towards an internal address) reaches nothing but the checked one. Over HTTPS
the certificate is still verified against the host name, not the address."""

import http.server
import ssl
import subprocess
import threading

import pytest

from api import webhooks
from api.models import WebhookDelivery


class Resolver:
    """A DNS that answers each lookup with the next address of a list (the test's
    stand-in for a name server that changes its answer)."""

    def __init__(self, *answers):
        self.answers, self.asked = list(answers), 0

    def __call__(self, host, port):
        self.asked += 1
        return [self.answers[min(self.asked, len(self.answers)) - 1]]


@pytest.fixture
def serve():
    servers = []

    def start(address="127.0.0.1", tls=None):
        got = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                got.append(self.rfile.read(int(self.headers["Content-Length"])))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer((address, 0), Handler)
        if tls is not None:
            server.socket = tls.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.server_port, got

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _delivery(url):
    hook = webhooks.register(url, ["sync.paused"])
    return next(d for d in webhooks.emit("sync.paused", sync=1) if d.webhook == hook)


@pytest.mark.django_db
def test_a_name_that_changes_its_answer_after_the_check_reaches_only_the_checked_address(
        settings, monkeypatch, serve):
    settings.WEBHOOKS_ALLOW_PRIVATE = True  # the receivers are on loopback
    port, checked = serve("127.0.0.1")
    monkeypatch.setattr(webhooks, "_resolve", Resolver("127.0.0.1"))
    delivery = _delivery(f"http://hooks.example.test:{port}/hook")
    # From here on the name answers 127.0.0.1 once, then 127.0.0.2 (nobody there).
    dns = Resolver("127.0.0.1", "127.0.0.2")
    monkeypatch.setattr(webhooks, "_resolve", dns)

    webhooks.deliver(delivery.pk)

    assert dns.asked == 1 and len(checked) == 1
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED


@pytest.mark.django_db
def test_https_to_a_pinned_address_verifies_the_certificate_of_the_host_name(
        settings, monkeypatch, serve, tmp_path):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", key, "-out", cert, "-subj", "/CN=hooks.example.test",
                    "-addext", "subjectAltName=DNS:hooks.example.test"],
                   check=True, capture_output=True)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    port, got = serve("127.0.0.1", tls)
    monkeypatch.setattr(webhooks, "_resolve", Resolver("127.0.0.1"))
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the receiver's certificate is trusted

    good = _delivery(f"https://hooks.example.test:{port}/hook")
    webhooks.deliver(good.pk)
    good.refresh_from_db()
    assert good.status == WebhookDelivery.Status.DELIVERED and len(got) == 1

    # The same address under another name: the certificate does not name it.
    wrong = _delivery(f"https://other.example.test:{port}/hook")
    with pytest.raises(webhooks.DeliveryFailed):
        webhooks.deliver(wrong.pk)
    wrong.refresh_from_db()
    assert "certificate" in wrong.error.lower() and len(got) == 1
