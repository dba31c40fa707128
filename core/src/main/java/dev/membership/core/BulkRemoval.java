package dev.membership.core;

import io.vertx.core.Future;

/** A bulk run in progress, from {@link MembershipRemover#removeAll}. */
public interface BulkRemoval {

  /**
   * Completes with the summary once the input has ended (or the run was stopped) and every membership taken has
   * its result. Fails only if the input itself failed (its iterator or stream threw); results already delivered
   * stand, and the memberships in flight at that moment still get theirs first.
   */
  Future<BulkSummary> completion();

  /**
   * Stops taking memberships from the input. Those in flight finish and get their results; then
   * {@link #completion()} completes with {@link BulkSummary#stopped()} set. Idempotent; callable from any thread.
   */
  void stop();
}
