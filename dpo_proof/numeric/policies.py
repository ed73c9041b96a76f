r"""Toy softmax policies with hand-written score functions, and seeded preference problems.

Every family follows the `Policy` protocol: ``log_prob`` and ``log_prob_pair`` are plain torch ops
(autograd can be compared with them; params may carry leading batch dims, used by the finite
differences); ``score`` is $\nabla\log\pi(y|x)$ and ``grad_prob`` is $\nabla\pi(y|x)$, both from explicit
formulas, one row per pair; ``contract`` is $\sum_i c_i\,\nabla\log\pi(y_i|x_i)$ without building those
rows where they are mostly zero; ``groups`` names the slice of params each pair depends on (or None).

- ``TabularPolicy(num_prompts, vocab)``: ``theta[num_prompts, vocab]``; score $e_y - \pi(\cdot|x)$ in row x.
- ``LogLinearPolicy(features)``: ``features[num_prompts, vocab, dim]``, params ``phi[dim]``;
  $\pi(y|x) \propto \exp(\phi\cdot f(x,y))$, score $f(x,y) - \mathbb{E}_{\pi}[f(x,\cdot)]$.
- ``SequencePolicy(seq_len, vocab)``: bigram model ``W[seq_len, vocab, vocab]`` (position, previous
  token, logits), the prompt token acting as the previous token at position 0;
  $\log\pi(y|x) = \sum_t m_t\log\mathrm{softmax}(W_{t,y_{t-1}})_{y_t}$ (masked sum, as trainers compute it).

Seeded preference problems on these policies, for any catalogue loss, are built in
`dpo_proof.numeric.problems` (``make_problem``).
"""
from __future__ import annotations

from typing import Optional, Protocol

import torch

__all__ = ["FAMILIES", "Policy", "TabularPolicy", "LogLinearPolicy", "SequencePolicy"]

FAMILIES = ("tabular", "loglinear", "sequence")

Tensor = torch.Tensor


class Policy(Protocol):
    """What a toy policy offers; `Problem` and the checks use nothing else."""

    family: str
    vocab: int
    seq_len: int          # tokens per response (1: a response is one token)

    def param_shape(self) -> tuple[int, ...]: ...
    def log_prob(self, params, prompts, responses, mask=None) -> Tensor: ...
    def log_prob_pair(self, params, prompts, chosen, rejected, chosen_mask=None, rejected_mask=None): ...
    def score(self, params, prompts, responses, mask=None) -> Tensor: ...
    def grad_prob(self, params, prompts, responses, mask=None) -> Tensor: ...
    def contract(self, params, prompts, responses, mask, coef, absolute: bool = False) -> Tensor: ...
    def groups(self, prompts) -> Optional[Tensor]: ...
    def work(self, pairs: int) -> int: ...


def _gather_last(values: Tensor, index: Tensor) -> Tensor:
    """values[..., i, index[i]] with index broadcast over values' leading batch dims."""
    index = index.expand(values.shape[:-1]).unsqueeze(-1)
    return values.gather(-1, index).squeeze(-1)


def _one_hot(index: Tensor, vocab: int, like: Tensor) -> Tensor:
    return torch.nn.functional.one_hot(index, vocab).to(dtype=like.dtype, device=like.device)


def _shaped(coef: Tensor, like: Tensor) -> Tensor:
    return coef.reshape((-1,) + (1,) * (like.dim() - 1)).to(like.dtype)


