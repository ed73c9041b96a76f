r"""Lines with a relation the checker does not judge: ≤, ≈, ∝ (`no-relation`), and tuples, sets and
vectors it does not read (`skipped`); each relation of such a display is reported at its place. A
line that names a set or tuple (`\mathcal{D} = \{(x, y_w, y_l)\}`, an iterate θ^{(1)} = …) defines
that name, and is reported so. Mixed into chain.FileRun.
"""
from __future__ import annotations

from .layout import ASSIGNING
from .names import definable_head, plain_name
from .scope import side_start
from .values import clean, sides_source

PROSE_LEFT_SIDE = "of the prose, not math"


class Unchecked:
    """Methods of chain.FileRun for the lines it does not judge."""

    def report_unchecked(self, eq) -> None:
        """Each relation of a line that is not judged, with why (display lines, and inline `= …`
        whose left side is a word of the prose)."""
        source = sides_source(eq.sides)
        starts = [side_start(eq.sides[0])] + list(eq.relation_starts[1:])
        named = self._names_a_collection(eq)
        said = eq.display or PROSE_LEFT_SIDE in (eq.unchecked_reason or "")  # `Weight $= …$` is said too
        for k, start in enumerate(starts if said else []):
            if k == 0 and named:
                what = eq.unchecked_reason.split(" is not")[0]
                self.add("definition", f"defines {named}: {what}, which the checker does not read further",
                         start, eq, source, follows=None)
            elif eq.unchecked_reason:  # a tuple, a set, vectors of different sizes
                self.add("skipped", eq.unchecked_reason, start, eq, source, follows=None)
            else:  # ≤, ≈, ∝: reported (nothing is dropped) and not judged; it holds
                relation = clean(eq.relations[k] if eq.relations[k] != "=" else eq.unchecked)
                why = "an assignment, not an equation" if relation in ASSIGNING else "only = is"
                self.add("no-relation", f"the relation `{relation}` is not checked ({why})",
                         start, eq, source, follows=None, relation=relation)

    def _names_a_collection(self, eq) -> str | None:
        """The name a line gives a set or tuple, when it names one not defined yet."""
        if not eq.unchecked_reason or not eq.unchecked_reason.startswith(("a set", "a tuple", "a vector")) or eq.continues:
            return None
        try:
            tree = self._parse(eq.sides[0])
        except Exception:  # noqa: BLE001 - any failure to read the left side: not a name
            return None
        head = definable_head(tree)
        iterate = plain_name(tree)  # θ^{(1)} = θ^{(0)} − α∇𝓛 = (0.25, −0.25, 0): an iterate of the parameter
        key = head[0] if head else iterate.key if iterate is not None and iterate.sup else None
        return clean(eq.sides[0].text) if key and key not in self.table.definitions else None
