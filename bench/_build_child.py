"""Run one `run_build` in a child process and print its figures as JSON (peak memory is the child's)."""

import json
import resource
import sys
import time

from pipelines.build import run_build

landing, data_dir = sys.argv[1], sys.argv[2]
started = time.perf_counter()
result = run_build(landing_dir=landing, data_dir=data_dir)
figures = {
    "success": result.success,
    "seconds": time.perf_counter() - started,
    "stage_seconds": result.stage_seconds,
    "rows_loaded": result.rows_loaded,
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "summary": result.summary(),
}
print("BENCH_JSON " + json.dumps(figures))
