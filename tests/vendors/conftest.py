"""Vendor adapter tests build their own warehouses; the reader tests need no dbt manifest."""
