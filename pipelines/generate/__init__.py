"""Synthetic MSP portfolio: landing files in any supported format plus `_truth.json`.

    from pipelines.generate import generate_portfolio
    generate_portfolio("out", clients=20, months=12, seed=7, fmt="generic")

How it is built (one module, one idea):

- ``records``: the record model, one dataclass per entity of docs/design.md 3.1, and
  ``ClientRecords``, everything about one client. Records hold meaning (UTC
  datetimes, Decimal money, defaults applied), never spelling.
- ``plan``, ``fleet``, ``service_desk``, ``billing`` (assembled by ``client``):
  generate one client's records from its own seeded random stream.
- ``writers``: the writer protocol (``open(out_dir)``, ``write_technicians(techs)``,
  ``write_client(records)``, ``close()``) and the lookup by format name.
  ``generic`` is the built-in writer (module ``generic``); a vendor format ``x``
  is the class ``Writer`` in ``pipelines.generate.vendors.x``: add a module
  there and ``--format x`` works, nothing else to register.
- ``truth``: the metric rules of docs/design.md section 5 in plain Python
  (independent of the SQL), ``truth_file``: streams ``_truth.json``.
- ``portfolio``: ``generate_portfolio``, one client at a time, so memory stays
  bounded from 5 clients x 3 months up to 3,000 x 36; ``monitoring_fmt`` pairs a
  PSA format with a monitoring format (``vendors.pair_writer``). ``Portfolio``
  yields the same records without writing anything (for tests of writers).

The first five clients are showcases that exercise every metric rule (see
``plan``, ``fleet``, ``service_desk``); the as-of time is a fixed anchor
(``timeline.DEFAULT_AS_OF``), so output depends only on the arguments.
"""

from pipelines.generate.portfolio import generate_portfolio

__all__ = ["generate_portfolio"]
