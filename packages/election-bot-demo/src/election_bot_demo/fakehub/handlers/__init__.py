"""HTTP handlers, one module per GitHub resource; each is `(Request) -> Response` and runs under the lock."""
