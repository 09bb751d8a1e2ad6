"""Genuine Apache Kafka 4.x, single-node KRaft (broker + controller in one JVM), from Maven Central.

Jars: `mvn dependency:copy-dependencies` on devstack/kafka_pom.xml into <tools_dir>/kafka-libs,
once per pom content. Storage is formatted once; topics and messages stay on disk between restarts.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient

from devstack import process
from services.config import Settings

NAME = "kafka"
POM = Path(__file__).with_name("kafka_pom.xml")
# Modest heap for a local broker on 2 shared cores (issue 15, bench/bench_memory.py). With the log
# cleaner's buffer at 16 MiB (server_properties) the broker's live heap after the payments benchmark
# is ~60 MB. The serial collector: G1's own structures took 44 MB more (native memory tracking), and
# a young collection of this heap is a few ms. The heap is given back after a full collection down
# to 30 % free. (Was -Xmx256m with G1 and the default 128 MiB cleaner buffer: ~445 MiB RSS.)
JVM_OPTS = [
    "-Xms32m",
    "-Xmx128m",
    "-XX:+UseSerialGC",
    # The client JIT only: the broker is a few % of a core here, so it needs neither C2's compiler
    # arenas nor a large code cache (its saving was not measured like for like: docs/DESIGN.md §3).
    "-XX:TieredStopAtLevel=1",
    "-XX:ReservedCodeCacheSize=32m",
    "-XX:MinHeapFreeRatio=10",
    "-XX:MaxHeapFreeRatio=30",
    "-Djava.awt.headless=true",
]

LOG4J2 = """\
status = warn
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.out.ref = out
logger.kafka.name = kafka
logger.kafka.level = info
logger.state.name = state.change.logger
logger.state.level = warn
"""


def port(settings: Settings) -> int:
    return settings.kafka_port


def _home(settings: Settings) -> Path:
    return settings.state_dir / "kafka"


def _libs(settings: Settings) -> Path:
    return settings.tools_dir / "kafka-libs"


def fetch_jars(settings: Settings) -> Path:
    """Download the broker's jars unless this pom's jars are already there. Returns the libs dir."""
    libs = _libs(settings)
    digest = hashlib.sha256(POM.read_bytes()).hexdigest()
    marker = libs / ".pom-sha256"
    if marker.is_file() and marker.read_text().strip() == digest:
        return libs
    home = settings.tools_dir / "kafka-build"
    home.mkdir(parents=True, exist_ok=True)
    staging = libs.with_name(libs.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copy(POM, home / "pom.xml")  # mvn works on a copy so the repo gets no target/ dir
    cmd = ["mvn", "-q", "-B", "dependency:copy-dependencies", f"-DoutputDirectory={staging}", "-DincludeScope=runtime"]
    done = subprocess.run(cmd, cwd=home, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(
            f"kafka: fetching jars failed ({' '.join(cmd)}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
    (staging / ".pom-sha256").write_text(digest)
    shutil.rmtree(libs, ignore_errors=True)
    staging.rename(libs)  # all or nothing: an interrupted fetch never looks complete
    return libs


def server_properties(settings: Settings) -> str:
    ctrl = settings.kafka_controller_port
    props = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{ctrl}",
        "listeners": f"PLAINTEXT://127.0.0.1:{settings.kafka_port},CONTROLLER://127.0.0.1:{ctrl}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{settings.kafka_port}",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "log.dirs": str(process.datadir(settings, NAME)),
        "num.partitions": "3",
        # One broker: every internal topic has one replica.
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        # Dev/test latency: consumer groups form at once.
        "group.initial.rebalance.delay.ms": "0",
        # Topics are created explicitly by the app's topic registry, never by a typo.
        "auto.create.topics.enable": "false",
        # Memory (issue 15): the log cleaner's dedupe buffer is one heap array of 128 MiB by default,
        # most of the broker's live heap here; 16 MiB dedupes millions of keys (16 bytes + offset
        # each) per cleaning pass, far more than a local __consumer_offsets holds. Thread pools for
        # two cores, not a server's.
        "log.cleaner.dedupe.buffer.size": str(16 * 2**20),
        "num.network.threads": "2",
        "num.io.threads": "4",
    }
    return "".join(f"{key}={value}\n" for key, value in props.items())


def _java(settings: Settings, main: str, *args: str) -> list[str]:
    home = _home(settings)
    return [
        "java",
        *JVM_OPTS,
        f"-Dlog4j2.configurationFile={home / 'log4j2.properties'}",
        "-cp",
        f"{_libs(settings)}/*",
        main,
        *args,
    ]


def new_cluster_id() -> str:
    """A random KRaft cluster id, never one that starts with '-'.

    One base64url id in 64 does, and kafka-storage's argument parser takes such a value for an
    option ("expected one argument"); Kafka's own Uuid.randomUuid() redraws for the same reason.
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not cluster_id.startswith("-"):
            return cluster_id


def _format_storage(settings: Settings, config: Path) -> None:
    """Format the KRaft log dir once; later starts reuse it (and so keep every topic)."""
    data = process.datadir(settings, NAME)
    if (data / "meta.properties").is_file():
        return
    data.mkdir(parents=True, exist_ok=True)
    cluster_id = new_cluster_id()
    log = process.logfile(settings, NAME)
    with open(log, "ab") as out:
        out.write(f"\n=== devstack: formatting {data} (cluster id {cluster_id})\n".encode())
        out.flush()
        done = subprocess.run(
            _java(
                settings,
                "kafka.tools.StorageTool",
                "format",
                f"--cluster-id={cluster_id}",
                "--config",
                str(config),
                "--ignore-formatted",
            ),
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=120,
        )
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-1500:]
        raise RuntimeError(f"kafka: formatting storage failed; see {log}:\n{tail}")


def is_ready(settings: Settings) -> bool:
    """A real metadata request: the broker answers and lists itself."""
    if not process.port_open("127.0.0.1", settings.kafka_port):
        return False
    admin = AdminClient(
        {"bootstrap.servers": f"127.0.0.1:{settings.kafka_port}", "socket.connection.setup.timeout.ms": 1000}
    )
    try:
        return bool(admin.list_topics(timeout=2).brokers)
    except KafkaException:
        return False


def start(settings: Settings) -> None:
    home = _home(settings)
    fetch_jars(settings)
    home.mkdir(parents=True, exist_ok=True)
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    config = home / "server.properties"
    config.write_text(server_properties(settings))
    (home / "log4j2.properties").write_text(LOG4J2)
    _format_storage(settings, config)
    process.spawn(
        _java(settings, "kafka.Kafka", str(config)),
        cwd=home,
        log=process.logfile(settings, NAME),
        pid_path=process.pidfile(settings, NAME),
    )


def wait_ready(settings: Settings, timeout: float) -> None:
    process.wait_until(
        lambda: is_ready(settings),
        timeout,
        f"kafka on 127.0.0.1:{port(settings)}",
        log=process.logfile(settings, NAME),
        pid=process.read_pid(process.pidfile(settings, NAME)),
    )


def stop(settings: Settings) -> bool:
    # SIGTERM is Kafka's controlled shutdown; it flushes logs, so give it time before SIGKILL.
    return process.stop(process.pidfile(settings, NAME), timeout=30)


def ensure(settings: Settings, timeout: float = 120) -> process.Outcome:
    return process.ensure_component(sys.modules[__name__], settings, timeout)
