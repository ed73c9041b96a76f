r"""The Markdown parser the checker uses: markdown-it-py, dollarmath, and three rules of our own.

dollarmath (mdit-py-plugins) finds `$…$`, `$$…$$` (display blocks, and `$$…$$` inside a
paragraph as Obsidian and Typora write it) with `$ a $` spaces allowed. Our rules add what the
plugins do not cover in linear time: `\begin{align}…\end{align}` and the other display
environments at the top level (the amsmath plugin rescans to the end of the file for every
unclosed `\begin`, which made 20,000 of them take minutes), `\[…\]` blocks, and `\(…\)` /
`\[…\]` inside a paragraph. Every closing delimiter is looked up in an index built once per
document, so a file full of unclosed delimiters still scans in linear time.

Indented code blocks are off: notes indent display math four spaces inside MkDocs admonitions
and lists, and an indented `$$` is math far more often than code. Fenced code is still code.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath import dollarmath_plugin

DISPLAY_ENVS = ("equation", "align", "aligned", "gather", "gathered", "multline", "eqnarray",
                "displaymath", "flalign", "alignat", "split", "math")
ENV_OPEN_RE = re.compile(r"\\begin\s*\{(" + "|".join(DISPLAY_ENVS) + r")(\*?)\}")


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").disable(["code", "text_join"])
    md.use(dollarmath_plugin, allow_space=True, allow_digits=False, double_inline=True,
           allow_labels=True, allow_blank_lines=False)
    # A `$$` line may end a paragraph ("Shorthands:" then `$$` on the next line), as in MathJax.
    dollars = next(rule.fn for rule in md.block.ruler.__rules__ if rule.name == "math_block")
    md.block.ruler.at("math_block", _quietly(dollars), {"alt": ["paragraph", "reference", "list"]})
    md.block.ruler.before("blockquote", "tex_env", _env_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.before("blockquote", "tex_bracket", _bracket_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("escape", "tex_inline", _inline_paren)
    return md


def _quietly(rule):
    """The plugin's block rule, made to leave no token behind when only asked whether it matches,
    and to leave `$$a$$ $$b$$` (two displays on a line) to the inline rule."""
    def wrapped(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        tokens, line = len(state.tokens), state.line
        if not rule(state, start, end, False):
            return False
        several = "$$" in state.tokens[-1].content
        if silent or several:
            del state.tokens[tokens:]
            state.line = line
        return not several
    return wrapped


class _Closings:
    """Sorted offsets of a closing delimiter in one source text: next one after a position."""

    def __init__(self, src: str, pattern: str):
        self.offsets = [m.start() for m in re.finditer(pattern, src)]

    def after(self, pos: int, limit: int) -> int:
        i = bisect.bisect_left(self.offsets, pos)
        return self.offsets[i] if i < len(self.offsets) and self.offsets[i] < limit else -1


def _closings(env: dict, src: str, pattern: str) -> _Closings:
    cache = env.setdefault("_closings", {})
    key = (id(src), pattern)
    if key not in cache:  # the text is kept with its index, so its id is never reused meanwhile
        cache[key] = (src, _Closings(src, pattern))
    return cache[key][1]


def _line_of(state: StateBlock, offset: int, start: int, end: int) -> int:
    """The line (between start and end) holding `offset`."""
    return bisect.bisect_right(state.bMarks, offset, start, end) - 1


def _env_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    r"""`\begin{align}` at the start of a line, up to the line that holds its `\end{align}`."""
    pos = state.bMarks[start] + state.tShift[start]
    m = ENV_OPEN_RE.match(state.src, pos, state.eMarks[start])
    if m is None:
        return False
    env = m.group(1) + m.group(2)
    close = _closings(state.env, state.src, r"\\end\s*\{" + re.escape(env) + r"\}").after(
        m.end(), state.eMarks[end - 1] if end > start else len(state.src))
    if close < 0:
        return False
    if not silent:
        last = _line_of(state, close, start, end)
        token = state.push("math_env", "math", 0)
        token.block, token.info, token.map = True, env, [start, last + 1]
        token.content = state.src[m.end():close]
        state.line = last + 1
    else:
        state.line = _line_of(state, close, start, end) + 1
    return True


def _bracket_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    r"""`\[` at the start of a line, up to the line that holds the matching `\]`."""
    pos = state.bMarks[start] + state.tShift[start]
    escaped = state.src.startswith("\\\\[", pos)  # `\\[ … \\]`: Markdown-escaped (Hugo, kramdown sources)
    if not (escaped or state.src.startswith("\\[", pos)):
        return False
    width = 3 if escaped else 2
    close = _closings(state.env, state.src, r"\\\\\]" if escaped else r"\\\]").after(
        pos + width, state.eMarks[end - 1] if end > start else len(state.src))
    if close < 0:
        return False
    last = _line_of(state, close, start, end)
    if state.src[close + width: state.eMarks[last]].strip():
        return False  # text after `\]` on its line: inline math in a paragraph
    if not silent:
        token = state.push("math_bracket", "math", 0)
        token.block, token.map = True, [start, last + 1]
        token.content = state.src[pos + width:close]
    state.line = last + 1
    return True


def _inline_paren(state: StateInline, silent: bool) -> bool:
    r"""`\(…\)` and `\[…\]` inside a paragraph (before the escape rule reads `\(` as `(`)."""
    src, pos = state.src, state.pos
    if not src.startswith("\\", pos) or pos + 1 >= state.posMax or src[pos + 1] not in "([":
        return False
    if pos > 0 and src[pos - 1] == "\\":
        return False  # `\\(` is a line break followed by a parenthesis
    closing = "\\)" if src[pos + 1] == "(" else "\\]"
    close = _closings(state.env, src, re.escape(closing)).after(pos + 2, state.posMax)
    if close < 0:
        return False
    if not silent:
        token = state.push("math_paren" if closing == "\\)" else "math_inline_bracket", "math", 0)
        token.content, token.markup = src[pos + 2:close], src[pos:pos + 2]
    state.pos = close + 2
    return True
