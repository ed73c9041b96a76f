r"""Rewrites of a side's parse tree before it becomes sympy (latex.ToSympy.convert): readings every
such text means although the letter of the notation says otherwise.

`\log\pi_\theta(y_w|x)/\pi_{ref}(y_w|x)` inline is the log of the ratio; `\beta(a - b)^2` and
`\frac{1}{\beta^2}(\beta h - \frac12)^2` square the bracket, not the product.
"""
from __future__ import annotations

import re

import lark

from .names import names_in, plain_name


def rewrite(tree: lark.Tree) -> None:
    """Every rewrite below, in place."""
    _the_number_pi(tree)
    _optimum_of_its_term(tree)
    _sum_of_its_terms(tree)
    _power_of_juxtaposed_bracket(tree)
    _log_of_policy_ratio(tree)
    _prefix_before_bracket(tree)


def power_of_an_operator_inside(tree: lark.Tree) -> lark.Tree:
    r"""`\log(x)^2` is (log x)² (grammar.lark: power_of_applied), but `\frac{d}{dx}(1 + e^{-x})^{-1}` and
    `\nabla(u)^2` differentiate the power: for an operator the power goes back inside. Run by parsing.parse_tree,
    before derivatives.py holds derivatives in defined names back."""
    for node in tree.iter_subtrees():
        if node.data != "power_of_applied":
            continue
        prefix, operand, power = node.children
        if getattr(prefix.children[0], "type", "") in ("LOG", "EXP", "HYPERBOLIC"):
            continue
        inner = lark.Tree("power_digit", [operand, power]) if isinstance(power, lark.Token) \
            else lark.Tree("power", [operand, power])
        node.data, node.children = "apply_prefix", [prefix, inner]
    return tree


def over_as_frac(tree: lark.Tree) -> lark.Tree:
    r"""`{a \over b}` is `\frac{a}{b}`: one tree for both, so every reader of fractions reads it. Run by
    parsing.parse_tree."""
    for node in tree.iter_subtrees():
        if node.data == "frac_over":
            numerator, over, denominator = node.children
            node.data, node.children = "frac", [over, numerator, denominator]
    return tree


def leibniz_over_product(tree: lark.Tree) -> lark.Tree:
    r"""`\frac{d}{dz}\lambda_D(1-\sigma(z))`: an operator in z before a factor without z takes the whole
    product that follows (read literally, d/dz would end at λ_D, and the bracket would multiply a 0).
    Where the first factor holds the variable (`\frac{d}{d\theta}\log\pi_\theta(y) R`) it stays as written.
    Run by parsing.parse_tree."""
    for node in list(tree.iter_subtrees_topdown()):
        if node.data != "jmul":
            continue
        factors = juxtaposed(node)
        first = factors[0]
        if not (isinstance(first, lark.Tree) and first.data == "apply_leibniz" and len(first.children) == 2):
            continue
        op, operand = first.children
        variable = _plain_key(op.children[-1]) if isinstance(op, lark.Tree) else None
        if variable is None or _mentions(operand, variable) or not any(_mentions(f, variable) for f in factors[1:]):
            continue
        product = operand
        for factor in factors[1:]:
            product = lark.Tree("jmul", [product, factor])
        node.data, node.children = "apply_leibniz", [op, product]
    return tree


def juxtaposed(node: lark.Tree) -> list:
    """The factors of a left-nested juxtaposition, in order."""
    factors = []
    while isinstance(node, lark.Tree) and node.data == "jmul":
        factors.insert(0, node.children[1])
        node = node.children[0]
    return [node, *factors]


def _plain_key(tree) -> str | None:
    name = plain_name(tree)
    return name.key if name is not None else None


def _mentions(tree, key: str) -> bool:
    """Whether a name in `tree` is `key` or carries it as its subscript (π_θ for θ)."""
    return any(name == key or key in name.split("_")[1:] for name in names_in(tree))


