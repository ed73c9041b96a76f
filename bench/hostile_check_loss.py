"""Every hostile loss of issue 14, run through `dpo-proof check-loss --json` by a given tree, with
its wall time, exit code, and whether stdout stayed one JSON document without a traceback.

    python bench/hostile_check_loss.py                       # this tree
    python bench/hostile_check_loss.py --tree /tmp/main      # another checkout (e.g. main)

A case still running after --wait seconds (default 90) is killed and shown as "> 90 s".
The losses are those of tests/test_hostile_check_loss.py (HOSTILE).
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from test_hostile_check_loss import HOSTILE  # noqa: E402

CASES = ["sleeping_backward", "retries_forever", "ignores_alarm", "exits_3", "exits_0_hard", "kills_itself",
         "writes_fd1", "raises_base", "eats_memory"]


def one(tree: str, path: str, name: str, wait: float) -> dict:
    env = dict(os.environ, PYTHONPATH=tree)
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "dpo_proof", "check-loss", f"{path}:{name}", "--beta", "0.1",
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            start_new_session=True, cwd=tree)
    try:
        out, err = proc.communicate(timeout=wait)
        seconds, code = time.monotonic() - start, proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        seconds, code = None, None
    try:
        doc = json.loads(out)
        one_doc = isinstance(doc, dict)
    except ValueError:
        one_doc = False
    return {"case": name, "seconds": seconds, "code": code, "json": one_doc,
            "traceback": b"Traceback" in out + err}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tree", default=str(HERE.parent))
    ap.add_argument("--wait", type=float, default=90.0)
    args = ap.parse_args()
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "hostile.py")
    Path(path).write_text(HOSTILE)
    print(f"tree: {args.tree}\n\n| case | seconds | exit | stdout one JSON document | traceback |\n| --- | --- | --- | --- | --- |")
    for name in CASES:
        r = one(args.tree, path, name, args.wait)
        shown = f"> {args.wait:g} (killed)" if r["seconds"] is None else f"{r['seconds']:.1f}"
        print(f"| {name} | {shown} | {r['code']} | {'yes' if r['json'] else 'no'} | {'yes' if r['traceback'] else 'no'} |",
              flush=True)


if __name__ == "__main__":
    main()
