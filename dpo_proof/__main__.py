"""`python -m dpo_proof` is the same program as `dpo-proof`."""
from .cli import run

if __name__ == "__main__":
    run()