def _prefix_before_bracket(tree: lark.Tree) -> None:
    r"""`exp(x_i) (\sum_k exp(x_k))`, `\log(z)(1 - z)`: a variable is never a function, so the bracket
    after it is a factor, and the exp or log applies to the variable alone."""
    for node in list(tree.iter_subtrees()):
        if node.data != "apply_prefix" or len(node.children) != 2 or not isinstance(node.children[1], lark.Tree):
            continue
        prefix, call = node.children
        kind = getattr(prefix.children[0], "type", "") if isinstance(prefix, lark.Tree) and prefix.children else ""
        if kind not in ("LOG", "EXP") or call.data != "call" or len(call.children[-1].children) != 1:
            continue
        head = call.children[0]
        base = head.children[0] if isinstance(head, lark.Tree) and head.data == "subscript" else head
        token = base.children[0] if isinstance(base, lark.Tree) and base.data == "name" and base.children else None
        if not (isinstance(token, lark.Token) and token.type == "NAME" and str(token) in VARIABLE_LETTERS):
            continue
        node.data, node.children = "jmul", [lark.Tree("apply_prefix", [prefix, head]), call.children[-1].children[0]]


VARIABLE_LETTERS = "xzwtuvab"  # letters texts use for variables, never for functions


def _power_of_juxtaposed_bracket(tree: lark.Tree) -> None:
    r"""`\frac{1}{\beta^2}(\beta h - \frac12)^2`, `\beta(a - b)^2`, `\sigma(u)(\sigma(-u))^2`: the power is the
    bracket's, not the product's. Only where what stands before the bracket can never be a function (a
    fraction, a number, β, a value f(u)), so that the bracket is a factor, not an argument."""
    for node in list(tree.iter_subtrees()):
        if node.data not in ("power", "power_digit") or not isinstance(node.children[0], lark.Tree):
            continue
        call = node.children[0]
        inside = [c for c in call.children[1:] if isinstance(c, lark.Tree)]  # `\{ … \}` brings its tokens
        if call.data not in ("call", "call_bracket") or len(inside) != 1 or len(inside[0].children) != 1:
            continue
        if not _never_a_function(call.children[0]):
            continue
        head, bracket = call.children[0], inside[0].children[0]  # ½\{[…]^{1/2}\}^2: the braces' square
        node.children = [head, lark.Tree(node.data, [bracket, *node.children[1:]])]
        node.data = "jmul"


def _the_number_pi(tree: lark.Tree) -> None:
    r"""`2\pi`, `\sqrt{2\pi\,(\sigma_1^2 + \sigma_2^2)}`: a bare π right after a number is the number π (a
    Gaussian's), not the policy; a bracket after it is a factor."""
    for node in list(tree.iter_subtrees()):
        if node.data != "jmul" or len(node.children) != 2 or getattr(node.children[0], "data", "") != "number":
            continue
        factor = node.children[1]
        bare = _bare_pi(factor)
        if bare:
            node.children[1] = lark.Tree("number_pi", [])
        elif getattr(factor, "data", "") == "call" and _bare_pi(factor.children[0]) \
                and len(factor.children[-1].children) == 1:
            node.children[1] = lark.Tree("jmul", [lark.Tree("number_pi", []), factor.children[-1].children[0]])


def _bare_pi(node) -> bool:
    return isinstance(node, lark.Tree) and node.data == "name" and len(node.children) == 1 \
        and str(node.children[0]).lstrip("\\") in ("pi", "π")


INDEX_SUB_RE = re.compile(r"_\s*\{?\s*([a-xz])\s*\}?\s*$")


