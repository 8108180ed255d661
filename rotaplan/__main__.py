"""``python -m rotaplan``: the same as the ``rotaplan`` command."""

from rotaplan.cli import main

if __name__ == "__main__":
    main()
