"""Execute a notebook headlessly with nbclient; exit 1 if any cell raises.

Usage: python3 tests/python/run_notebook.py examples/notebook.ipynb
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as e:
        print(f"FAIL {path}: a cell raised\n{e}")
        return 1
    cells = [c for c in nb.cells if c.cell_type == "code"]
    print(f"ok   {path}: {len(cells)} code cells ran without error")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
