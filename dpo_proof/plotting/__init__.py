"""Figures of the sigma(-delta) weighting for lecture notes and slides."""
