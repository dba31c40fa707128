package dev.membership.core;

import io.vertx.core.Future;

/** A bulk run in progress, from {@link MembershipRemover#removeAll}. */
public interface BulkRemoval {

  /**
   * Completes with the summary once the input has ended (or the run was stopped, or its input failed) and every
   * membership taken has its result, acknowledged. Never fails: if the input throws, the run takes nothing more,
   * the memberships in flight get their results, and the summary carries the input's failure
   * ({@link BulkSummary#inputFailure()}).
   */
  Future<BulkSummary> completion();

  /**
   * Stops taking memberships from the input. Those taken (in flight, or delivered by a stream past its demand)
   * finish and get their results, but for those the run held aside while their provider could not take them yet:
   * they end unsent with {@link BulkStoppedException}. Then {@link #completion()} completes with
   * {@link BulkSummary#stopped()} set.
   * Idempotent; callable from any thread. Closing the remover stops every run of it.
   */
  void stop();
}
