"""Every notebook opened in JupyterLab in a real headless Chromium, as an analyst opens it.

For each notebook: Kernel > Restart Kernel and Run All Cells, then no error or
stderr output (warnings included), every table and figure fits the page without
scrolling sideways, and in 03 the explorer renders and responds to its dropdowns.
Screenshots of every cell with output go to reports/screenshots/<notebook>/
(git-ignored), for a person to look at.

Run with `make test-browser` (needs the `browser` extra and Debian's `chromium`;
Playwright drives it through `executable_path`, no Playwright browser download).
`make test` and `make unit` do not collect this folder (pyproject: norecursedirs).
The notebooks are copied to a temporary folder first, so the browser never saves
over the committed ones; the server gets its own config, runtime, settings and
workspace folders, a free port and a token, and is shut down at the end.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analysis import config

pytest.importorskip("playwright", reason="install the browser extra: pip install -e '.[browser]'")
from playwright.sync_api import Page, sync_playwright  # noqa: E402

CHROMIUM = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1440, "height": 900}  # a laptop screen, JupyterLab's file browser open
NOTEBOOKS = sorted(p.name for p in (config.ROOT / "notebooks").glob("*.ipynb"))
NEEDS_SHARED = ("02-code-themes.ipynb", "05-general-debate.ipynb")
SCREENSHOTS = config.ROOT / "reports" / "screenshots"
MAX_HEIGHT = 30_000  # px: the tallest window for the cell pictures (Chromium's limit is higher)
RUN_TIMEOUT_S = 30 * 60  # 05 parses a year of the General Debate when its cache is cold
STOPPED_POLLS = 10  # seconds idle with cells unrun and none queued: Run All stopped at an error
SERVER_TIMEOUT_S = 90
# JupyterLab settings for the test: never autosave, keep every cell in the page (no windowing)
# so each output can be checked, and no news or update checks.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def chromium_path() -> str | None:
    return next((p for p in CHROMIUM if Path(p).is_file()), None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str) -> int:
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        return resp.status


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab server on a free port over a copy of the notebooks: (base url, token)."""
    root = tmp_path_factory.mktemp("lab")
    (root / "notebooks").mkdir()
    for name in NOTEBOOKS:
        shutil.copy2(config.ROOT / "notebooks" / name, root / "notebooks" / name)
    for rel, values in LAB_SETTINGS.items():
        path = root / "settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(root / "config"),
        JUPYTER_RUNTIME_DIR=str(root / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(root / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(root / "workspaces"),
        IPYTHONDIR=str(root / "ipython"),
        PYTHONHASHSEED="0",
    )
    env["ANALYSIS_PROGRESS"] = "1"  # the notebook progress bar, in a real frontend
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True"]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(root / "jupyter.log", "wb")  # noqa: SIM115 (closed at teardown)
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_TIMEOUT_S
    while True:
        try:
            if _get(f"{base}/api/status", token) == 200:
                break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"JupyterLab did not start; see {root / 'jupyter.log'}")
        time.sleep(0.5)
    yield base, token
    try:
        req = urllib.request.Request(f"{base}/api/shutdown", method="POST",
                                     headers={"Authorization": f"token {token}"})  # fmt: skip
        urllib.request.urlopen(req, timeout=10)
        server.wait(timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip(f"Chromium is not installed ({' or '.join(CHROMIUM)}); apt-get install chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


# --------------------------------------------------------------------------- driving JupyterLab

CELLS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell"  # the open notebook's cells

STATE_JS = """(cellsSel) => {
  const cells = [...document.querySelectorAll(cellsSel)].filter(c => c.classList.contains('jp-CodeCell'));
  const prompts = cells.map(c => (c.querySelector('.jp-InputPrompt') || {}).textContent || '');
  return {
    kernel: window.jupyterapp.shell.currentWidget.sessionContext.kernelDisplayStatus,
    code: cells.length,
    done: prompts.filter(p => /\\[\\d+\\]/.test(p)).length,
    running: prompts.filter(p => p.includes('*')).length,
    errors: cells.filter(c => c.querySelector('.jp-OutputArea-output[data-mime-type$="error"]')).length,
  };
}"""

# Error and stderr outputs (warnings included), and outputs wider than the page.
PROBLEMS_JS = """(cellsSel) => {
  const out = [];
  document.querySelectorAll(cellsSel).forEach((cell, i) => {
    cell.querySelectorAll('.jp-OutputArea-output').forEach(o => {
      const mime = o.getAttribute('data-mime-type') || '';
      if (mime.endsWith('stderr') || mime.endsWith('error')) {
        out.push(`cell ${i}: ${mime}: ${o.innerText.slice(0, 400)}`);
      }
      if (o.scrollWidth > o.clientWidth + 1) {
        out.push(`cell ${i}: output ${o.scrollWidth}px wide in ${o.clientWidth}px: scrolls sideways`);
      }
    });
  });
  return out;
}"""

# The widest table relative to the room it has: how close the page is to scrolling sideways
# (fonts differ between machines, so a table at 99% here can overflow elsewhere).
WIDEST_JS = """(cellsSel) => {
  let best = {ratio: 0, cell: -1, width: 0, room: 0};
  document.querySelectorAll(cellsSel).forEach((cell, i) => {
    cell.querySelectorAll('.jp-OutputArea-output').forEach(o => {
      o.querySelectorAll('table').forEach(e => {
        const w = Math.ceil(e.getBoundingClientRect().right - o.getBoundingClientRect().left);
        const r = w / Math.max(o.clientWidth, 1);
        if (r > best.ratio) best = {ratio: r, cell: i, width: w, room: o.clientWidth};
      });
    });
  });
  return best;
}"""

# From the top of the notebook's content to the bottom of its last cell (without the room JupyterLab
# leaves below it for scrolling past the end), and the element it scrolls in.
LAYOUT_JS = """(cellsSel) => {
  const cells = document.querySelectorAll(cellsSel);
  let s = cells[0];
  while (s.parentElement && !['auto', 'scroll'].includes(getComputedStyle(s.parentElement).overflowY)) {
    s = s.parentElement;
  }
  s = s.parentElement || document.scrollingElement;
  s.scrollTop = 0;
  const bottom = cells[cells.length - 1].getBoundingClientRect().bottom;
  return {content: Math.ceil(bottom - s.getBoundingClientRect().top), visible: s.clientHeight};
}"""


def open_notebook(page: Page, base: str, token: str, name: str) -> None:
    page.goto(f"{base}/lab/tree/notebooks/{name}?token={token}&reset")  # reset: only this notebook open
    page.wait_for_selector(CELLS, timeout=60_000)
    page.wait_for_function(
        "() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " return w && w.sessionContext && w.sessionContext.kernelDisplayStatus === 'idle'; }",
        timeout=120_000,
    )


def restart_and_run_all(page: Page) -> dict:
    """Kernel menu > Restart Kernel and Run All Cells, accept; wait until every cell ran or one failed."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").click()
    page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel and Run All Cells").click()
    page.locator(".jp-Dialog .jp-mod-accept").click()
    page.wait_for_timeout(1000)
    deadline = time.monotonic() + RUN_TIMEOUT_S
    stopped = 0  # polls in a row with the kernel idle, nothing queued and cells left unrun
    while time.monotonic() < deadline:
        state = page.evaluate(STATE_JS, CELLS)
        idle = state["kernel"] == "idle" and state["running"] == 0
        if idle and (state["done"] == state["code"] or state["errors"]):
            return state
        # JupyterLab renders a cell's exception as stderr, so `errors` can miss it; Run All then stops with
        # the cells after it unrun and nothing queued: say so now, not when RUN_TIMEOUT_S runs out
        stopped = stopped + 1 if idle else 0
        if stopped >= STOPPED_POLLS:
            return state
        page.wait_for_timeout(1000)
    pytest.fail(f"the notebook did not finish in {RUN_TIMEOUT_S} s: {page.evaluate(STATE_JS, CELLS)}")


def screenshot_cells(page: Page, folder: Path) -> list[Path]:
    """The first screen as the analyst sees it, then one picture per cell with output (input and
    output), in notebook order. The notebook scrolls inside its panel, so for the cell pictures the
    window is made as tall as the notebook (same width, same layout) and put back afterwards."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    page.evaluate(LAYOUT_JS, CELLS)  # scrolled to the top
    page.screenshot(path=folder / "screen.png")
    height = min(page.evaluate(LAYOUT_JS, CELLS)["content"] + 300, MAX_HEIGHT)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    page.wait_for_function(  # Lumino lays the panels out again after the resize
        f"(s) => {{ const l = ({LAYOUT_JS})(s); return l.visible >= Math.min(l.content, {MAX_HEIGHT}); }}",
        arg=CELLS,
        timeout=10_000,
    )
    saved = []
    cells = page.locator(CELLS)
    for i in range(cells.count()):
        cell = cells.nth(i)
        if cell.locator(".jp-OutputArea-output").count() == 0:
            continue
        path = folder / f"cell-{i:02d}.png"
        cell.screenshot(path=path)
        saved.append(path)
    page.set_viewport_size(VIEWPORT)
    return saved


# The explorer's two HTML parts (the cell's summary line, its quotes) once the summary names `label`
# and the quotes differ from `old`; null until then.
EXPLORER_JS = """([el, label, old]) => {
  const parts = [...el.querySelectorAll('.widget-html-content')].map(e => e.innerText);
  return parts.length === 2 && parts[0].includes(label) && parts[1] !== old ? parts : null;
}"""


def check_explorer(page: Page, folder: Path) -> None:
    """The explorer is a live widget: choosing another group, then another theme, shows that cell's
    number and other quotes."""
    widget = page.locator(".jp-OutputArea-output .widget-vbox").last
    widget.scroll_into_view_if_needed()
    selects = widget.locator("select")
    assert selects.count() == 2, "the explorer shows a group and a theme dropdown"
    summary, quotes = widget.locator(".widget-html-content").all_inner_texts()
    assert "counted sentences" in summary and quotes.strip(), (summary, quotes)
    widget.screenshot(path=folder / "explorer-1.png")
    for k, select in enumerate((selects.nth(0), selects.nth(1)), start=2):
        current = select.evaluate("s => s.options[s.selectedIndex].text")
        choice = next(o for o in select.locator("option").all_inner_texts() if o != current)
        select.select_option(label=choice)
        shown = choice.replace("\xa0", " ")  # ipywidgets shows options with no-break spaces
        handle = page.wait_for_function(EXPLORER_JS, arg=[widget.element_handle(), shown, quotes],
                                        timeout=30_000)  # fmt: skip
        summary, quotes = handle.json_value()
        widget.screenshot(path=folder / f"explorer-{k}.png")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_clean_in_jupyterlab(name, lab, browser):
    if name in NEEDS_SHARED and not config.SHARED_DIR.is_dir():
        pytest.skip(f"needs the shared data at {config.SHARED_DIR}")
    base, token = lab
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        open_notebook(page, base, token, name)
        started = time.monotonic()
        state = restart_and_run_all(page)
        elapsed = time.monotonic() - started
        folder = SCREENSHOTS / Path(name).stem
        screenshot_cells(page, folder)
        problems = page.evaluate(PROBLEMS_JS, CELLS)
        assert not problems, "\n".join(problems)
        assert state["done"] == state["code"], state
        if name.startswith("03-"):
            check_explorer(page, folder)
        w = page.evaluate(WIDEST_JS, CELLS)
        widest = "no tables"
        if w["cell"] >= 0:
            widest = f"widest table {w['width']}px in {w['room']}px (cell {w['cell']})"
        print(f"{name}: {state['code']} code cells ran in {elapsed:.0f} s; {widest}")
    finally:
        context.close()
