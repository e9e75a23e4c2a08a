"""Exports, the brief, the dashboard and the DSA transparency report."""
