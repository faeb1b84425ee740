r"""First-order optimizers: SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam.

``opt.step(params, grads)`` takes two dicts mapping a name (``"W1"``, ``"b1"``, ...) to arrays of
the same shape and updates the arrays of ``params`` **in place** (an optimizer's job, the one
exception to nnlib's no-mutation rule; ``grads`` are never modified). Notation as on the book's
notation page: learning rate $\eta$ (``lr``), step counter $t = 1, 2, \dots$ (``opt.t``),
gradient $g_t$. The state of each parameter is a dict of arrays shaped like it, zero at the
first step and open to inspection: ``opt.state["W1"]["v"]``. Hyperparameters are attributes
with their argument names (``opt.lr``, ``opt.momentum``, ...); a schedule may change ``opt.lr``.

Conventions (PyTorch's ``torch.optim``; the tests reproduce its trajectories to ~1e-13):

* **momentum**: $v \leftarrow \mu v + g$, $w \leftarrow w - \eta v$. The lecture's
  $v \leftarrow \gamma v + \eta g$, $w \leftarrow w - v$ is the same path for a constant $\eta$.
* **ε outside the square root**: $\eta\, g / (\sqrt{h} + \epsilon)$, as in the Adam paper. The
  lecture's $\sqrt{h + \epsilon}$ agrees only once $h \gg \epsilon$.

Each ``update`` is written for one array and is elementwise; :mod:`nnlib.fast` runs the same
updates on all parameters at once, laid end to end in one vector, for :func:`nnlib.train.fit`.
"""

import numpy as np

__all__ = ["Optimizer", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"]


def _check(name, value, low, high, low_open=False):
    """``value`` as a Python float (it never upcasts float32) with ``low <= value < high``."""
    value = float(value)
    if not (low < value < high if low_open else low <= value < high):
        bracket = "(" if low_open else "["
        raise ValueError(f"{name} must lie in {bracket}{low}, {high}); got {value}")
    return value


class Optimizer:
    """Base class: the step counter, the per-name state and the loop over the parameters.

    A subclass lists its state arrays in ``slots`` and writes ``update(w, g, state)``, the
    formula for one parameter array ``w`` (updated in place) with gradient ``g``.
    """

    slots = ()

    def __init__(self, lr):
        self.lr = _check("lr", lr, 0, np.inf, low_open=True)
        self.t = 0
        self.state = {}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k not in ("t", "state"))
        return f"{type(self).__name__}({args})"

    def step(self, params, grads):
        """One step $w \\leftarrow w - \\Delta w$ for every array of ``params`` (in place).

        Parameters
        ----------
        params : dict name -> float ndarray, updated in place.
        grads : dict with the same names -> arrays of the same shapes; not modified.
        """
        if set(params) != set(grads):
            raise ValueError(f"params and grads must have the same names; got {sorted(params)} "
                             f"and {sorted(grads)}")
        self.t += 1
        for name, w in params.items():
            g = np.asarray(grads[name])
            if g.shape != w.shape:
                raise ValueError(f"grads[{name!r}] has shape {g.shape}, params[{name!r}] {w.shape}")
            self.update(w, g, self.state_of(name, w))

    def state_of(self, name, w):
        """The state arrays of the parameter ``name``: zeros shaped like ``w`` at its first step."""
        if name not in self.state:
            self.state[name] = {slot: np.zeros_like(w) for slot in self.slots}
        return self.state[name]

    def update(self, w, g, state):
        raise NotImplementedError


class SGD(Optimizer):
    r"""Plain gradient descent, $w_t = w_{t-1} - \eta\, g_t$ (``torch.optim.SGD(params, lr)``).

    Parameters
    ----------
    lr : float   learning rate $\eta > 0$ (no default).
    """

    def update(self, w, g, state):
        w -= self.lr * g


class Momentum(Optimizer):
    r"""Heavy-ball momentum (Polyak 1964), ``torch.optim.SGD(params, lr, momentum=mu)``:

    $$v_t = \mu\, v_{t-1} + g_t, \qquad w_t = w_{t-1} - \eta\, v_t, \qquad v_0 = 0.$$

    Parameters
    ----------
    lr : float   learning rate $\eta > 0$ (no default).
    momentum : float, default 0.9   $\mu \in [0, 1)$.

    State: ``v`` (velocity).
    """

    slots = ("v",)

    def __init__(self, lr, momentum=0.9):
        super().__init__(lr)
        self.momentum = _check("momentum", momentum, 0, 1)

    def update(self, w, g, state):
        v = state["v"]
        v[...] = self.momentum * v + g
        w -= self.lr * v


