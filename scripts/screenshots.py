"""Screenshots of the review page, written to docs/ (rerun after changing the page).

    python scripts/screenshots.py [--out docs] [--width 1280] [--height 1900]

Starts the service on 127.0.0.1, opens the page in headless Chromium
(Debian's ``chromium``), uploads a conclusion notice (Thông báo kết luận, ``corpus/docs/11-…``), a plan
with an appendix task table (Kế hoạch, ``docs/examples/kh-…``) and an official
dispatch (Công điện, ``corpus/docs/03-…``), and saves the top of each
page as ``docs/review-*.png``. On the plan it also opens the editor of a
task and shows a highlight's hover, as a clerk would see them. Pillow, when
installed, reduces the PNGs to a 256-colour palette to keep them small.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from vnnotice.service.devtools import CHROMIUM, DevTools  # noqa: E402
from vnnotice.service.local import local_server  # noqa: E402

DOCS = REPO / "corpus" / "docs"
#: (output name, document, what to do on the page before the picture)
SHOTS = (
    ("review-thong-bao.png", DOCS / "11-tb-syt-giao-ban-y-te-co-so.txt", None),
    ("review-highlights.png", DOCS / "11-tb-syt-giao-ban-y-te-co-so.txt", "hover"),
    ("review-ke-hoach.png", REPO / "docs" / "examples" / "kh-ubnd-phong-chong-thien-tai.md", "edit"),
    ("review-cong-dien.png", DOCS / "03-cd-ttg-dich-benh-dong-vat.md", None),
)

_EDIT = """(() => {
  const rows = [...document.querySelectorAll('#tasks tr.task')];
  const row = rows.find(r => r.querySelector('td.cooperate li')) || rows[0];
  if (!row) return false;
  row.querySelector('td.edit button').click();
  return true;
})()"""


def shoot(browser: DevTools, url: str, document: Path, action: str | None, out: Path, width: int, height: int) -> None:
    browser.open_page(url + "/")
    browser.viewport(width, height)
    browser.wait_for("document.readyState === 'complete' && !!document.getElementById('doc-form')")
    browser.set_file("#doc-file", document)
    browser.evaluate("document.getElementById('doc-submit').click()")
    browser.wait_for("!document.getElementById('result').hidden || document.getElementById('status').classList.contains('error')")
    if browser.evaluate("document.getElementById('status').classList.contains('error')"):
        status = browser.evaluate("document.getElementById('status').textContent")
        raise RuntimeError(f"{document.name}: {status}")
    if action == "edit":
        browser.evaluate(_EDIT)
    page_height = browser.evaluate("document.documentElement.scrollHeight")
    if action == "hover":
        browser.viewport(width, 1000)
        browser.evaluate("document.querySelector('#doc mark.lead').scrollIntoView({block: 'center'})")
        time.sleep(0.5)  # the page hides the hover box on scroll
        browser.evaluate("document.querySelector('#doc mark.lead').dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))")
        browser.screenshot(out)
    else:
        browser.evaluate("window.scrollTo(0, 0)")
        browser.screenshot(out, full_height=min(page_height, height))
    _shrink(out)


def _shrink(path: Path) -> None:
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="folder of the PNG files")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1900, help="height of each picture, in CSS pixels")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with local_server({"VNNOTICE_TIMEOUT": "60"}) as url, tempfile.TemporaryDirectory() as profile:
        browser = DevTools(Path(profile))
        try:
            for name, document, action in SHOTS:
                out = args.out / name
                shoot(browser, url, document, action, out, args.width, args.height)
                print(json.dumps({"file": str(out.relative_to(REPO) if out.is_relative_to(REPO) else out),
                                  "document": document.name, "bytes": out.stat().st_size}, ensure_ascii=False))
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
