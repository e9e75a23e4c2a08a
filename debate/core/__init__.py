"""The ground: tables, the database, settings, translations, permissions, parameters."""
