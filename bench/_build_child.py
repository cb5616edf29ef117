"""Run one `run_build` in a child process and print its figures as JSON (peak memory is the child's)."""

import json
import resource
import sys
import time

from pipelines.build import run_build

landing, data_dir = sys.argv[1], sys.argv[2]
started = time.perf_counter()
result = run_build(landing_dir=landing, data_dir=data_dir)
me = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)  # dbt build, dbt docs generate
# Each dbt invocation has its own target dir under the data folder, named after the run id.
run_results = sorted(
    result.settings.dbt_target_dir.glob(f"build-{result.run_id[:8]}-*/run_results.json"),
    key=lambda p: p.stat().st_mtime,
)
figures = {
    "success": result.success,
    "seconds": time.perf_counter() - started,
    "stage_seconds": result.stage_seconds,
    "rows_loaded": result.rows_loaded,
    "cpu_seconds": me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime,
    "peak_rss_mib": me.ru_maxrss / 1024,
    "peak_child_rss_mib": children.ru_maxrss / 1024,
    "run_results": str(run_results[-1]) if run_results else None,
    "summary": result.summary(),
    "plan": result.plan.describe(),
    "tables_built": result.tables_built,
}
print("BENCH_JSON " + json.dumps(figures))
