"""`fast_constructor`: a frozen dataclass's constructor, without its per-field cost.

A frozen dataclass's `__init__` stores each field through `object.__setattr__` (its own
`__setattr__` refuses), a guarded call per field: for a 22-field `Task` that is most of
the cost of reading a row. Where objects are built by the ten thousand, `fast_constructor`
builds a *writable twin* of the class: a plain class with the same `__slots__`, whose
`__init__` stores the fields directly and then turns the object into an instance of the
frozen class by assigning its `__class__` (Python allows that between classes whose
slots are the same). The object is then exactly what the class itself builds — same type,
fields, equality, hash and repr, and still frozen — in a fraction of the time.

The twin is generated from `dataclasses.fields()`, the way attrs generates `__init__`
methods, so there is no second list of fields to keep in step; and the constructor is
typed with the class's own signature (`ParamSpec`), so mypy checks every call's arguments
as it checks a call of the class. Where the twin cannot be made (a field with a default
factory or outside `__init__`, a `__post_init__`, a class without slots or with a base
class) the class itself is returned: slower, never wrong.

`benchmarks/bench_constructors.py` measures each use: the trick stays only where it
saves at least about a millisecond at 10,000 tasks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, fields, is_dataclass
from typing import ParamSpec, TypeVar, cast

__all__ = ["fast_constructor"]

P = ParamSpec("P")
T = TypeVar("T")


def fast_constructor(cls: Callable[P, T]) -> Callable[P, T]:
    """`cls(...)`, faster: the writable twin of the frozen slotted dataclass `cls`.

    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True, slots=True)
    ... class Point:
    ...     x: int
    ...     y: int = 0
    >>> new_point = fast_constructor(Point)
    >>> new_point(1), type(new_point(1, 2)) is Point
    (Point(x=1, y=0), True)
    """
    twin = _twin(cls)
    # the twin takes the class's own arguments and returns one of its objects
    return cls if twin is None else cast("Callable[P, T]", twin)


def _twin(cls: object) -> Callable[..., object] | None:
    """The twin class of `cls`, or None when `cls` is not a class it can stand in for."""
    if not isinstance(cls, type) or not is_dataclass(cls) or cls.__bases__ != (object,):
        return None
    slots = cls.__dict__.get("__slots__")
    found = fields(cls)
    names = [field.name for field in found]
    if (
        slots is None
        or sorted(slots) != sorted(names)
        or hasattr(cls, "__post_init__")
        or any(not field.init or field.kw_only or field.default_factory is not MISSING
               for field in found)
    ):  # fmt: skip
        return None
    namespace: dict[str, object] = {"_frozen": cls}
    parameters = []
    for name, field in zip(names, found, strict=True):
        if field.default is MISSING:
            parameters.append(name)
        else:
            namespace[f"_default_{name}"] = field.default
            parameters.append(f"{name}=_default_{name}")
    stores = "".join(f"\n    self.{name} = {name}" for name in names)
    source = f"def __init__(self, {', '.join(parameters)}):{stores}\n    self.__class__ = _frozen\n"
    exec(source, namespace)  # generated from the field names, as dataclasses does
    twin = type(
        f"_Writable{cls.__name__}",
        (),
        {
            "__slots__": tuple(slots),
            "__init__": namespace["__init__"],
            "__module__": cls.__module__,
        },
    )
    try:
        probe = twin(*[None] * len(names))
    except TypeError:  # the object's layout differs: `__class__` cannot be assigned
        return None
    return twin if type(probe) is cls else None
