"""vnnotice: Vietnamese administrative documents → task records.

>>> import vnnotice
>>> notice = vnnotice.extract("path/to/thong-bao.txt")
>>> [(d.marker, d.lead, d.due) for d in notice.directives]

The stages, in the order a document flows through them: ``read`` → ``clean``
→ ``layout`` → ``segment`` → find (``citations``, ``deadlines``, ``units``)
→ resolve (``registry``) → ``records``.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .read import ReadError
    from .records import Citation, Deadline, Directive, Notice, RegistryLink, Signature, UnitMention
    from .stages import extract, extract_many

__version__ = "0.1.0"

# the compiled hot modules (mypyc), used only when built from these very sources; else pure Python
from ._native import build_info, install as _install_native  # noqa: E402

_install_native()

#: The public names and the module each comes from. They are imported on first use
#: (module ``__getattr__``), so that ``import vnnotice`` (and a command that needs a
#: small part of the package, like ``vnnotice --help``) does not pay for the stages'
#: modules; ``from vnnotice import extract`` loads them as before.
_PUBLIC = {
    "extract": "stages", "extract_many": "stages", "ReadError": "read",
    **dict.fromkeys(("Citation", "Deadline", "Directive", "Notice", "RegistryLink", "Signature", "UnitMention"), "records"),
}


def __getattr__(name: str) -> Any:
    """A public name (imported from its module on first use), or a submodule (``vnnotice.registry``)."""
    where = _PUBLIC.get(name)
    if where is not None:
        value = getattr(import_module(f"{__name__}.{where}"), name)
        globals()[name] = value
        return value
    if not name.startswith("_"):
        try:
            return import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise  # the submodule exists but needs a package that is missing: say so
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def to_frame(notices):  # type: ignore[no-untyped-def]
    """The task table of a Notice or of several as a pandas DataFrame: one row per directive.

    The columns of the service's and ``vnnotice batch``'s task tables
    (``directive``, ``marker``, ``text``, ``lead``, ``cooperate``, ``report_to``,
    ``due``, ``citations``, ``source``, ``product``) after the document's
    ``number``; ``due`` is a datetime column. Needs pandas
    (``pip install 'vnnotice[frame]'``); an ImportError says so when it is missing.
    """
    from .service.tasks import to_frame as _to_frame

    return _to_frame(notices)

__all__ = [
    "extract", "extract_many", "ReadError", "Notice", "Directive", "Citation", "Deadline", "UnitMention",
    "RegistryLink", "Signature", "to_frame", "build_info", "__version__",
]