def _optimum_of_its_term(tree: lark.Tree) -> None:
    r"""`x_i - \max_k x_k - \log(…)`: a max over an index letter is the max of the term it indexes, not of
    the rest of the sum, which goes back to the sum the max stands in (`\max_\pi \mathbb{E}[r] - \beta D`
    keeps its whole objective)."""
    parents = {id(c): t for t in tree.iter_subtrees() for c in t.children if isinstance(c, lark.Tree)}
    for node in list(tree.iter_subtrees()):
        if node.data != "optimum" or len(node.children) != 3 or not isinstance(node.children[2], lark.Tree):
            continue
        index, body = INDEX_SUB_RE.match(str(node.children[1])), node.children[2]
        parent = parents.get(id(node))
        if index is None or body.data not in ("add", "sub") or not (
                parent is None and node is tree or parent is not None and parent.data in ("add", "sub")
                and parent.children[-1] is node):
            continue
        steps, first = [], body
        while isinstance(first, lark.Tree) and first.data in ("add", "sub"):
            steps.insert(0, first.children[1:])
            first = first.children[0]
        if any(_writes_index(term, index.group(1)) for _, term in steps) or not _writes_index(first, index.group(1)):
            continue
        whole = lark.Tree("optimum", [*node.children[:2], first])
        if parent is not None:  # x_i − max_k(x_k − c): (x_i − max_k x_k) − c
            whole = lark.Tree(parent.data, [*parent.children[:-1], whole])
        for sign, term in steps:
            whole = lark.Tree("add" if str(sign) == "+" else "sub", [whole, sign, term])
        target = parent if parent is not None else node
        target.data, target.children = whole.data, whole.children


SUM_INDEX_RE = re.compile(r"_\s*\{?\s*([a-xz])\s*(=|\}|$)")


def _sum_of_its_terms(tree: lark.Tree) -> None:
    r"""`\sum_{i=1}^{N} (y_i - 1) w^T x_i - \log(1 + e^{-w^T x_i})`: a term after a sum that writes the
    sum's index (outside a sum of its own over it) is the sum's too, since the index means nothing
    outside it; read as a term outside, x_i was a free name and true lines were refuted."""
    changed = True
    while changed:
        changed = False
        for node in list(tree.iter_subtrees()):
            if node.data not in ("add", "sub") or len(node.children) != 3 or not isinstance(node.children[0], lark.Tree):
                continue
            left, sign, term = node.children
            total = left if left.data == "big_sum" else left.children[-1] if left.data in ("jmul", "mul") else None
            if not isinstance(total, lark.Tree) or total.data != "big_sum":
                continue  # `\frac{1}{N}\sum_i …`: the sum as the last factor of a product keeps the product
            index = next((m.group(1) for c in total.children[1:-1] if isinstance(c, lark.Token)
                          and (m := SUM_INDEX_RE.match(str(c)))), None)
            if index is None or not _writes_index(term, index):
                continue
            total.children[-1] = lark.Tree(node.data, [total.children[-1], sign, term])
            node.data, node.children = left.data, left.children
            changed = True
            break


def _writes_index(node, letter: str) -> bool:
    """Does a subtree write the index letter, alone or as a subscript (k, x_k, x_{k}), outside a max or
    a sum of its own over that letter (x_j − max_k x_k binds its k)?"""
    if not isinstance(node, lark.Tree):
        return str(node) == letter or re.fullmatch(rf"_\s*\{{?\s*{letter}\s*\}}?", str(node)) is not None
    if node.data in ("optimum", "big_sum") and any(  # `\max_k`, `\sum_k`, `\sum_{k=0}^{n-1}`
            isinstance(c, lark.Token) and (m := SUM_INDEX_RE.match(str(c))) and m.group(1) == letter
            for c in node.children):
        return False
    return any(_writes_index(c, letter) for c in node.children)


def _log_of_policy_ratio(tree: lark.Tree) -> None:
    r"""`\log\pi_\theta(y_w|x)/\pi_{ref}(y_w|x)` inline: the log of the ratio, as every such text means
    (read literally it would be log π_θ divided by π_ref). Only for a policy over a policy."""
    for node in list(tree.iter_subtrees()):
        if node.data != "div" or not isinstance(node.children[0], lark.Tree):
            continue
        logged, below = node.children[0], node.children[-1]
        if logged.data != "apply_prefix" or not _is_log(logged.children[0]):
            continue
        above = logged.children[-1]
        if not (_policy_call(above) and _policy_call(below)):
            continue
        ratio = lark.Tree("div", [above, below])
        node.data, node.children = "apply_prefix", [logged.children[0], ratio]


