"""Consultations, their topics and articles: what staff publish for citizens to answer."""
