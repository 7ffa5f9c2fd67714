"""The project's own checkers (see tools/README.md): each module runs as a script and its
`check()` and `main()` can be imported by tests."""
