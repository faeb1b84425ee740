r"""The fast path of :func:`nnlib.train.fit`: every speed device of nnlib, in this one module.

The readable path is :meth:`nnlib.optim.Optimizer.step` on the named arrays ``W1, b1, ...``: each
optimizer's ``update`` is its formula, applied to one whole array. ``fit(fast=True)``, the default,
runs the same arithmetic arranged for speed, the way PyTorch keeps its multi-tensor optimizers apart
from the readable single-tensor ones (:class:`FlatStep`):

1. **One parameter vector** $\theta$ (:func:`flatten`). Every parameter moves into one vector and
   the layers keep views into it, so a step costs one numpy call per operation of the formula for the
   whole network, not one per array (what makes small networks fast).
2. **Cache-sized slices.** $\theta$ is updated ``CHUNK`` elements at a time, so the temporaries of a
   formula stay in the CPU cache instead of costing a fresh megabyte per operation (large networks).
3. **Adam without temporaries** (:func:`adam_update`): Adam's formula with every intermediate result
   written into two buffers allocated once, the bias corrections folded into two scalars.

Every update is elementwise, so slicing changes nothing; ``tests/nnlib/test_fast.py`` checks that the
two paths give the same weights (to 1e-12 in float64) for every optimizer.
"""

import numpy as np

from nnlib import optim

__all__ = ["CHUNK", "flatten", "FlatStep", "adam_update"]

CHUNK = 32768


def flatten(model):
    r"""Move every parameter of ``model`` into one vector $\theta$ and return it.

    The layers keep views into $\theta$ (in the order of ``model.params()``), so ``model.params()``
    stays live: changing $\theta$ changes the network.
    """
    params = model.params()
    if len({w.dtype for w in params.values()}) != 1:
        raise ValueError("flatten needs parameters of one dtype")
    theta = np.concatenate([w.ravel() for w in params.values()])
    bounds = np.cumsum([0] + [w.size for w in params.values()])
    model.set_params({name: theta[lo:hi].reshape(w.shape)
                      for (name, w), lo, hi in zip(params.items(), bounds[:-1], bounds[1:])})
    return theta


def adam_update(opt, w, g, state, a, b):
    r"""What :meth:`nnlib.optim.Adam.update` computes, with every temporary written into ``a`` and
    ``b`` (arrays shaped like ``w``), in the paper's own "more efficient" order (Kingma & Ba 2015,
    end of section 2): the bias corrections become scalars,
    $w \leftarrow w - \eta_t\, m / (\sqrt{v} + \hat\epsilon)$ with
    $\eta_t = \eta \sqrt{1-\beta_2^t} / (1-\beta_1^t)$ and $\hat\epsilon = \epsilon \sqrt{1-\beta_2^t}$.
    """
    m, v, t = state["m"], state["v"], opt.t
    root = (1 - opt.beta2**t) ** 0.5
    np.subtract(g, m, out=a)
    a *= 1 - opt.beta1
    m += a                                              # m = beta1 m + (1 - beta1) g
    np.multiply(g, g, out=a)
    a *= 1 - opt.beta2
    v *= opt.beta2
    v += a                                              # v = beta2 v + (1 - beta2) g^2
    np.sqrt(v, out=b)
    b += opt.eps * root
    np.divide(m, b, out=a)
    a *= opt.lr * root / (1 - opt.beta1**t)
    w -= a


class FlatStep:
    """``optimizer`` stepping all the parameters of ``model`` as one vector (devices 1 to 3 above).

    Creating it flattens the model (:func:`flatten`). :meth:`step` then does what
    ``optimizer.step(model.params(), model.grads())`` does, with the optimizer's state kept under the
    single name ``"theta"``. Only for the optimizers of :mod:`nnlib.optim` (:meth:`supports`).
    """

    @staticmethod
    def supports(optimizer):
        """Whether ``optimizer`` steps as :meth:`nnlib.optim.Optimizer.step` does (an optimizer of
        one's own with another ``step`` is stepped on the named arrays)."""
        return isinstance(optimizer, optim.Optimizer) and type(optimizer).step is optim.Optimizer.step

    def __init__(self, model, optimizer):
        self.model, self.optimizer = model, optimizer
        self.theta = flatten(model)
        self.grad = np.empty_like(self.theta)
        self.buffers = [np.empty(min(CHUNK, self.theta.size), self.theta.dtype) for _ in range(2)]
        # exactly Adam: a subclass may have changed the formula
        self.fused = adam_update if type(optimizer) is optim.Adam else None

    def step(self):
        """One step with the gradients of the model's last ``backward``."""
        np.concatenate([g.ravel() for g in self.model.grads().values()], out=self.grad)
        opt = self.optimizer
        opt.t += 1
        state = opt.state_of("theta", self.theta)
        for lo in range(0, self.theta.size, CHUNK):
            part = slice(lo, lo + CHUNK)
            w, g, s = self.theta[part], self.grad[part], {slot: x[part] for slot, x in state.items()}
            if self.fused:
                self.fused(opt, w, g, s, *(buffer[:w.size] for buffer in self.buffers))
            else:
                opt.update(w, g, s)
