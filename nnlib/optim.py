r"""First-order optimizers: SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam.

Every optimizer has ``step(params, grads)``: ``params`` and ``grads`` are dicts mapping a name
(``"W1"``, ``"b1"``, ...) to an ndarray of the same shape, and ``step`` updates the arrays of
``params`` **in place** (the one documented exception to nnlib's no-mutation rule: that is an
optimizer's job; ``grads`` are never modified). Notation (see the book's notation page): learning
rate $\eta$ (``lr``), step counter $t = 1, 2, \dots$ (``opt.t``, the number of calls of ``step``),
gradient $g_t$.

State is kept per parameter name and can be inspected, e.g. ``opt.state["W1"]["v"]``.
Hyperparameters are attributes with exactly their argument names (``opt.lr``, ``opt.momentum``,
``opt.rho``, ``opt.beta1``, ...); they may be changed between steps (a learning-rate schedule sets
``opt.lr``) and are validated on every assignment.

Conventions (PyTorch's ``torch.optim``; the tests reproduce its trajectories to ~1e-13 relative):

* **momentum**: $v \leftarrow \mu v + g$, $w \leftarrow w - \eta v$. The lecture writes
  $v \leftarrow \gamma v + \eta g$, $w \leftarrow w - v$; with a constant $\eta$ that is the same path
  ($v_{\text{lecture}} = \eta v$).
* **ε outside the square root**: $\eta\, g / (\sqrt{h} + \epsilon)$ (AdaGrad, RMSProp, Adam, as in
  the Adam paper). The lecture writes $\sqrt{h + \epsilon}$; the two agree to a relative
  $\epsilon/\sqrt h + \epsilon/(2h)$ per step, negligible once $h \gg \epsilon$ but not for tiny
  gradients (with $\epsilon = 10^{-8}$ and $|g| \approx 10^{-6}$ the lecture's steps are
  10 to 600 times smaller).

Speed: parameters keep their dtype (float32 stays float32). The state of all parameters of one
dtype lives in flat buffers, so each update operation is one in-place numpy call (``out=``,
``*=``) for all of them, and every scalar coefficient is a Python float, so it never upcasts a
float32 array. The arguments are fully
validated at the first step and whenever they differ from the last validated step (other array
objects, names or shapes); a training loop passing the same arrays pays only an identity and
shape check per parameter.
"""

import numbers
from collections.abc import Mapping

import numpy as np

