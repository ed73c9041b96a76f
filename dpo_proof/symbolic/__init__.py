"""Symbolic re-derivation of the DPO gradient with sympy: notation, the equality engine, the derivation."""
