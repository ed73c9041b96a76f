"""Correct DPO losses in reduced precision. Each passes; the report says what precision it shows:

    dpo-proof check-loss docs/examples/losses/precision.py:fused_float32 --beta 0.1
    (-> agrees to 2e-07: consistent with float32 arithmetic)
    dpo-proof check-loss docs/examples/losses/precision.py:dpo_in_input_dtype --beta 2 --dtype bfloat16
    dpo-proof check-loss docs/examples/losses/precision.py:dpo_in_input_dtype --beta 0.01 --dtype float16
"""
import torch
import torch.nn.functional as F


def fused_float32(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                  beta=0.1):
    """What a fused kernel does: compute in float32 whatever comes in, return float32."""
    pc, pr, rc, rr = (x.float() for x in (policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                                           reference_rejected_logps))
    return F.softplus(-beta * ((pc - rc) - (pr - rr)))


def dpo_in_input_dtype(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                       beta=0.1):
    """The textbook loss in whatever dtype the log-probs come in (bfloat16, float16, ...); the mean."""
    logits = (policy_chosen_logps - reference_chosen_logps) - (policy_rejected_logps - reference_rejected_logps)
    return -F.logsigmoid(beta * logits).mean()


def float32_then_back(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                      beta=0.1):
    """Computes in float32 and casts the result back to the input dtype."""
    dtype = policy_chosen_logps.dtype
    z = beta * ((policy_chosen_logps.float() - reference_chosen_logps.float())
                - (policy_rejected_logps.float() - reference_rejected_logps.float()))
    return (-F.logsigmoid(z)).to(dtype)


def swapped_in_bfloat16(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
                        beta=2.0):
    """A real bug in low precision: winner and loser swapped. Still caught in bfloat16."""
    logits = (policy_rejected_logps - reference_rejected_logps) - (policy_chosen_logps - reference_chosen_logps)
    return -F.logsigmoid(beta * logits)