class TabularPolicy:
    """One logit vector per prompt: params theta[num_prompts, vocab]."""

    family, seq_len = "tabular", 1

    def __init__(self, num_prompts: int, vocab: int):
        self.num_prompts, self.vocab = num_prompts, vocab

    def param_shape(self) -> tuple[int, ...]:
        return (self.num_prompts, self.vocab)

    def _rows(self, params, prompts):
        # one prompt per pair in order (make_problem's layout): skip the gather's copy
        if len(prompts) == self.num_prompts and bool((prompts == torch.arange(len(prompts), device=prompts.device)).all()):
            return params
        return params[..., prompts, :]

    def log_prob(self, params, prompts, responses, mask=None):
        return _gather_last(torch.log_softmax(self._rows(params, prompts), dim=-1), responses)

    def log_prob_pair(self, params, prompts, chosen, rejected, chosen_mask=None, rejected_mask=None):
        """Both responses share the prompt, hence one log_softmax: (log pi(y_w|x), log pi(y_l|x))."""
        logps = torch.log_softmax(self._rows(params, prompts), dim=-1)
        return _gather_last(logps, chosen), _gather_last(logps, rejected)

    def _score_rows(self, params, prompts, responses):
        probs = torch.softmax(params[prompts], dim=-1)
        return _one_hot(responses, self.vocab, probs) - probs  # e_y - pi(.|x)

    def _dense(self, params, prompts, rows):
        out = params.new_zeros((len(prompts),) + tuple(params.shape))
        out[torch.arange(len(prompts), device=params.device), prompts] = rows
        return out

    def score(self, params, prompts, responses, mask=None):
        r"""$\nabla_\theta \log\pi(y|x) = e_y - \pi(\cdot|x)$ in row x, zero elsewhere."""
        return self._dense(params, prompts, self._score_rows(params, prompts, responses))

    def grad_prob(self, params, prompts, responses, mask=None):
        r"""$\partial\pi_y/\partial\theta_{x,k} = \pi_y(1[k=y] - \pi_k)$."""
        rows = self._score_rows(params, prompts, responses)
        p_y = torch.softmax(params[prompts], dim=-1).gather(-1, responses[:, None])
        return self._dense(params, prompts, p_y * rows)

    def contract(self, params, prompts, responses, mask, coef, absolute=False):
        r"""$\sum_i c_i\,(e_{y_i} - \pi(\cdot|x_i))$ added into row $x_i$: no dense [pairs, *params] scores."""
        rows = self._score_rows(params, prompts, responses)
        rows = rows.abs() if absolute else rows
        return torch.zeros_like(params).index_add_(0, prompts, _shaped(coef, rows) * rows)

    def groups(self, prompts):
        return prompts

    def work(self, pairs):
        return pairs * self.vocab  # logits per evaluation: one softmax serves both responses


class LogLinearPolicy:
    """pi(y|x) proportional to exp(phi . f(x, y)); features[num_prompts, vocab, dim] fixed."""

    family, seq_len = "loglinear", 1

    def __init__(self, features: Tensor):
        self.features = features
        self.num_prompts, self.vocab, self.dim = features.shape

    def param_shape(self) -> tuple[int, ...]:
        return (self.dim,)

    def logits(self, params, prompts):
        return torch.einsum("...d,pvd->...pv", params, self.features[prompts])

    def log_prob(self, params, prompts, responses, mask=None):
        return _gather_last(torch.log_softmax(self.logits(params, prompts), dim=-1), responses)

    def log_prob_pair(self, params, prompts, chosen, rejected, chosen_mask=None, rejected_mask=None):
        """Both responses share the prompt, hence one log_softmax: (log pi(y_w|x), log pi(y_l|x))."""
        logps = torch.log_softmax(self.logits(params, prompts), dim=-1)
        return _gather_last(logps, chosen), _gather_last(logps, rejected)

    def score(self, params, prompts, responses, mask=None):
        r"""$f(x,y) - \mathbb{E}_{\pi}[f(x,\cdot)]$."""
        feats = self.features[prompts]  # [pairs, vocab, dim]
        probs = torch.softmax(self.logits(params, prompts), dim=-1)
        chosen = feats[torch.arange(len(prompts), device=feats.device), responses]
        return chosen - torch.einsum("pv,pvd->pd", probs, feats)

    def grad_prob(self, params, prompts, responses, mask=None):
        r"""Chain rule through the softmax Jacobian: $\nabla\pi_y = \sum_k \pi_y(1[k=y] - \pi_k) f(x,k)$."""
        probs = torch.softmax(self.logits(params, prompts), dim=-1)
        jac_row = probs.gather(-1, responses[:, None]) * (_one_hot(responses, self.vocab, probs) - probs)
        return torch.einsum("pv,pvd->pd", jac_row, self.features[prompts])

    def contract(self, params, prompts, responses, mask, coef, absolute=False):
        rows = self.score(params, prompts, responses)
        rows = rows.abs() if absolute else rows
        return (_shaped(coef, rows) * rows).sum(dim=0)

    def groups(self, prompts):
        return None

    def work(self, pairs):
        return pairs * self.vocab


