"""Records of the pipeline's own values, made without validation.

:func:`record` is what :meth:`vnnotice.records.Record.trusted` does: a
record built from values the pipeline made itself, already of their fields'
types, without pydantic's checks (which cost more than building a
directive). The hot modules call it directly, with the values as a dict in
the order the class declares its fields; compiled with them (``setup.py``,
``COMPILED``), a call is native and the dict is built without keyword
arguments (about half the time of ``trusted(**values)``: some seventy
records a document).

Values given other than as every field in order (a field left out, an
unknown name) are validated as usual. Input from outside (a service request,
a user's JSON, a gold file) goes through the class or ``model_validate``;
tests check that validating a notice built this way gives the same notice.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, TypeVar

from pydantic import BaseModel

if TYPE_CHECKING:
    from .records import Record

R = TypeVar("R", bound="Record")

#: each record class's field names, in order and as a set
_FIELDS: Final[dict[type, tuple[tuple[str, ...], set[str]]]] = {}
_new: Final = object.__new__  # a record class has no __new__ of its own
# the slots of a pydantic model (the fields' dict and what pydantic keeps beside it), set through their
# descriptors (half the cost of setattr)
_set_dict: Final = BaseModel.__dict__["__dict__"].__set__
_set_fields_set: Final = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra: Final = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private: Final = BaseModel.__dict__["__pydantic_private__"].__set__


def record(cls: type[R], values: dict[str, Any]) -> R:
    """A ``cls`` record of ``values``: without validation when they give every field in declaration order."""
    known = _FIELDS.get(cls)
    if known is None:
        names = tuple(cls.model_fields)
        known = _FIELDS[cls] = (names, set(names))
    if tuple(values) != known[0]:
        return cls(**values)
    made: R = _new(cls)
    _set_dict(made, values)
    _set_fields_set(made, known[1].copy())  # (a copy of a set: no hashing, unlike a set of the names)
    _set_extra(made, None)
    _set_private(made, None)
    return made
