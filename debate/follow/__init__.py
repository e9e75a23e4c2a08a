"""Follow and be told (issue 19 item 5): confirmed addresses on anonymous submissions, accounts
following a proposal or a thread, the mail they get (at once or in a daily digest) and the
one-click unsubscribe (docs/operations.md, "Following")."""
