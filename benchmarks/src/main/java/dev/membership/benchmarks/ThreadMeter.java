package dev.membership.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * CPU time and heap allocation of the current thread since {@link #start()}: the client's cost per request,
 * which, unlike throughput, does not move when the other process on the machine (the server) slows down.
 */
final class ThreadMeter {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final long thread;
  private final long cpu;
  private final long allocated;

  private ThreadMeter(long thread) {
    this.thread = thread;
    this.cpu = THREADS.getThreadCpuTime(thread);
    this.allocated = THREADS.getThreadAllocatedBytes(thread);
  }

  /** Starts measuring the current thread; read it later from the same thread. */
  static ThreadMeter start() {
    return new ThreadMeter(Thread.currentThread().getId());
  }

  long cpuNanos() {
    return THREADS.getThreadCpuTime(thread) - cpu;
  }

  long allocatedBytes() {
    return THREADS.getThreadAllocatedBytes(thread) - allocated;
  }
}
