"""scripts/kernel_wait.py: the build's get_msg polls in slices, so a lost wake-up costs one slice."""

import asyncio
import sys
import time
from pathlib import Path
from queue import Empty

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import kernel_wait  # noqa: E402


class _LostWakeUp:
    """pyzmq's poll as the build meets it: the reply arrives at ``ready_at`` but its notification is
    lost, so a poll sleeps its whole timeout and only its final direct check sees the reply."""

    def __init__(self, ready_at):
        self.ready_at = ready_at

    async def poll(self, timeout_ms):
        await asyncio.sleep(timeout_ms / 1000)
        return int(time.monotonic() >= self.ready_at)


class _Channel:
    def __init__(self, ready_in):
        self.socket = _LostWakeUp(time.monotonic() + ready_in)

    async def _recv(self):
        return {"msg_type": "execute_reply"}


def test_a_lost_wake_up_costs_one_slice_not_the_timeout():
    start = time.monotonic()
    msg = asyncio.run(kernel_wait.get_msg(_Channel(ready_in=0.2), timeout=30))
    assert msg == {"msg_type": "execute_reply"}
    assert time.monotonic() - start < 0.2 + kernel_wait.SLICE + 0.5


def test_no_reply_is_still_empty_at_the_deadline():
    start = time.monotonic()
    with pytest.raises(Empty):
        asyncio.run(kernel_wait.get_msg(_Channel(ready_in=99), timeout=0.7))
    assert 0.7 <= time.monotonic() - start < 0.7 + 0.5


def test_the_build_loads_it_and_it_replaces_jupyter_clients_method():
    from jupyter_client.channels import AsyncZMQSocketChannel

    config = (Path(__file__).resolve().parents[2] / "_config.yml").read_text()
    assert "kernel_wait: scripts/" in config and "      - kernel_wait\n" in config
    assert AsyncZMQSocketChannel.get_msg is kernel_wait.get_msg
