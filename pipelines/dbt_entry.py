"""`msp-dbt`: dbt's own command line, with one difference: `--version` answers offline.

dagster-dbt runs `<dbt executable> --version` before every invocation to learn which dbt it
drives. dbt answers that by asking PyPI for its latest release (a request with a 1 s timeout,
on every build; offline machines wait it out) after importing itself: about 1.6 s a build here.
This entry point answers from the installed packages' metadata, in dbt's own format; every
other command line goes to dbt's CLI untouched.
"""

from __future__ import annotations

import sys
from importlib.metadata import version


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-v"]):
        sys.stdout.write(
            f"Core:\n  - installed: {version('dbt-core')}\n\n"
            f"Plugins:\n  - duckdb: {version('dbt-duckdb')}\n"
        )
        return
    from dbt.cli.main import cli

    cli()


if __name__ == "__main__":
    main()
