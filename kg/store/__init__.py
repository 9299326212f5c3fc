"""The on-disk store: pyoxigraph (RocksDB), one named graph per report, built incrementally."""

from .drop import drop_from_store
from .layout import StoreError, built_by, check_store
from .load import StoreBuildResult, build_into_store
from .read import open_for_reading, report_graphs, run_store_query

__all__ = ["StoreBuildResult", "StoreError", "build_into_store", "built_by", "check_store", "drop_from_store",
           "open_for_reading", "report_graphs", "run_store_query"]
