"""A Spark standalone cluster on loopback, and a job submitted to it as ``docs/spark.md``
says: the wheel built with pip, ``spark-submit --master spark://127.0.0.1:PORT
--py-files WHEEL`` and the driver script printed in the docs.

The master and its workers are ``spark-class`` processes from the pyspark package, on
random free ports of 127.0.0.1, each in its own process group, stopped (by that group)
when the ``with`` block ends. The nodes' Python (``node_python``) has storytrace's
dependencies but not storytrace itself, so the executors can only import the shipped
wheel: the "compiled dependencies already on the nodes" route of the docs.

Used by ``tests/spark/test_cluster.py`` and ``bench/bench_spark_cluster.py``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "spark.md"


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(work: Path) -> dict[str, str]:
    env = dict(os.environ, SPARK_HOME=str(spark_home()), SPARK_LOCAL_IP="127.0.0.1")
    env.update(SPARK_LOG_DIR=str(work / "logs"), SPARK_WORKER_DIR=str(work / "worker"))
    env.pop("PYSPARK_GATEWAY_PORT", None)
    env.pop("PYTHONPATH", None)
    return env


class Cluster:
    """A standalone master and ``workers`` workers (``cores`` each) on 127.0.0.1."""

    def __init__(self, work: Path, workers: int = 2, cores: int = 1, memory: str = "1g") -> None:
        self.work, self.workers, self.cores, self.memory = work, workers, cores, memory
        self.port, self.ui_port = free_port(), free_port()
        self.url = f"spark://127.0.0.1:{self.port}"
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> Cluster:
        self.work.mkdir(parents=True, exist_ok=True)
        try:
            self._start("master", "org.apache.spark.deploy.master.Master",
                        "--host", "127.0.0.1", "--port", str(self.port),
                        "--webui-port", str(self.ui_port))  # fmt: skip
            self._wait(lambda s: s is not None, "the master")
            for n in range(self.workers):
                self._start(f"worker{n}", "org.apache.spark.deploy.worker.Worker", self.url,
                            "--host", "127.0.0.1", "--webui-port", str(free_port()),
                            "--cores", str(self.cores), "--memory", self.memory,
                            "--work-dir", str(self.work / f"worker{n}"))  # fmt: skip
            self._wait(lambda s: s and self.alive_workers(s) == self.workers, "the workers")
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _start(self, name: str, main_class: str, *args: str) -> None:
        log = open(self.work / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        command = [str(spark_home() / "bin" / "spark-class"), main_class, *args]
        self.processes.append(
            subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                             env=_env(self.work), start_new_session=True)
        )  # fmt: skip
        log.close()

    def state(self) -> dict | None:
        """The master's status (its web UI's JSON), or None while it is not up."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.ui_port}/json/", timeout=2) as r:
                return json.load(r)
        except OSError:
            return None

    @staticmethod
    def alive_workers(state: dict) -> int:
        return sum(1 for w in state.get("workers", []) if w.get("state") == "ALIVE")

    def _wait(self, ready, what: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.processes):
                raise RuntimeError(f"a Spark process exited while starting {what}: {self.logs()}")
            if ready(self.state()):
                return
            time.sleep(0.5)
        raise RuntimeError(f"{what} did not come up in {timeout:.0f} s: {self.logs()}")

    def logs(self) -> str:
        return " | ".join(p.read_text(errors="replace")[-800:] for p in self.work.glob("*.log"))

    def stop(self) -> None:
        """Stop every process started here (SIGTERM to its own group, then SIGKILL)."""
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def build_wheel(dest: Path) -> Path:
    """The project's wheel (``pip wheel``, as ``python -m build`` makes it), built from a
    clean copy of the sources so no stale ``build/`` directory leaks into it."""
    source = dest / "source"
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info",
                    "__pycache__"))  # fmt: skip
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        str(dest),
        str(source),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    return next(dest.glob("storytrace-*.whl"))


def node_python(dest: Path) -> Path:
    """A Python with storytrace's dependencies (this interpreter's site-packages, whose
    ``.pth`` files, such as an editable storytrace, are not processed) and no storytrace."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(dest)], check=True)
    python = dest / "bin" / "python"
    target = Path(subprocess.check_output(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
    ).strip())  # fmt: skip
    (target / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def driver_script() -> str:
    """The driver script of ``docs/spark.md`` ("A driver script"), verbatim."""
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"driver script \(`run_storytrace\.py`\):\s*```python\n(.*?)```", text, re.S)
    if not found:
        raise RuntimeError("docs/spark.md has no driver script (run_storytrace.py)")
    return found.group(1)


def submit(
    cluster: Cluster, wheel: Path, python: Path, inputs: list[str], out: Path, work: Path
) -> subprocess.CompletedProcess:
    """``spark-submit`` the docs' driver script to ``cluster`` with the wheel, in client
    mode (standalone masters run Python drivers only in client mode). The wheel goes as
    a ``.zip``: executors put only ``.zip``, ``.egg`` and ``.jar`` py-files on their path."""
    script = work / "run_storytrace.py"
    script.write_text(driver_script(), encoding="utf-8")
    shipped = shutil.copy(wheel, work / "storytrace.zip")
    command = [
        str(spark_home() / "bin" / "spark-submit"), "--master", cluster.url,
        "--py-files", str(shipped),
        "--conf", f"spark.pyspark.python={python}",
        "--conf", f"spark.pyspark.driver.python={python}",
        "--conf", "spark.driver.host=127.0.0.1",
        "--driver-memory", "1g", "--executor-memory", "768m",
        str(script), *inputs, str(out),
    ]  # fmt: skip
    return subprocess.run(
        command, env=_env(work), capture_output=True, text=True, timeout=600, cwd=work
    )
