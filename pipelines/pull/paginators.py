"""The vendors' ways of paging that dlt's stock paginators do not cover (NinjaOne, HaloPSA, PRTG)."""

from __future__ import annotations

from typing import Any

from dlt.sources.helpers.rest_client.paginators import (
    BasePaginator,
    OffsetPaginator,
    PageNumberPaginator,
)


class AfterLastIdPaginator(BasePaginator):
    """`GET /v2/devices?pageSize=N&after=<last id>`: a bare array; a short page is the last."""

    def __init__(self, page_size: int) -> None:
        super().__init__()
        self.page_size = page_size
        self.after: Any = None

    def update_state(self, response: Any, data: list[Any] | None = None) -> None:
        if not data or len(data) < self.page_size:
            self._has_next_page = False
        else:
            self.after = data[-1]["id"]

    def update_request(self, request: Any) -> None:
        request.params = {**(request.params or {}), "after": self.after}


class OlderThanPaginator(BasePaginator):
    """`GET /v2/activities?olderThan=<id>`: newest first; the next page is older than the
    smallest id seen; an empty page is the last."""

    def __init__(self) -> None:
        super().__init__()
        self.older_than: Any = None

    def update_state(self, response: Any, data: list[Any] | None = None) -> None:
        if not data:
            self._has_next_page = False
        else:
            self.older_than = min(item["id"] for item in data)

    def update_request(self, request: Any) -> None:
        request.params = {**(request.params or {}), "olderThan": self.older_than}


class RecordCountPaginator(PageNumberPaginator):
    """Halo's pages: stop when page_no * page_size reaches record_count, or when a list
    answered more than a page (GET /Actions documents no page_no/page_size: it may answer
    everything at once, and asking for page 2 would land it all again)."""

    def __init__(self, page_size: int) -> None:
        super().__init__(base_page=1, page_param="page_no", total_path=None, stop_after_empty_page=True)
        self.page_size = page_size

    def update_state(self, response: Any, data: list[Any] | None = None) -> None:
        total = (response.json() or {}).get("record_count")
        super().update_state(response, data)
        if total is not None and (self.current_value - 1) * self.page_size >= int(total):
            self._has_next_page = False
        if data is not None and len(data) > self.page_size:
            self._has_next_page = False


class OneBasedOffsetPaginator(OffsetPaginator):
    """PRTG's log (table.json?content=messages): `start` counts rows from 1 and start=0 answers
    row 1 again (PrtgAPI's LogParameters pages 1-500, 501-1000 for that reason), so pages
    start at 1, 1+N, ... and the last row is at start=treesize."""

    def __init__(self, page_size: int) -> None:
        super().__init__(
            limit=page_size, offset=1, offset_param="start", limit_param="count", total_path="treesize"
        )
        self.base_index = 1
