"""The review page in a real browser: headless Chromium uploads a document through the form.

Chromium is driven over the Chrome DevTools Protocol on a pipe
(``--remote-debugging-pipe``: JSON messages ended by NUL on file
descriptors 3 and 4), so no WebDriver or WebSocket package is needed. The
server runs in a subprocess on 127.0.0.1. The test skips when Debian's
chromium is not installed (``.ci/run`` installs it where it can).
"""
from __future__ import annotations

import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")

from vnnotice.service.local import local_server  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
DOCUMENT = REPO / "corpus" / "docs" / "11-tb-syt-giao-ban-y-te-co-so.txt"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--remote-debugging-pipe")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")


class DevTools:
    """A minimal CDP client over Chromium's debugging pipe."""

    def __init__(self, user_data_dir: Path, timeout: float = 60.0):
        self.timeout = timeout
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # move the child's ends above the standard descriptors so dup2 to 3 and 4 cannot clobber them
        child_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
        child_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def wire() -> None:  # runs in the child, before exec
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        self.proc = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={user_data_dir}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(child_r)
        os.close(child_w)
        self._buffer = b""
        self._next = 0
        self.session: str | None = None

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the debugging pipe")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command (in the attached page's session, once there is one) and return its result."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})

    def open_page(self, url: str) -> None:
        """A new tab at ``url``, attached so that later calls go to it."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable")
        self.call("Page.navigate", url=url)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60.0) -> Any:
        """Poll ``expression`` until it is truthy; its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.2)
        raise TimeoutError(f"never true: {expression}")

    def set_file(self, selector: str, path: Path) -> None:
        """Choose ``path`` in the file input found by ``selector``, as a user would in the file dialog."""
        self.call("DOM.enable")
        node = self.call("Runtime.evaluate", expression=f"document.querySelector({json.dumps(selector)})")["result"]
        self.call("DOM.setFileInputFiles", files=[str(path)], objectId=node["objectId"])

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with local_server({"VNNOTICE_TIMEOUT": "60"}) as url:
        yield url


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[DevTools]:
    chrome = DevTools(tmp_path / "profile")
    try:
        yield chrome
    finally:
        chrome.close()


_PAGE_STATE = """(() => ({
  status: document.getElementById('status').textContent,
  error: document.getElementById('status').classList.contains('error'),
  hidden: document.getElementById('result').hidden,
  rows: [...document.querySelectorAll('#tasks tbody tr')].map(tr => ({
    directive: tr.dataset.directive,
    cells: [...tr.children].map(td => td.textContent),
    lead: [...tr.querySelectorAll('td.lead li')].map(li => li.textContent),
    due: tr.querySelector('td.due').textContent,
  })),
  labels: [...document.querySelectorAll('#doc .spans span')]
    .map(s => s.children.length === 0 ? s.textContent.trim() : '')
    .filter(t => /^[A-Z_]+$/.test(t)),
}))()"""


def test_upload_form_shows_highlights_and_task_table(server: str, browser: DevTools) -> None:
    expected = httpx.post(f"{server}/v1/render", files={"file": (DOCUMENT.name, DOCUMENT.read_bytes())},
                          timeout=60, trust_env=False).json()
    assert expected["tasks"], "the document must have directives for this test to mean anything"

    browser.open_page(server + "/")
    browser.wait_for("document.readyState === 'complete' && !!document.getElementById('doc-form')")
    browser.set_file("#doc-file", DOCUMENT)
    assert browser.evaluate("document.getElementById('doc-file').files[0].name") == DOCUMENT.name
    browser.evaluate("document.getElementById('doc-submit').click()")
    browser.wait_for("!document.getElementById('result').hidden || document.getElementById('status').classList.contains('error')")
    state = browser.evaluate(_PAGE_STATE)

    assert not state["error"], state["status"]
    assert not state["hidden"]
    # the highlighted spans: every kind of label the document has
    assert {"DIRECTIVE", "UNIT_LEAD", "DEADLINE", "CITATION"} <= set(state["labels"])
    # the task table: one row per directive, the same as the API's
    assert [r["directive"] for r in state["rows"]] == [t["directive"] for t in expected["tasks"]]
    for row, task in zip(state["rows"], expected["tasks"]):
        assert row["cells"][0] == task["marker"]
        assert row["lead"] == task["lead"]
        assert row["due"] == (task["due"] or "")
    assert any(r["due"] for r in state["rows"]) and any(r["lead"] for r in state["rows"])
    assert "Xong" in state["status"]


def test_download_links_send_the_uploaded_document(server: str, browser: DevTools) -> None:
    browser.open_page(server + "/")
    browser.wait_for("document.readyState === 'complete' && !!document.getElementById('doc-form')")
    browser.set_file("#doc-file", DOCUMENT)
    browser.evaluate("document.getElementById('doc-submit').click()")
    browser.wait_for("!document.getElementById('result').hidden")
    rows = browser.evaluate("document.querySelectorAll('#tasks tbody tr').length")
    got = browser.evaluate("""Promise.all([...document.querySelectorAll('#downloads a')].map(async a => {
        const r = await fetch(a.getAttribute('href'), requestInit(reviewed));
        const body = new Uint8Array(await r.arrayBuffer());
        return [a.dataset.format, r.status, r.headers.get('content-type'), r.headers.get('content-disposition'), body.length,
                new TextDecoder().decode(body)];
    }))""")
    by_format = {fmt: (status, ctype, disposition, size, text) for fmt, status, ctype, disposition, size, text in got}
    assert set(by_format) == {"json", "csv", "xlsx"}
    assert all(v[0] == 200 for v in by_format.values())
    assert all(Path(DOCUMENT.stem).name in v[2] for v in by_format.values())
    assert len(json.loads(by_format["json"][4])) == rows
    assert by_format["csv"][1].startswith("text/csv") and by_format["csv"][4].count("\n") == rows + 1
    assert by_format["xlsx"][1].startswith("application/vnd.openxmlformats") and by_format["xlsx"][4].startswith("PK")


def test_bad_upload_shows_the_problem(server: str, browser: DevTools, tmp_path: Path) -> None:
    bad = tmp_path / "scan.exe"
    bad.write_bytes(b"MZ\x90\x00 not a document")
    browser.open_page(server + "/")
    browser.wait_for("document.readyState === 'complete' && !!document.getElementById('doc-form')")
    browser.set_file("#doc-file", bad)
    browser.evaluate("document.getElementById('doc-submit').click()")
    status = browser.wait_for("document.getElementById('status').classList.contains('error') && document.getElementById('status').textContent")
    assert "scan.exe" in status and "Unsupported" in status
    assert browser.evaluate("document.getElementById('result').hidden") is True
