"""Inspel's web site: consultations, proposals, debate threads and the tools around them."""
