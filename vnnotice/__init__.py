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

__all__ = [
    "extract", "extract_many", "ReadError", "Notice", "Directive", "Citation", "Deadline", "UnitMention",
    "RegistryLink", "Signature", "__version__",
]
