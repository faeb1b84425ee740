"""Sphinx extension of the book build: a lost wake-up from the kernel costs half a second, not a timeout.

The book's pages run in nbclient, which waits for each cell's reply with ``jupyter_client``'s
``AsyncZMQSocketChannel.get_msg(timeout)``: one ``await socket.poll(timeout)`` of pyzmq's asyncio
sockets. pyzmq watches the socket's edge-triggered file descriptor; now and then the notification of
a reply that has already arrived is lost, and the poll sleeps until its timeout (180 s), then looks
once more, finds the reply and carries on as if nothing had happened: a page takes 3 minutes, with
the kernel and the build both idle, and no error. Seen on the course's 2-core machine in two clean
builds (three pages each) and as a page that hung for good under ``jupytext --execute`` (no
timeout); nbclient issue #312 reports the same hang. This module makes ``get_msg`` poll in slices of
:data:`SLICE` seconds up to the same deadline: each slice ends with pyzmq's own direct check of the
socket, so a lost notification delays a cell by at most one slice. Same results, same ``Empty`` at
the deadline.

It patches on import (``_config.yml`` lists it among the Sphinx extensions, so it is imported in the
build's process, where myst-nb executes the pages); ``benchmarks/bench_book.py`` installs it too.
"""

import time
from queue import Empty

from jupyter_client.channels import AsyncZMQSocketChannel

SLICE = 0.5  # seconds
_original = AsyncZMQSocketChannel.get_msg


async def get_msg(self, timeout=None):
    """Like ``AsyncZMQSocketChannel.get_msg``, polling at most SLICE seconds at a time."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        left = SLICE if deadline is None else max(0.0, min(SLICE, deadline - time.monotonic()))
        if await self.socket.poll(int(left * 1000)):
            return await self._recv()
        if deadline is not None and time.monotonic() >= deadline:
            raise Empty


def install():
    AsyncZMQSocketChannel.get_msg = get_msg


def setup(app):
    install()
    return {"parallel_read_safe": True, "parallel_write_safe": True}


install()
