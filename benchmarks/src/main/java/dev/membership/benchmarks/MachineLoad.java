package dev.membership.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of the machine's CPU other processes used over a stretch of time: everything busy per
 * {@code /proc/stat} minus this process's own CPU time. Client and server share the cores, so a busy neighbour
 * skews every figure; the report prints this so a reader can tell. NaN where {@code /proc/stat} is absent.
 */
final class MachineLoad {

  /** Linux reports {@code /proc/stat} in USER_HZ ticks, 100 per second on every mainstream architecture. */
  private static final double TICKS_PER_SECOND = 100;

  private final long busyTicks;
  private final long ownNanos;
  private final long wallNanos;

  private MachineLoad() {
    this.busyTicks = busyTicks();
    this.ownNanos = ownCpuNanos();
    this.wallNanos = System.nanoTime();
  }

  static MachineLoad start() {
    return new MachineLoad();
  }

  /** CPU used by other processes since {@link #start()}, as a fraction of all cores' time; NaN if unknown. */
  double othersShare() {
    long busy = busyTicks();
    if (busy < 0 || busyTicks < 0) {
      return Double.NaN;
    }
    double machineSeconds = (System.nanoTime() - wallNanos) / 1e9 * Runtime.getRuntime().availableProcessors();
    double others = (busy - busyTicks) / TICKS_PER_SECOND - (ownCpuNanos() - ownNanos) / 1e9;
    return Math.max(0, others / machineSeconds);
  }

  private static long ownCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** user + nice + system + irq + softirq + steal of the first line of /proc/stat, or -1. */
  private static long busyTicks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(fields[i]);
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
