"""Vendor adapters' readers: each vendor's landing folder -> raw.<vendor>__<entity>.

`SOURCES` is what `pipelines.ingest.registry.all_sources()` picks up. The file formats,
field mappings and mapping files are documented in docs/vendors.md.
"""

from pipelines.ingest.vendors.source import VendorSource
from pipelines.ingest.vendors.specs import VENDOR_ENTITIES, VendorEntity

SOURCES = [VendorSource(vendor) for vendor in VENDOR_ENTITIES]

__all__ = ["SOURCES", "VENDOR_ENTITIES", "VendorEntity", "VendorSource"]
