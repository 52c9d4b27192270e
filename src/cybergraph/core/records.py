"""Records: the value classes of the start-up path, made without the dataclasses module.

`@record` is `@dataclasses.dataclass` for what this package uses of it: fields from the class's
annotations, defaults and `field(default_factory=..., compare=..., repr=...)`, `__post_init__`, `frozen`,
and the same `__init__`, `__repr__`, `__eq__` and `__hash__`; `replace()` is `dataclasses.replace`. Type
checkers are shown dataclasses itself, so fields and signatures are checked as before.

Why: `dataclasses` imports `inspect` (and with it ast, dis and tokenize), and writes and compiles the
source of every method of every class: together a quarter of the instructions of a cold
`cybergraph query` (issue 12). These methods are made once, for every class, from the list of fields.

>>> @record(frozen=True)
... class Point:
...     x: int
...     y: int = 0
>>> Point(1), Point(1) == Point(1, 0), hash(Point(1)) == hash(Point(1, 0))
(Point(x=1, y=0), True, True)
>>> replace(Point(1), y=2)
Point(x=1, y=2)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["FrozenInstanceError", "field", "record", "replace"]

if TYPE_CHECKING:
    from dataclasses import FrozenInstanceError as FrozenInstanceError
    from dataclasses import dataclass as record
    from dataclasses import field as field
    from dataclasses import replace as replace
else:
    _MISSING = object()

    class FrozenInstanceError(AttributeError):
        """An attempt to set or delete a field of a frozen record."""

    class _Field:
        __slots__ = ("compare", "default", "factory", "name", "repr")

        def __init__(self, default, factory, compare, repr):
            self.name = ""
            self.default = default
            self.factory = factory
            self.compare = compare
            self.repr = repr

    def field(*, default=_MISSING, default_factory=_MISSING, compare=True, repr=True):
        """A field's default, or the function that makes it for each record, and whether it is compared
        (and hashed) and shown."""
        return _Field(default, default_factory, compare, repr)

    def _fields_of(cls):
        fields = {}
        for base in reversed(cls.__mro__[1:]):
            for spec in getattr(base, "__record_fields__", ()):
                fields[spec.name] = spec
        # The class's own annotations (inspect.get_annotations would import inspect: what this avoids).
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
            if str(annotation).startswith(("ClassVar", "typing.ClassVar", "InitVar")):
                raise TypeError(f"{cls.__name__}.{name}: ClassVar and InitVar are not supported by record")
            value = cls.__dict__.get(name, _MISSING)
            spec = value if isinstance(value, _Field) else _Field(value, _MISSING, True, True)
            spec.name = name
            if spec.default is _MISSING:
                if name in cls.__dict__:
                    delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
            fields.pop(name, None)
            fields[name] = spec
        specs = tuple(fields.values())
        seen_default = False
        for spec in specs:
            if spec.default is not _MISSING or spec.factory is not _MISSING:
                seen_default = True
            elif seen_default:
                raise TypeError(f"non-default argument {spec.name!r} follows default argument")
        return specs

    def record(cls=None, /, *, frozen=False):
        """`dataclasses.dataclass(cls, frozen=frozen)`, made without it (see the module)."""

        def wrap(cls):
            specs = _fields_of(cls)
            names = tuple(spec.name for spec in specs)
            known = frozenset(names)
            compared = tuple(spec.name for spec in specs if spec.compare)
            shown = tuple(spec.name for spec in specs if spec.repr)
            title = cls.__name__

            def __init__(self, *args, **kwargs):
                if len(args) > len(names):
                    raise TypeError(
                        f"{title}.__init__() takes {len(names) + 1} positional arguments"
                        f" but {len(args) + 1} were given"
                    )
                values = dict(zip(names, args, strict=False))  # fewer given: defaults follow
                for key, value in kwargs.items():
                    if key not in known:
                        raise TypeError(f"{title}.__init__() got an unexpected keyword argument {key!r}")
                    if key in values:
                        raise TypeError(f"{title}.__init__() got multiple values for argument {key!r}")
                    values[key] = value
                state = self.__dict__
                for spec in specs:
                    name = spec.name
                    if name in values:
                        state[name] = values[name]
                    elif spec.factory is not _MISSING:
                        state[name] = spec.factory()
                    elif spec.default is not _MISSING:
                        state[name] = spec.default
                    else:
                        raise TypeError(
                            f"{title}.__init__() missing 1 required positional argument: {name!r}"
                        )
                post = getattr(self, "__post_init__", None)
                if post is not None:
                    post()

            def __repr__(self):
                inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
                return f"{type(self).__qualname__}({inner})"

            def __eq__(self, other):
                if other.__class__ is not self.__class__:
                    return NotImplemented
                return tuple(getattr(self, n) for n in compared) == tuple(getattr(other, n) for n in compared)

            cls.__init__ = __init__
            cls.__init__.__qualname__ = f"{cls.__qualname__}.__init__"
            if "__repr__" not in cls.__dict__:
                cls.__repr__ = __repr__
            if "__eq__" not in cls.__dict__:
                cls.__eq__ = __eq__
            cls.__match_args__ = names
            cls.__record_fields__ = specs
            if frozen:

                def __hash__(self):
                    return hash(tuple(getattr(self, n) for n in compared))

                def __setattr__(self, name, value):
                    if type(self) is cls or name in known:
                        raise FrozenInstanceError(f"cannot assign to field {name!r}")
                    super(cls, self).__setattr__(name, value)

                def __delattr__(self, name):
                    if type(self) is cls or name in known:
                        raise FrozenInstanceError(f"cannot delete field {name!r}")
                    super(cls, self).__delattr__(name)

                if "__hash__" not in cls.__dict__ or cls.__dict__["__hash__"] is None:
                    cls.__hash__ = __hash__
                cls.__setattr__ = __setattr__
                cls.__delattr__ = __delattr__
            elif "__hash__" not in cls.__dict__:
                cls.__hash__ = None  # equal by value and changeable: unhashable, as a dataclass is
            return cls

        return wrap if cls is None else wrap(cls)

    def replace(obj, /, **changes):
        """A copy of the record `obj` with the fields in `changes` changed (`dataclasses.replace`)."""
        specs = type(obj).__record_fields__
        for name in changes:
            if not any(spec.name == name for spec in specs):
                raise TypeError(
                    f"{type(obj).__name__}.__init__() got an unexpected keyword argument {name!r}"
                )
        values = {spec.name: getattr(obj, spec.name) for spec in specs}
        values.update(changes)
        return type(obj)(**values)
