"""One module per area of the site; views parse, check access, call one action or query, render."""