class SequencePolicy:
    """Autoregressive bigram table W[seq_len, vocab, vocab]: position, previous token, logits."""

    family = "sequence"

    def __init__(self, seq_len: int, vocab: int):
        self.seq_len, self.vocab = seq_len, vocab

    def param_shape(self) -> tuple[int, ...]:
        return (self.seq_len, self.vocab, self.vocab)

    def _previous(self, prompts, responses):
        return torch.cat([prompts[:, None], responses[:, :-1]], dim=1)  # [pairs, T]

    def _mask(self, responses, mask, like):
        return torch.ones_like(responses, dtype=like.dtype) if mask is None else mask.to(like.dtype)

    def log_prob(self, params, prompts, responses, mask=None):
        positions = torch.arange(self.seq_len, device=params.device)[None, :]
        logits = params[..., positions, self._previous(prompts, responses), :]  # [*B, pairs, T, V]
        token_logps = _gather_last(torch.log_softmax(logits, dim=-1), responses)
        return (token_logps * self._mask(responses, mask, params)).sum(dim=-1)

    def log_prob_pair(self, params, prompts, chosen, rejected, chosen_mask=None, rejected_mask=None):
        """The two responses take different rows of W: two evaluations."""
        return self.log_prob(params, prompts, chosen, chosen_mask), self.log_prob(params, prompts, rejected, rejected_mask)

    def _token_rows(self, params, prompts, responses, mask):
        """(entries (t, y_{t-1}) of every token, m_t (e_{y_t} - softmax(W_{t,y_{t-1}})), softmax)."""
        pairs, steps = responses.shape
        previous = self._previous(prompts, responses)
        positions = torch.arange(steps, device=params.device)[None, :].expand(pairs, steps)
        probs = torch.softmax(params[positions, previous], dim=-1)  # [pairs, T, V]
        token_grad = (_one_hot(responses, self.vocab, probs) - probs) * self._mask(responses, mask, params)[..., None]
        return (positions, previous), token_grad, probs

    def _dense(self, params, where, rows):
        # each (pair, t) writes its own (t, prev) row: no two writes of one pair collide
        pairs, steps = where[0].shape
        out = params.new_zeros((pairs,) + tuple(params.shape))
        out[torch.arange(pairs, device=params.device)[:, None].expand(pairs, steps), *where] = rows
        return out

    def score(self, params, prompts, responses, mask=None):
        r"""$\sum_t m_t 1[(t, y_{t-1})](e_{y_t} - \mathrm{softmax}(W_{t,y_{t-1}}))$, backprop by hand."""
        where, token_grad, _ = self._token_rows(params, prompts, responses, mask)
        return self._dense(params, where, token_grad)

    def grad_prob(self, params, prompts, responses, mask=None):
        r"""Product rule: $\nabla\prod_t p_t = \sum_t (\prod_{s\ne t} p_s)\nabla p_t$, with
        $\nabla p_t = p_t(e_{y_t} - \mathrm{softmax}(W_{t,y_{t-1}}))$ at entry (t, y_{t-1})."""
        where, token_grad, probs = self._token_rows(params, prompts, responses, None)
        m = self._mask(responses, mask, params)
        token_p = probs.gather(-1, responses[..., None]).squeeze(-1)
        token_p = torch.where(m > 0, token_p, torch.ones_like(token_p))  # padding contributes 1
        ones = torch.ones_like(token_p[:, :1])
        before = torch.cumprod(torch.cat([ones, token_p[:, :-1]], dim=1), dim=1)
        after = torch.cumprod(torch.cat([ones, token_p.flip(1)[:, :-1]], dim=1), dim=1).flip(1)
        return self._dense(params, where, (before * after * m * token_p)[..., None] * token_grad)

    def contract(self, params, prompts, responses, mask, coef, absolute=False):
        r"""$\sum_i c_i\,\nabla\log\pi(y_i|x_i)$, each token's row accumulated into W[t, y_{t-1}]."""
        where, token_grad, _ = self._token_rows(params, prompts, responses, mask)
        if absolute:  # |score| entry by entry: within a pair no two tokens share an entry
            token_grad = token_grad.abs()
        out = torch.zeros_like(params)
        return out.index_put_(where, coef.to(params.dtype)[:, None, None] * token_grad, accumulate=True)

    def groups(self, prompts):
        return None

    def work(self, pairs):
        return 2 * pairs * self.vocab * self.seq_len
