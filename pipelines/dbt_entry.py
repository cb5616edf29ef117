"""`msp-dbt`: dbt's own command line, with parse state that survives a new warehouse path.

dbt keeps a project's parse state (target/partial_parse.msgpack) only while a hash of the
profile's connection settings is unchanged, and that hash includes the DuckDB file's path.
Every new data directory (each benchmark, test and fresh checkout) therefore paid a full
re-parse, 8-15 s of CPU, although no model reads the path. This entry point leaves the path
out of that hash; the database name dbt derives from the file name stays in it, so a
differently named warehouse file still re-parses.
"""

from __future__ import annotations

import pprint


def main() -> None:
    from dbt.cli.main import cli
    from dbt.contracts.files import FileHash
    from dbt.parser.manifest import ManifestLoader

    dbt_state_check = ManifestLoader.build_manifest_state_check

    def state_check_without_path(loader: ManifestLoader):
        state = dbt_state_check(loader)
        connection = loader.root_project.credentials.connection_info()
        keys = sorted((key, value) for key, value in connection if key != "path")
        state.profile_hash = FileHash.from_contents(pprint.pformat(keys))
        return state

    ManifestLoader.build_manifest_state_check = state_check_without_path
    cli()


if __name__ == "__main__":
    main()
