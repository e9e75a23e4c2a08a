"""HTTP plumbing shared by the views: requests, forms, middleware, caches, guards."""
