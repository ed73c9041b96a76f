r"""The three toy softmax policy families, each with its score written out by hand (no autograd).

Documented, with the rest of the public API, in `dpo_proof.numeric.policies`, which re-exports
these classes: import them from there.
"""
from __future__ import annotations

import torch

Tensor = torch.Tensor


def _gather_last(values: Tensor, index: Tensor) -> Tensor:
    """values[..., i, index[i]] with index broadcast over values' leading batch dims."""
    index = index.expand(values.shape[:-1]).unsqueeze(-1)
    return values.gather(-1, index).squeeze(-1)


def _one_hot(index: Tensor, vocab: int, like: Tensor) -> Tensor:
    return torch.nn.functional.one_hot(index, vocab).to(dtype=like.dtype, device=like.device)


class TabularPolicy:
    """One logit vector per prompt: params theta[num_prompts, vocab]."""

    family = "tabular"

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

    def score_rows(self, params, prompts, responses, mask=None):
        r"""Row x of the score, $e_y - \pi(\cdot|x)$: shape [pairs, vocab] (the rest is zero)."""
        probs = torch.softmax(params[prompts], dim=-1)
        return _one_hot(responses, self.vocab, probs) - probs

    def _row_grad(self, params, prompts, responses, of_log: bool):
        probs = torch.softmax(params[prompts], dim=-1)
        row = _one_hot(responses, self.vocab, probs) - probs  # e_y - pi(.|x)
        if not of_log:  # d pi_y / d theta_k = pi_y (1[k=y] - pi_k)
            row = probs.gather(-1, responses[:, None]) * row
        out = params.new_zeros((len(prompts),) + tuple(params.shape))
        out[torch.arange(len(prompts), device=params.device), prompts] = row
        return out

    def score(self, params, prompts, responses, mask=None):
        r"""$\nabla_\theta \log\pi(y|x) = e_y - \pi(\cdot|x)$ in row x, zero elsewhere."""
        return self._row_grad(params, prompts, responses, of_log=True)

    def grad_prob(self, params, prompts, responses, mask=None):
        r"""$\partial\pi_y/\partial\theta_{x,k} = \pi_y(1[k=y] - \pi_k)$."""
        return self._row_grad(params, prompts, responses, of_log=False)

    def groups(self, prompts):
        return prompts


class LogLinearPolicy:
    """pi(y|x) proportional to exp(phi . f(x, y)); features[num_prompts, vocab, dim] fixed."""

    family = "loglinear"

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

    def groups(self, prompts):
        return None


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

    def score(self, params, prompts, responses, mask=None):
        r"""$\sum_t m_t 1[(t, y_{t-1})](e_{y_t} - \mathrm{softmax}(W_{t,y_{t-1}}))$, backprop by hand."""
        pairs, steps = responses.shape
        previous = self._previous(prompts, responses)
        positions = torch.arange(steps, device=params.device)
        probs = torch.softmax(params[positions[None, :], previous], dim=-1)  # [pairs, T, V]
        token_grad = _one_hot(responses, self.vocab, probs) - probs
        token_grad = token_grad * self._mask(responses, mask, params)[..., None]
        out = params.new_zeros((pairs,) + tuple(params.shape))
        # each (pair, t) writes its own (t, prev) row: no two writes of one pair collide
        rows = torch.arange(pairs, device=params.device)[:, None].expand(pairs, steps)
        out[rows, positions[None, :].expand(pairs, steps), previous] = token_grad
        return out

    def grad_prob(self, params, prompts, responses, mask=None):
        r"""Product rule: $\nabla\prod_t p_t = \sum_t (\prod_{s\ne t} p_s)\nabla p_t$, with
        $\nabla p_t = p_t(e_{y_t} - \mathrm{softmax}(W_{t,y_{t-1}}))$ at entry (t, y_{t-1})."""
        pairs, steps = responses.shape
        previous = self._previous(prompts, responses)
        positions = torch.arange(steps, device=params.device)
        probs = torch.softmax(params[positions[None, :], previous], dim=-1)  # [pairs, T, V]
        m = self._mask(responses, mask, params)
        token_p = probs.gather(-1, responses[..., None]).squeeze(-1)
        token_p = torch.where(m > 0, token_p, torch.ones_like(token_p))  # padding contributes 1
        ones = torch.ones_like(token_p[:, :1])
        before = torch.cumprod(torch.cat([ones, token_p[:, :-1]], dim=1), dim=1)
        after = torch.cumprod(torch.cat([ones, token_p.flip(1)[:, :-1]], dim=1), dim=1).flip(1)
        d_token = token_p[..., None] * (_one_hot(responses, self.vocab, probs) - probs)
        token_grad = (before * after * m)[..., None] * d_token
        out = params.new_zeros((pairs,) + tuple(params.shape))
        rows = torch.arange(pairs, device=params.device)[:, None].expand(pairs, steps)
        out[rows, positions[None, :].expand(pairs, steps), previous] = token_grad
        return out

    def groups(self, prompts):
        return None
