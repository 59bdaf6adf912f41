//! Property and integration tests for tinygen live in `tests/tests/`.
