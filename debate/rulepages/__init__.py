"""The public rule pages: terms of use, debate rules, privacy notice and contacts
(docs/rules.md)."""
