"""The judge's stand-ins for the student's objects (see :mod:`coursecheck.kernel_side`)."""


class StudentError(Exception):
    """An exception of a type defined in the student's code (e.g. their own ``class ShapeError``).

    Builtin exceptions raised by student code (``NotImplementedError``, ``ValueError``, ...) reach the
    test as themselves; any other type arrives as this, named in the message.
    """


class CallTimeout(Exception):
    """The student's function did not return within the time allowed for one call."""


class KernelGone(Exception):
    """The student's kernel died, or stopped answering, earlier (this call was not made)."""


class Remote:
    """An object of the student's that stays in the kernel: call it, read its attributes, index it.

    Everything it gives back is plain data (numbers, strings, arrays, lists, dicts, tuples) or another
    :class:`Remote`.
    """

    __slots__ = ("_bridge", "_label", "_ref")

    def __init__(self, bridge, ref, label):
        object.__setattr__(self, "_bridge", bridge)
        object.__setattr__(self, "_ref", ref)
        object.__setattr__(self, "_label", label)

    def __call__(self, *args, **kwargs):
        return self._bridge.call(self, args, kwargs)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._bridge.request({"op": "getattr", "ref": self._ref, "name": name}, f"{self._label}.{name}")

    def __getitem__(self, key):
        return self._bridge.request({"op": "getitem", "ref": self._ref, "key": key}, f"{self._label}[...]")

    def __len__(self):
        n = self._bridge.request({"op": "len", "ref": self._ref}, f"len({self._label})")
        if type(n) is not int or n < 0:
            raise TypeError(f"len() of {self._label} did not give a count")
        return n

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __setattr__(self, name, value):
        raise AttributeError("a test cannot change the student's objects")

    def __repr__(self):
        return f"<{self._label} (in the student's kernel)>"
