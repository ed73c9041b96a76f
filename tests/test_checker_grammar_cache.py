"""The analysed grammar is cached in the user's own cache folder (parsing.grammar_cache): the parser
read back from it parses as the one built afresh, a broken cache file is rebuilt, and where no folder
can be made there is no cache (never a shared temporary file, which lark would unpickle)."""
from __future__ import annotations

import lark

from dpo_proof.checker import parsing

SAMPLE = r"\frac{\partial}{\partial \phi} -\log \sigma\left(\beta \log \frac{\pi_\phi(y_w|x)}{\pi_{ref}(y_w|x)}\right)"


def built(monkeypatch, cache_home) -> lark.Lark:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    parsing.parser.cache_clear()
    try:
        return parsing.parser()
    finally:
        parsing.parser.cache_clear()


def test_the_cached_grammar_parses_as_the_one_built_afresh(monkeypatch, tmp_path):
    fresh = built(monkeypatch, tmp_path)
    cache = parsing.grammar_cache()
    assert cache and cache.startswith(str(tmp_path / "dpo-proof")) and (tmp_path / "dpo-proof").stat().st_mode & 0o077 == 0
    assert built(monkeypatch, tmp_path).parse(SAMPLE) == fresh.parse(SAMPLE)


def test_a_broken_cache_file_is_rebuilt(monkeypatch, tmp_path):
    built(monkeypatch, tmp_path)
    with open(parsing.grammar_cache(), "wb") as f:
        f.write(b"not a grammar\n")
    assert built(monkeypatch, tmp_path).parse(SAMPLE).data


def test_no_cache_where_no_folder_can_be_made(monkeypatch, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file where the folder would go
    assert parsing.grammar_cache() is False
    assert built(monkeypatch, blocked).parse(SAMPLE).data
