"""The public's side of moderation: notices, appeals and sanctions (DSA Art. 16, 20, 23)."""
