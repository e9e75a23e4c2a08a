"""The audit log's writer."""
