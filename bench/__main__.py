"""`python -m bench [name…]`: run each benchmark (bench/bench_*.py) in its own process; print JSON.

Each benchmark prints one JSON document; this collects them into one, keyed by benchmark name.
`memory` runs last: it measures the stack as the others (the payments load above all) left it, and
is told which ran before it (BENCH_ALREADY_RAN) so it does not repeat the payments load.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main(names: list[str]) -> int:
    available = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    results, failed = {}, False
    chosen = names or available
    for name in sorted(chosen, key=lambda n: n == "memory"):  # stable: the rest keep their order
        if name not in available:
            print(f"unknown benchmark {name!r}; available: {available}", file=sys.stderr)
            return 2
        print(f"running {name} …", file=sys.stderr, flush=True)
        done = subprocess.run(
            [sys.executable, "-m", f"bench.bench_{name}"],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            env={**os.environ, "BENCH_ALREADY_RAN": ",".join(n for n, r in results.items() if "error" not in r)},
        )
        try:
            results[name] = json.loads(done.stdout)
        except json.JSONDecodeError:
            failed = True
            results[name] = {"error": f"exit {done.returncode}", "stderr": done.stderr[-2000:]}
    print(json.dumps(results, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