class Nesterov(Optimizer):
    r"""Nesterov accelerated gradient (Nesterov 1983; Sutskever et al. 2013) in PyTorch's form,
    ``torch.optim.SGD(params, lr, momentum=mu, nesterov=True)``:

    $$v_t = \mu\, v_{t-1} + g_t, \qquad w_t = w_{t-1} - \eta\,(g_t + \mu\, v_t), \qquad v_0 = 0.$$

    Sutskever's look-ahead form takes the gradient at $w' + \mu v'$; for a constant $\eta$ that
    look-ahead point follows exactly this path, so the gradient is taken at the current $w$.

    Parameters
    ----------
    lr : float   learning rate $\eta > 0$ (no default).
    momentum : float, default 0.9   $\mu \in [0, 1)$.

    State: ``v``.
    """

    slots = ("v",)

    def __init__(self, lr, momentum=0.9):
        super().__init__(lr)
        self.momentum = _check("momentum", momentum, 0, 1)

    def update(self, w, g, state):
        v = state["v"]
        v[...] = self.momentum * v + g
        w -= self.lr * (g + self.momentum * v)


class AdaGrad(Optimizer):
    r"""AdaGrad (Duchi, Hazan & Singer 2011), ``torch.optim.Adagrad(params, lr, eps=eps)``:

    $$h_t = h_{t-1} + g_t^2, \qquad w_t = w_{t-1} - \eta\, \frac{g_t}{\sqrt{h_t} + \epsilon},
    \qquad h_0 = 0$$

    (elementwise; ε outside the root).

    Parameters
    ----------
    lr : float   learning rate $\eta > 0$ (no default).
    eps : float, default 1e-8   $\epsilon > 0$.

    State: ``h`` (sum of squared gradients).
    """

    slots = ("h",)

    def __init__(self, lr, eps=1e-8):
        super().__init__(lr)
        self.eps = _check("eps", eps, 0, np.inf, low_open=True)

    def update(self, w, g, state):
        h = state["h"]
        h += g * g
        w -= self.lr * g / (np.sqrt(h) + self.eps)


class RMSProp(Optimizer):
    r"""RMSProp (Tieleman & Hinton 2012), ``torch.optim.RMSprop(params, lr, alpha=rho, eps=eps)``:

    $$s_t = \rho\, s_{t-1} + (1 - \rho)\, g_t^2, \qquad
    w_t = w_{t-1} - \eta\, \frac{g_t}{\sqrt{s_t} + \epsilon}, \qquad s_0 = 0.$$

    Parameters
    ----------
    lr : float   learning rate $\eta > 0$ (no default).
    rho : float, default 0.9   decay rate $\rho \in (0, 1)$ (PyTorch's ``alpha``, default 0.99).
    eps : float, default 1e-8   $\epsilon > 0$.

    State: ``s`` (moving average of squared gradients).
    """

    slots = ("s",)

    def __init__(self, lr, rho=0.9, eps=1e-8):
        super().__init__(lr)
        self.rho = _check("rho", rho, 0, 1, low_open=True)
        self.eps = _check("eps", eps, 0, np.inf, low_open=True)

    def update(self, w, g, state):
        s = state["s"]
        s[...] = self.rho * s + (1 - self.rho) * g * g
        w -= self.lr * g / (np.sqrt(s) + self.eps)


class Adam(Optimizer):
    r"""Adam (Kingma & Ba 2015, Algorithm 1), ``torch.optim.Adam(params, lr, betas, eps)``:

    $$\begin{aligned}
    m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, &
    v_t &= \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2, \\
    \hat m_t &= \frac{m_t}{1 - \beta_1^t}, &
    \hat v_t &= \frac{v_t}{1 - \beta_2^t}, \\
    w_t &= w_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}, &
    m_0 &= v_0 = 0.
    \end{aligned}$$

    Parameters
    ----------
    lr : float, default 0.001   $\eta > 0$.
    beta1, beta2 : float, default 0.9, 0.999   decay rates in $[0, 1)$.
    eps : float, default 1e-8   $\epsilon > 0$, outside the root as in the paper.

    State: ``m``, ``v`` (first and second moment estimates); ``opt.t`` is the shared $t$.
    """

    slots = ("m", "v")

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1 = _check("beta1", beta1, 0, 1)
        self.beta2 = _check("beta2", beta2, 0, 1)
        self.eps = _check("eps", eps, 0, np.inf, low_open=True)

    def update(self, w, g, state):
        m, v, t = state["m"], state["v"], self.t
        m += (1 - self.beta1) * (g - m)          # m = beta1 m + (1 - beta1) g, in place (PyTorch's lerp)
        v *= self.beta2
        v += (1 - self.beta2) * g * g            # v = beta2 v + (1 - beta2) g^2, in place
        m_hat = m / (1 - self.beta1**t)
        v_hat = v / (1 - self.beta2**t)
        w -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
