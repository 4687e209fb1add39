"""The service under hostile requests: every error a 4xx problem, security headers, no
cross-origin calls unless allowed, read timeouts, and no request holding a slot past its time."""
from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from vnnotice.records import Notice  # noqa: E402
from vnnotice.service import Settings, create_app  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile import numbered_docx  # noqa: E402
from test_service import SHORT, problem  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(timeout=60))) as c:
        yield c


def test_json_nested_deeply_is_a_422(client) -> None:
    body = "[" * 100_000 + "]" * 100_000
    r = client.post("/v1/extract", content=body, headers={"content-type": "application/json"})
    assert "nests too deeply" in problem(r, 422)["detail"]
    r = client.post("/v1/extract/batch", content=body, headers={"content-type": "application/json"})
    problem(r, 422)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_a_reference_date_out_of_range_is_a_422(client, day: str) -> None:
    problem(client.post("/v1/extract", json={"text": SHORT, "reference_date": day}), 422)
    r = client.post("/v1/extract", files={"file": ("a.txt", SHORT.encode())}, data={"reference_date": day})
    assert "outside" in problem(r, 422)["detail"]


def test_bad_word_numbering_is_a_400_naming_the_attribute(client) -> None:
    pytest.importorskip("docx")
    for kwargs, words in (({"ilvl": "x"}, "w:ilvl"), ({"start": "abc"}, "w:start"), ({"start": "1000000000"}, "w:start")):
        r = client.post("/v1/extract", files={"file": ("ds.docx", numbered_docx(5, **kwargs))})
        assert words in problem(r, 400)["detail"]


def test_lone_surrogates_are_a_422_and_undecodable_upload_names_a_record(client) -> None:
    raw = '{"text": "THÔNG BÁO\\n1. Sở Y tế \\ud800 báo cáo.\\n", "filename": "t\\udcf4.txt"}'
    r = client.post("/v1/extract", content=raw.encode(), headers={"content-type": "application/json"})
    assert "unicode" in problem(r, 422)["detail"]
    body = (b'--b\r\nContent-Disposition: form-data; name="file"; filename="t\xf4\xff.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n" + SHORT.encode() + b"\r\n--b--\r\n")
    r = client.post("/v1/extract", content=body, headers={"content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 200, r.text
    Notice.model_validate(r.json())


def test_security_headers_on_every_response(client) -> None:
    for r in (client.get("/"), client.get("/healthz"), client.get("/nothing"),
              client.post("/v1/extract", json={"text": SHORT})):
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-frame-options"] == "DENY"


def test_cross_origin_requests_are_refused_by_default(client) -> None:
    evil = {"origin": "https://evil.example"}
    r = client.post("/v1/extract", files={"file": ("a.txt", SHORT.encode())}, headers=evil)
    assert "not allowed" in problem(r, 403)["detail"]
    assert "access-control-allow-origin" not in r.headers
    r = client.options("/v1/extract", headers={**evil, "access-control-request-method": "POST"})
    problem(r, 403)
    for own in ("http://testserver", "https://testserver"):  # the page served by the service (behind TLS too)
        assert client.post("/v1/extract", json={"text": SHORT}, headers={"origin": own}).status_code == 200
    problem(client.post("/v1/extract", json={"text": SHORT}, headers={"origin": "http://testserver.evil"}), 403)
    problem(client.post("/v1/extract", json={"text": SHORT}, headers={"origin": "null"}), 403)


def test_allowed_origins_get_cors_headers() -> None:
    settings = Settings.from_env({"VNNOTICE_CORS_ORIGINS": "https://vanthu.example, https://b.example"})
    with TestClient(create_app(settings)) as c:
        r = c.post("/v1/extract", json={"text": SHORT}, headers={"origin": "https://vanthu.example"})
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://vanthu.example"
        pre = c.options("/v1/extract", headers={"origin": "https://b.example", "access-control-request-method": "POST"})
        assert pre.status_code == 204 and "POST" in pre.headers["access-control-allow-methods"]
        problem(c.post("/v1/extract", json={"text": SHORT}, headers={"origin": "https://c.example"}), 403)


def _closed_within(sock: socket.socket, seconds: float) -> bytes | None:
    """What the server sent before closing, or None when it kept the connection open."""
    sock.settimeout(seconds)
    data = b""
    try:
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                return data
            data += chunk
    except socket.timeout:
        return None


def test_slow_headers_and_slow_bodies_are_cut_off() -> None:
    from vnnotice.service.local import LOOPBACK, local_server

    with local_server({"VNNOTICE_READ_TIMEOUT": "1"}) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection((LOOPBACK, port)) as slow:
            slow.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: x\r\n")
            for _ in range(3):  # trickling header bytes does not extend the deadline
                time.sleep(0.4)
                slow.sendall(b"X-A: b\r\n")
            assert _closed_within(slow, 5) is not None
        with socket.create_connection((LOOPBACK, port)) as slow:
            slow.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 1000\r\n\r\n{\"text\": \"")
            answer = _closed_within(slow, 8)
            assert answer is not None and b" 408 " in answer.split(b"\r\n", 1)[0]
        with socket.create_connection((LOOPBACK, port)) as fine:  # the server still serves
            fine.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert (_closed_within(fine, 10) or b"").startswith(b"HTTP/1.1 200")
