"""The whole local stack's memory after the payments load (issue 15 part 4: ≤ 1.5 GiB RSS).

`python -m bench` runs this one last, after `payments` (5,000 purchases through the real worker and
Mongo server); run alone, it runs the payments benchmark first itself. Then it brings up every
component `make run` starts (devstack.components, so a component added later is counted too) and
reports each one's resident memory (the process and its children: the app's tree, the Kafka JVM …),
as RSS and as PSS, and both totals beside the limit. Prints JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bench.common import against, per_component
from bench.worker_process import wait_caught_up
from devstack import components, process
from services.bootstrap import WORKER_GROUPS
from services.config import ROOT, get_settings

LIMIT_MIB = 1536


def main() -> None:
    settings = get_settings()
    result: dict = {"benchmark": "stack_memory"}
    if "payments" not in os.environ.get("BENCH_ALREADY_RAN", "").split(","):
        load = subprocess.run(
            [sys.executable, "-m", "bench.bench_payments"], cwd=ROOT, capture_output=True, text=True, check=True
        )
        result["load"] = {"payments": json.loads(load.stdout)["backlog"]}
    result["after"] = "bench payments (5,000 purchases)"
    for name in components.wanted(settings):
        components.load(name).ensure(settings)
    # The stack's own workers read the same topics: they work through what is there (the payments
    # load's own events they skip: bench_payments pauses the stack's worker and moves it past them)
    # before the stack is measured at rest.
    result["lag_left"] = wait_caught_up(settings, list(WORKER_GROUPS.values()), timeout_s=600)
    rss = per_component(settings)
    pss = per_component(settings, process.tree_pss_mib)
    result["rss_mib"] = rss
    result["pss_mib"] = pss
    # RSS summed over processes counts every page a forked worker shares with its supervisor (each
    # web backend is two) once per process; PSS splits a shared page among its sharers, so its sum
    # is the memory the stack occupies. Both are held to the limit; the note says which one met it.
    result["limits"] = against(
        {"total_pss_mib": pss["total"], "total_rss_mib": rss["total"]},
        {"total_pss_mib": LIMIT_MIB, "total_rss_mib": LIMIT_MIB},
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