__all__ = ["Optimizer", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"]


# ---------------------------------------------------------------- validated hyperparameters
def _positive(name, value):
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be finite and > 0; got {value}")


def _in_0_1(name, value):  # 0 <= value < 1
    if not 0 <= value < 1:
        raise ValueError(f"{name} must satisfy 0 <= {name} < 1; got {value}")


def _open_0_1(name, value):  # 0 < value < 1
    if not 0 < value < 1:
        raise ValueError(f"{name} must satisfy 0 < {name} < 1; got {value}")


class _Hyper:
    """Descriptor for a hyperparameter: checked on every assignment, stored as a Python float
    (a numpy float64 scalar would upcast float32 parameters)."""

    def __init__(self, check):
        self.check = check

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        return self if obj is None else obj.__dict__[self.name]

    def __set__(self, obj, value):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{self.name} must be a real number; got {type(value).__name__}")
        value = float(value)
        self.check(self.name, value)
        obj.__dict__[self.name] = value


# ---------------------------------------------------------------- base class
class _Flat:
    """Parameters of one dtype laid out back to back in flat buffers.

    Speed device: an update then costs one numpy call per operation for *all* these parameters
    instead of one per parameter (on small networks the per-call overhead, not the arithmetic,
    dominates). ``state[name][slot]`` and ``delta[name]`` are views shaped like the parameter,
    so the state stays inspectable per name.
    """

    def __init__(self, params, names, slots):
        dtype = params[names[0]].dtype
        total = sum(params[name].size for name in names)
        self.names = names
        self.grad = np.empty(total, dtype)      # the gradients, copied in at every step
        self.out = np.empty(total, dtype)       # the step Delta, written by the optimizer
        self.slots = {slot: np.zeros(total, dtype) for slot in slots}
        self.state, self.delta, lo = {}, {}, 0
        for name in names:
            shape, hi = params[name].shape, lo + params[name].size
            self.state[name] = {slot: flat[lo:hi].reshape(shape) for slot, flat in self.slots.items()}
            self.delta[name] = self.out[lo:hi].reshape(shape)
            lo = hi

    def gather(self, grads):
        """Copy the gradients into ``self.grad`` (they are never modified) and return it."""
        return np.concatenate([np.ravel(grads[name]) for name in self.names], out=self.grad)


class Optimizer:
    r"""Base class: argument checks, per-name state, step counter.

    Subclasses define ``_hyper`` (hyperparameter names), ``_slots`` (state arrays per parameter)
    and ``_delta(g, state, out, coef)``, which advances the state and writes the step
    $\Delta$ into ``out``; ``step`` then applies $w \leftarrow w - \Delta$. ``g``, ``state``
    and ``out`` are flat arrays holding all parameters of one dtype back to back (see
    ``_Flat``); the update is elementwise, so it reads exactly as the formula for one array.
    """

    lr = _Hyper(_positive)
    _hyper = ("lr",)
    _slots = ()

    def __init__(self, lr):
        self.lr = lr
        self.state = {}       # name -> {slot: ndarray like the parameter}
        self.t = 0            # number of completed steps
        self._names = None    # parameter names seen at the first step
        self._shapes = {}     # name -> parameter shape at the first step
        self._flats = []      # one _Flat per parameter dtype, made at the first step
        self._validated = {}  # name -> (array, shape) validated by the last full check

    def __repr__(self):
        args = ", ".join(f"{h}={getattr(self, h)!r}" for h in self._hyper)
        return f"{type(self).__name__}({args})"

    def step(self, params, grads):
        """Update every array of ``params`` in place with its gradient in ``grads``.

        Parameters
        ----------
        params : dict name -> ndarray, floating dtype, any shapes. Updated in place.
        grads : dict with the same names -> array_like of the same shapes. Not modified.

        Raises
        ------
        TypeError for non-dict arguments, non-floating parameter arrays or non-numeric
        gradients; ValueError for missing or extra names, shape mismatches, read-only
        parameters, or a set of names different from the first step.
        """
        # Speed: a training loop passes the same parameter arrays at every step, so the full
        # validation runs only when something differs from the last validated step.
        if not self._same_as_last_step(params, grads):
            grads = self._check(params, grads)
        if not self._flats:
            self._allocate(params)
        self.t += 1
        coef = self._coefficients()
        for flat in self._flats:
            self._delta(flat.gather(grads), flat.slots, flat.out, coef)
            for name, delta in flat.delta.items():
                w = params[name]
                w -= delta

    def _allocate(self, params):
        """Zero state at the first step: one ``_Flat`` per parameter dtype."""
        by_dtype = {}
        for name, w in params.items():
            by_dtype.setdefault(w.dtype, []).append(name)
        self._flats = [_Flat(params, names, self._slots) for names in by_dtype.values()]
        for flat in self._flats:
            self.state.update(flat.state)
        self._shapes = {name: w.shape for name, w in params.items()}

    def _coefficients(self):
        """Scalars shared by all parameters in this step (Python floats)."""
        return None

    def _delta(self, g, state, out, coef):
        """Advance ``state`` (dict slot -> flat array) with the gradient ``g`` and write the
        step Delta into ``out`` (all flat arrays of one dtype; ``g`` may be overwritten)."""
        raise NotImplementedError

    def _same_as_last_step(self, params, grads):
        """Cheap re-validation: True if ``params`` holds exactly the array objects validated by
        the last full :meth:`_check` (same names, unchanged shapes) and every gradient is an
        ndarray of its parameter's shape. Then nothing the full check tests can have changed,
        except what numpy itself rejects (e.g. writing into an array made read-only since)."""
        validated = self._validated
        if type(params) is not dict or type(grads) is not dict or len(params) != len(validated) \
                or len(grads) != len(validated):
            return False
        for name, w in params.items():
            w_checked, shape = validated.get(name, (None, None))
            g = grads.get(name)
            if w is not w_checked or w.shape != shape or type(g) is not np.ndarray or g.shape != shape:
                return False
        return True

    def _check(self, params, grads):
        if not isinstance(params, Mapping) or not isinstance(grads, Mapping):
            raise TypeError("params and grads must be dicts mapping names to arrays")
        if set(params) != set(grads):
            missing, extra = sorted(set(params) - set(grads)), sorted(set(grads) - set(params))
            raise ValueError(f"grads must have the same names as params; missing {missing}, extra {extra}")
        if self._names is not None and set(params) != self._names:
            raise ValueError(
                f"params has names {sorted(params)} but this optimizer was used with "
                f"{sorted(self._names)}; create a new optimizer for a different model"
            )
        checked = {}
        for name, w in params.items():
            if not isinstance(w, np.ndarray) or not np.issubdtype(w.dtype, np.floating):
                raise TypeError(
                    f"params[{name!r}] must be a floating numpy array (it is updated in place); "
                    f"got {type(w).__name__}" + (f" of dtype {w.dtype}" if isinstance(w, np.ndarray) else "")
                )
            if not w.flags.writeable:
                raise ValueError(f"params[{name!r}] is read-only; the optimizer updates it in place")
            g = np.asarray(grads[name])
            if g.shape != w.shape:
                raise ValueError(f"grads[{name!r}] has shape {g.shape} but params[{name!r}] has shape {w.shape}")
            if name in self._shapes and self._shapes[name] != w.shape:
                raise ValueError(f"params[{name!r}] changed shape since the last step")
            if g.dtype.kind not in "biuf":
                raise TypeError(f"grads[{name!r}] must be a real numeric array; got dtype {g.dtype}")
            checked[name] = g
        if self._names is None:
            self._names = frozenset(params)
        self._validated = {name: (w, w.shape) for name, w in params.items()}
        return checked


# ---------------------------------------------------------------- the optimizers
class SGD(Optimizer):
    r"""Plain (stochastic) gradient descent.

    $$w_t = w_{t-1} - \eta\, g_t$$

    Same as ``torch.optim.SGD(params, lr)``.

    Parameters
    ----------
    lr : float   learning rate $\eta > 0$ (no default).
    """

    def _delta(self, g, state, out, coef):
        np.multiply(g, self.lr, out=out)             # Delta = lr g


class Momentum(Optimizer):
    r"""Gradient descent with (heavy-ball) momentum (Polyak 1964).

    $$v_t = \mu\, v_{t-1} + g_t, \qquad w_t = w_{t-1} - \eta\, v_t, \qquad v_0 = 0.$$

    Convention "$v = \mu v + g$" of ``torch.optim.SGD(params, lr, momentum=mu)``. The lecture's
    form $v_t = \gamma v_{t-1} + \eta g_t$, $w_t = w_{t-1} - v_t$ gives the same iterates for a
    constant $\eta$ (its velocity is $\eta v_t$); only a changing $\eta$ distinguishes them.

    Parameters
    ----------
    lr : float   learning rate $\eta > 0$ (no default).
    momentum : float, default 0.9   $\mu$, with $0 \le \mu < 1$.

    State: ``state[name]["v"]`` (velocity, shape of the parameter).
    """

    momentum = _Hyper(_in_0_1)
    _hyper = ("lr", "momentum")
    _slots = ("v",)

    def __init__(self, lr, momentum=0.9):
        super().__init__(lr)
        self.momentum = momentum

    def _delta(self, g, state, out, coef):
        v = state["v"]
        v *= self.momentum                           # v = mu v + g
        v += g
        np.multiply(v, self.lr, out=out)             # Delta = lr v


class Nesterov(Optimizer):
    r"""Nesterov accelerated gradient (Nesterov 1983; Sutskever et al. 2013), PyTorch's form.

    $$v_t = \mu\, v_{t-1} + g_t, \qquad w_t = w_{t-1} - \eta\,(g_t + \mu\, v_t), \qquad v_0 = 0.$$

    Exactly ``torch.optim.SGD(params, lr, momentum=mu, nesterov=True)`` (convention
    "$v = \mu v + g$"). Sutskever et al. write the look-ahead form
    $v'_t = \mu v'_{t-1} - \eta \nabla f(w'_{t-1} + \mu v'_{t-1})$, $w'_t = w'_{t-1} + v'_t$; for a
    constant $\eta$ its look-ahead point $w'_t + \mu v'_t$ follows exactly the path $w_t$ above
    (with $v'_t = -\eta v_t$), so the gradient is simply taken at the current parameters.

    Parameters
    ----------
    lr : float   learning rate $\eta > 0$ (no default).
    momentum : float, default 0.9   $\mu$, with $0 \le \mu < 1$.

    State: ``state[name]["v"]``.
    """

    momentum = _Hyper(_in_0_1)
    _hyper = ("lr", "momentum")
    _slots = ("v",)

    def __init__(self, lr, momentum=0.9):
        super().__init__(lr)
        self.momentum = momentum

    def _delta(self, g, state, out, coef):
        v = state["v"]
        v *= self.momentum                           # v = mu v + g
        v += g
        np.multiply(v, self.momentum, out=out)       # Delta = lr (g + mu v)
        out += g
        out *= self.lr


class AdaGrad(Optimizer):
    r"""AdaGrad (Duchi, Hazan & Singer 2011): per-coordinate steps shrinking with the sum of
    squared gradients.

    $$h_t = h_{t-1} + g_t^2, \qquad w_t = w_{t-1} - \eta\, \frac{g_t}{\sqrt{h_t} + \epsilon},
    \qquad h_0 = 0$$

    (squares, roots and division elementwise). Convention: **ε outside the square root**, as
    ``torch.optim.Adagrad(params, lr, eps=eps)`` with ``lr_decay=0``,
    ``initial_accumulator_value=0``. The lecture's $\sqrt{h_t + \epsilon}$ differs by a relative
    $\epsilon/\sqrt{h_t} + \epsilon/(2h_t)$ at most.

    Parameters
    ----------
    lr : float   learning rate $\eta > 0$ (no default).
    eps : float, default 1e-8   $\epsilon > 0$.

    State: ``state[name]["h"]`` (sum of squared gradients).
    """

    eps = _Hyper(_positive)
    _hyper = ("lr", "eps")
    _slots = ("h",)

    def __init__(self, lr, eps=1e-8):
        super().__init__(lr)
        self.eps = eps

    def _delta(self, g, state, out, coef):
        h = state["h"]
        np.multiply(g, g, out=out)                   # h = h + g^2
        h += out
        _scaled_step(out, g, h, self.eps, self.lr)


class RMSProp(Optimizer):
    r"""RMSProp (Tieleman & Hinton 2012, Coursera lecture 6.5): AdaGrad with an exponential
    moving average of squared gradients instead of their sum.

    $$s_t = \rho\, s_{t-1} + (1 - \rho)\, g_t^2, \qquad
    w_t = w_{t-1} - \eta\, \frac{g_t}{\sqrt{s_t} + \epsilon}, \qquad s_0 = 0.$$

    Convention: **ε outside the square root**, as
    ``torch.optim.RMSprop(params, lr, alpha=rho, eps=eps)`` with ``centered=False``,
    ``momentum=0``, ``weight_decay=0``.

    Parameters
    ----------
    lr : float   learning rate $\eta > 0$ (no default).
    rho : float, default 0.9   decay rate $\rho$, with $0 < \rho < 1$ (PyTorch's ``alpha``,
        whose default is 0.99).
    eps : float, default 1e-8   $\epsilon > 0$.

    State: ``state[name]["s"]`` (moving average of squared gradients).
    """

    rho = _Hyper(_open_0_1)
    eps = _Hyper(_positive)
    _hyper = ("lr", "rho", "eps")
    _slots = ("s",)

    def __init__(self, lr, rho=0.9, eps=1e-8):
        super().__init__(lr)
        self.rho = rho
        self.eps = eps

    def _delta(self, g, state, out, coef):
        s = state["s"]
        s *= self.rho                                # s = rho s + (1 - rho) g^2
        np.multiply(g, g, out=out)
        out *= 1.0 - self.rho
        s += out
        _scaled_step(out, g, s, self.eps, self.lr)


def _scaled_step(out, g, acc, eps, lr):
    """out = lr * g / (sqrt(acc) + eps), in place (eps outside the root)."""
    np.sqrt(acc, out=out)
    out += eps
    np.divide(g, out, out=out)
    out *= lr


class Adam(Optimizer):
    r"""Adam (Kingma & Ba 2015, Algorithm 1): momentum on the gradient plus RMSProp scaling,
    both bias-corrected.

    $$\begin{aligned}
    m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, &
    v_t &= \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2, \\
    \hat m_t &= \frac{m_t}{1 - \beta_1^t}, &
    \hat v_t &= \frac{v_t}{1 - \beta_2^t}, \\
    w_t &= w_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}, &
    m_0 &= v_0 = 0.
    \end{aligned}$$

    Convention: **ε outside the square root** (as in the paper), identical to
    ``torch.optim.Adam(params, lr, betas=(beta1, beta2), eps=eps)``. Computed with the bias
    corrections folded into two scalars (numerator and denominator multiplied by
    $\sqrt{1-\beta_2^t}$), which is the same formula:

    $$w_t = w_{t-1} - \eta_t\, \frac{m_t}{\sqrt{v_t} + \epsilon_t}, \qquad
    \eta_t = \eta\, \frac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}, \qquad
    \epsilon_t = \epsilon \sqrt{1-\beta_2^t}.$$

    Parameters
    ----------
    lr : float, default 0.001   $\eta > 0$.
    beta1 : float, default 0.9   $0 \le \beta_1 < 1$.
    beta2 : float, default 0.999   $0 \le \beta_2 < 1$.
    eps : float, default 1e-8   $\epsilon > 0$.

    State: ``state[name]["m"]``, ``state[name]["v"]`` (first and second moment estimates) and the
    shared step counter ``opt.t``.
    """

    beta1 = _Hyper(_in_0_1)
    beta2 = _Hyper(_in_0_1)
    eps = _Hyper(_positive)
    _hyper = ("lr", "beta1", "beta2", "eps")
    _slots = ("m", "v")

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps

    def _coefficients(self):
        # Scalars of this step as Python floats, shared by every parameter (read once here,
        # not once per parameter). Speed: the bias corrections bc1 = 1 - beta1^t and
        # bc2 = 1 - beta2^t are folded into two scalars, multiplying numerator and denominator
        # by sqrt(bc2):
        #     lr (m / bc1) / (sqrt(v / bc2) + eps) = lr_t m / (sqrt(v) + eps_t),
        #     lr_t = lr sqrt(bc2) / bc1,   eps_t = eps sqrt(bc2).
        # The same formula (eps still outside the root), with no pass over the arrays to
        # bias-correct m or v.
        sqrt_bc2 = (1.0 - self.beta2 ** self.t) ** 0.5
        lr_t = self.lr * sqrt_bc2 / (1.0 - self.beta1 ** self.t)
        return self.beta1, self.beta2, lr_t, self.eps * sqrt_bc2

    def _delta(self, g, state, out, coef):
        beta1, beta2, lr_t, eps_t = coef
        m, v = state["m"], state["v"]
        m *= beta1                         # m = beta1 m + (1 - beta1) g
        np.multiply(g, 1.0 - beta1, out=out)
        m += out
        v *= beta2                         # v = beta2 v + (1 - beta2) g^2
        np.multiply(g, g, out=out)
        out *= 1.0 - beta2
        v += out
        np.sqrt(v, out=out)                # Delta = lr_t m / (sqrt(v) + eps_t)
        out += eps_t
        np.divide(m, out, out=out)
        out *= lr_t
