r"""Values of sympy expressions at many points at once: a walk of the tree over numpy arrays.

The equality screen evaluates both sides of every claim at 24 random points. `sp.lambdify` prints
the expression as Python source and compiles it for each claim; this walk does without both, about
twice as fast over the claims of six corpus files (bench/bench_screen.py). It computes what lambdify's generated code would (the same numpy functions on the
same float64 arrays, e.g. $\log$ of a negative number is nan), and it hands every node kind it does
not know to lambdify, so nothing is evaluated differently.
"""
from __future__ import annotations

import warnings

import numpy as np
import sympy as sp

from .notation import LAMBDIFY_MODULES, np_sigmoid, sigma, to_numpy


class _Unknown(Exception):
    """A node kind the walk does not evaluate: lambdify does the whole expression."""


# Each kind's numpy function: what lambdify's numpy printer writes for it.
UNARY = {sp.exp: np.exp, sp.log: np.log, sigma: np_sigmoid, sp.Abs: np.abs, sp.sign: np.sign,
         sp.sin: np.sin, sp.cos: np.cos, sp.tan: np.tan, sp.tanh: np.tanh, sp.sinh: np.sinh,
         sp.cosh: np.cosh, sp.atan: np.arctan, sp.asin: np.arcsin, sp.acos: np.arccos,
         sp.re: np.real, sp.im: np.imag, sp.conjugate: np.conj}
MANY = {sp.Add: np.add.reduce, sp.Mul: np.multiply.reduce, sp.Max: np.maximum.reduce,
        sp.Min: np.minimum.reduce}


def _value(node, at: dict):
    found = at.get(node)
    if found is not None:
        return found
    if node is sp.I:
        value = 1j
    elif node.is_Number or node.is_NumberSymbol:
        if not node.is_finite and node not in (sp.oo, -sp.oo):
            raise _Unknown(node)  # zoo, nan: as lambdify prints them
        value = float(node)
    elif node.is_Symbol:
        raise _Unknown(node)  # a name the caller did not give: lambdify says which
    elif node.is_Pow:
        value = _power(_value(node.base, at), node.exp, at)
    elif type(node) in UNARY:
        value = UNARY[type(node)](_value(node.args[0], at))
    elif type(node) in MANY:
        args = [np.asarray(_value(a, at)) for a in node.args]
        value = MANY[type(node)](np.broadcast_arrays(*args)) if len(args) > 1 else args[0]
    else:
        raise _Unknown(type(node).__name__)
    at[node] = value
    return value


def _power(base, exponent, at: dict):
    r"""$b^{-1} = 1/b$ and $b^{1/2} = \sqrt b$ as lambdify writes them (numpy's float power)."""
    if exponent == -1:
        return 1 / np.asarray(base)
    if exponent == sp.Rational(1, 2):
        return np.sqrt(base)
    return np.power(base, _value(exponent, at) if not exponent.is_Number else float(exponent))


def at_points(variables, exprs, modules=LAMBDIFY_MODULES):
    """A function of one array per variable that returns each expression's values, like
    ``sp.lambdify(variables, exprs)``; lambdify itself where a node kind is not known here."""
    variables, exprs = list(variables), [sp.sympify(e) for e in exprs]

    def walk(*columns):
        at = {v: np.asarray(c, dtype=float) for v, c in zip(variables, columns)}
        return [_value(e, at) for e in exprs]

    try:  # a first walk at one point finds an unknown node before anyone relies on the walk
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            walk(*[np.ones(1)] * len(variables))
    except (_Unknown, RecursionError):
        return to_numpy(variables, exprs, modules)
    except (ArithmeticError, TypeError, ValueError):
        pass  # a value problem at the trial point only; the caller's points decide
    return walk
