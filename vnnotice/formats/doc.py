"""Word 97 ``.doc`` (and other office formats) through LibreOffice.

``soffice --headless --convert-to docx`` runs in a temporary folder, with its
own user profile (so it does not clash with a running LibreOffice) and a
timeout; the DOCX it writes is then read by :mod:`vnnotice.formats.docx`.
LibreOffice runs in a process group of its own: at the timeout the whole
group is killed (``soffice`` starts ``soffice.bin``, which would otherwise
be left running).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

#: seconds a conversion may take
TIMEOUT = 120
NOT_FOUND = ".doc needs LibreOffice (soffice) to convert; not found"


class ConvertError(ValueError):
    """A conversion that failed (the reason is the message)."""


def soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def run(command: list[str], timeout: float) -> int:
    """Run ``command`` in a new process group; kill the group past ``timeout`` seconds (ConvertError)."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ConvertError(f"LibreOffice did not convert the file within {timeout:g} s") from None
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the converter and whatever it started
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()


def convert(data: bytes, suffix: str, target: str, *, infilter: str | None = None, timeout: float = TIMEOUT) -> bytes:
    """Convert a document (``data``, file type ``suffix`` like ``.doc``) to ``target`` (``docx``, ``pdf`` …).

    ``infilter`` is LibreOffice's import filter with its options, e.g.
    ``"Text (encoded):UTF8,LF,DejaVu Serif,vi-VN"`` for plain text in a given font.
    """
    program = soffice()
    if program is None:
        raise ConvertError(NOT_FOUND)
    with tempfile.TemporaryDirectory(prefix="vnnotice-soffice-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        command = [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                   *([f"--infilter={infilter}"] if infilter else []),
                   "--convert-to", target, "--outdir", str(folder / "out"), str(source)]
        run(command, timeout)
        produced = folder / "out" / f"input.{target.split(':')[0]}"
        if not produced.is_file():
            raise ConvertError(f"LibreOffice could not convert the file to {target}")
        return produced.read_bytes()
