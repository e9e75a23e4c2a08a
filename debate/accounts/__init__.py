"""Accounts: registration, tokens, passwords, sessions, single sign-on, reserved names."""
