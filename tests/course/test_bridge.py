"""course.bridge against a real (unsandboxed) kernel: data, prints, callbacks, time limits, hostile replies."""

import time

import numpy as np
import pytest
from jupyter_client import KernelManager

from course.bridge import Bridge
from coursecheck.remote import CallTimeout, KernelGone, StudentError

STUDENT = '''
import numpy as np
def double(x):
    print("doubling", np.shape(x))
    return 2 * np.asarray(x)
def scale_in_place(w):
    w *= 3
    return None
def apply(f, x):
    return f(x) + 1
def spin():
    while True:
        pass
class ShapeError(Exception):
    pass
def fails():
    raise ShapeError("rows and columns swapped")
'''


@pytest.fixture
def kernel():
    km = KernelManager()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(60)
    kc.execute_interactive(STUDENT, timeout=60)
    dead = []
    bridge = Bridge(km.get_connection_info(), km.provisioner.process, 3, time.monotonic() + 120, dead.append)
    yield bridge, kc, dead
    bridge.close()
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def get(bridge, name):
    return bridge.request({"op": "get", "name": name}, name)


def test_calls_return_data_and_the_prints_of_the_call(kernel):
    bridge, _, _ = kernel
    out = get(bridge, "double")(np.arange(3.0))
    assert isinstance(out, np.ndarray) and out.tolist() == [0.0, 2.0, 4.0]
    assert bridge.printed == ["doubling (3,)\n"]


def test_a_changed_argument_comes_back_and_is_reported(kernel):
    bridge, _, _ = kernel
    w = np.ones(2)
    get(bridge, "scale_in_place")(w)
    assert w.tolist() == [3.0, 3.0]
    assert bridge.mutations == ["scale_in_place (a function) changed its argument 1 in place"]


def test_a_function_of_the_test_is_run_by_the_judge(kernel):
    bridge, _, _ = kernel
    seen = []

    def f(x):
        seen.append(x)
        return x * 10

    assert get(bridge, "apply")(f, 4) == 41
    assert seen == [4]


def test_the_students_own_exception_types_arrive_by_name(kernel):
    bridge, _, _ = kernel
    with pytest.raises(StudentError, match="ShapeError: rows and columns swapped"):
        get(bridge, "fails")()
    with pytest.raises(NameError, match="not defined in your notebook"):
        get(bridge, "nowhere")


def test_an_endless_loop_is_interrupted_and_the_kernel_serves_on(kernel):
    bridge, _, dead = kernel
    start = time.monotonic()
    with pytest.raises(CallTimeout, match="did not return within 3 s"):
        get(bridge, "spin")()
    assert time.monotonic() - start < 8
    assert get(bridge, "double")(1) == 2 and not dead


def test_a_reply_with_the_wrong_id_or_form_is_ignored_or_refused(kernel):
    bridge, kc, _ = kernel
    get(bridge, "double")  # connects
    kc.execute_interactive(
        "from coursecheck import kernel_side as ks\n"
        "ks.serve = lambda text, request_id=b'': '{\"ok\": {\"$pickle\": \"x\"}}'\n", timeout=30)
    with pytest.raises(StudentError, match="could not read the answer"):
        get(bridge, "double")(1)


def test_a_kernel_that_exits_is_reported_once(kernel):
    bridge, kc, dead = kernel
    kc.execute_interactive("def leave():\n    import os\n    os._exit(3)\n", timeout=30)
    with pytest.raises(KernelGone):
        get(bridge, "leave")()
    with pytest.raises(KernelGone, match="was not called"):
        get(bridge, "double")(1)
    assert len(dead) == 1
