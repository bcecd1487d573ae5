"""Running the real burstpipe binary from tests: EAL flags that work on a
2-CPU machine without hugepages, a private file prefix per run (so parallel
runs and telemetry sockets never collide), and the JSON it writes."""
import atexit
import json
import os
import pathlib
import shutil
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "pcap-samples"
_counter = 0
# Every run() since the caller last cleared it: a case that failed looks at
# them to tell a machine that took its lcores' CPUs from a real failure.
RUNS = []


def eal_args(prefix, lcores="0-1"):
    """lcores: an -l list, or a --lcores map such as '0@0,1@1,2@1' (more
    lcores than CPUs: for tests, never for benchmarks)."""
    cores = ["--lcores", lcores] if "@" in lcores else ["-l", lcores]
    return ["--no-huge", "-m", "256", "--no-pci", *cores, "--no-shconf",
            "--file-prefix", prefix, "--log-level=warning",
            "--log-level=lib.telemetry:error"]


def new_prefix():
    global _counter
    _counter += 1
    return f"bpt{os.getpid()}_{_counter}"


class Result:
    def __init__(self, proc, stats):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.stats = stats

    def stderr_lines(self):
        """stderr's lines, but for the warnings a --quiet run prints when the
        machine took an lcore's CPU (is_cpu_warning): a fact of the machine
        at that moment, not of the input a case is about. The cases about
        lost CPU read the raw stderr."""
        return [l for l in self.stderr.splitlines() if l.strip() and not is_cpu_warning(l)]


def is_cpu_warning(line):
    """One of burstpipe's warnings about lost CPU (report_cpu_warnings)."""
    return line.startswith("burstpipe: warning: ") and (
        "was runnable but off its CPU for" in line or
        "passes of the sizing sweep an lcore lost its CPU" in line or
        line.startswith("burstpipe: warning: figures about time show those stalls"))


def run(binary, app_args, eal=None, timeout=120, json_out=True, lcores="0-1", env=None):
    """Run burstpipe EAL -- app_args; return a Result with the parsed JSON.
    env: variables to set on top of this process's environment."""
    args = list(app_args)
    prefix = new_prefix()
    if eal is not None and "--file-prefix" in eal:
        prefix = eal[eal.index("--file-prefix") + 1]	# clean the caller's up too
    cmd = [str(binary)] + (eal if eal is not None else eal_args(prefix, lcores)) + ["--"]
    with tempfile.TemporaryDirectory(prefix="bp-e2e-") as tmp:
        stats_path = os.path.join(tmp, "stats.json")
        if json_out:
            args += ["--stats-json", stats_path]
        try:
            proc = subprocess.run(cmd + args, capture_output=True, text=True, timeout=timeout,
                                  env=None if env is None else {**os.environ, **env})
        finally:
            cleanup_runtime(prefix)
        stats = None
        # Written whole at exit or not at all: an empty file is a defect.
        if json_out and os.path.exists(stats_path):
            with open(stats_path, encoding="utf-8") as f:  # RFC 8259: UTF-8, whatever the locale
                stats = json.load(f)
    RUNS.append(Result(proc, stats))
    return RUNS[-1]


def scratch_path(name):
    """A path for a file a test asks burstpipe to write; its directory goes
    when the test process exits."""
    tmp = tempfile.mkdtemp(prefix="bp-e2e-")
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    return os.path.join(tmp, name)


def runtime_dir(prefix):
    return pathlib.Path("/var/run/dpdk") / prefix


def cleanup_runtime(prefix):
    """EAL leaves its runtime directory (telemetry socket) behind."""
    shutil.rmtree(runtime_dir(prefix), ignore_errors=True)


def expected(name):
    with open(SAMPLES / f"{name}.expected.json") as f:
        return json.load(f)


def sample(name):
    return str(SAMPLES / f"{name}.pcap")