def _is_log(prefix) -> bool:
    return isinstance(prefix, lark.Tree) and bool(prefix.children) and getattr(prefix.children[0], "type", "") == "LOG"


def _policy_call(node) -> bool:
    """π_θ(y|x), π_{ref}(y_w|x): a call whose head is a (subscripted) π."""
    if not isinstance(node, lark.Tree) or node.data != "call":
        return False
    head = node.children[0]
    while isinstance(head, lark.Tree) and head.data == "subscript":
        head = head.children[0]
    token = head.children[0] if isinstance(head, lark.Tree) and head.data == "name" else None
    return isinstance(token, lark.Token) and str(token).lstrip("\\") in ("pi", "π")


def power_of_a_bracket_after_a_letter(tree: lark.Tree, source: str) -> lark.Tree:
    """`p(1 - p)^2`, `p_i(1 - p_i)^2`: the power stands right after the bracket that follows a plain
    letter. Whether the letter is a function (`f(x)^2` squares f(x)) or a factor (p times the bracket
    squared) only latex.py knows, from the definitions: the node becomes `call_power` for it to
    decide. `(p(1 - p))^2`, the power after another bracket, stays the square of the whole.
    Run by parsing.parse_tree, which has the source the positions point into."""
    for node in list(tree.iter_subtrees()):
        if node.data not in ("power", "power_digit") or not isinstance(node.children[0], lark.Tree):
            continue
        call = node.children[0]
        if call.data != "call" or len(call.children[-1].children) != 1:
            continue
        end = _letter_end(call.children[0])
        if end is not None and _power_right_after_bracket(source, end):
            node.data = "call_" + node.data
            node.children = [call.children[0], call.children[-1], *node.children[1:]]
    return tree


def _letter_end(head) -> int | None:
    """Where a plain Latin letter, maybe subscripted (p, p_i), ends in the source; None for anything else
    (the policy and named functions are read by other rules)."""
    end = None
    while isinstance(head, lark.Tree) and head.data == "subscript":
        end = end if end is not None else getattr(head.children[-1], "end_pos", None)
        head = head.children[0]
    token = head.children[0] if isinstance(head, lark.Tree) and head.data == "name" and head.children else None
    if not (isinstance(token, lark.Token) and token.type == "NAME" and len(str(token)) == 1):
        return None
    return end if end is not None else token.end_pos


BRACKET_AFTER_LETTER_RE = re.compile(r"\s*(\\left)?\s*\(")


def _power_right_after_bracket(source: str, at: int) -> bool:
    """Is the bracket opening after `at` followed, once closed, by a power (`^`, `²`)?"""
    opening = BRACKET_AFTER_LETTER_RE.match(source, at)
    if opening is None:
        return False
    opened, depth = opening.end() - 1, 0
    for i in range(opened, len(source)):
        depth += {"(": 1, ")": -1}.get(source[i], 0)
        if depth == 0:
            return source[i + 1:].lstrip()[:1] in ("^", "²", "³")
    return False


def _never_a_function(head) -> bool:
    if not isinstance(head, lark.Tree):
        return False
    if head.data in ("frac", "frac_digits", "number", "call"):  # σ(u)(σ(−u))^2: a value, not a function
        return True
    if head.data in ("add", "sub", "mul", "div", "jmul", "neg"):  # (A + B)(d − m)^2: a bracket of a sum, a value
        return True
    if head.data in ("power", "power_digit"):  # p^{y}(1 - p)^{1-y}: a power is a value; f^{-1}(x) is not
        exponent = head.children[-1]
        if not isinstance(exponent, lark.Tree):
            return True
        written = "".join(str(t) for t in exponent.scan_values(lambda v: isinstance(v, lark.Token)))
        return written.replace(" ", "") not in ("-1", "{-1}")
    token = head.children[0] if head.data == "name" and head.children else None
    return isinstance(token, lark.Token) and token.type == "GREEK" and str(token).lstrip("\\") in ("beta", "β")
