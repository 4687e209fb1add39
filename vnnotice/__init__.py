"""vnnotice: Vietnamese administrative documents → task records.

>>> import vnnotice
>>> notice = vnnotice.extract("path/to/thong-bao.txt")
>>> [(d.marker, d.lead, d.due) for d in notice.directives]

The stages, in the order a document flows through them: ``read`` → ``clean``
→ ``layout`` → ``segment`` → find (``citations``, ``deadlines``, ``units``)
→ resolve (``registry``) → ``records``.
"""
from .stages import extract, extract_many
from .read import ReadError
from .records import Citation, Deadline, Directive, Notice, RegistryLink, Signature, UnitMention

__version__ = "0.1.0"


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
    "RegistryLink", "Signature", "to_frame", "__version__",
]
