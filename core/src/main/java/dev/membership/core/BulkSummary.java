package dev.membership.core;

import java.time.Duration;
import java.util.Map;

/**
 * Counts of a finished bulk run. {@code removed + notAMember + rejected + failed == total}.
 *
 * @param total memberships taken from the input and finished
 * @param removed {@link RemovalOutcome.Removed} outcomes
 * @param notAMember {@link RemovalOutcome.NotAMember} outcomes
 * @param rejected {@link RemovalOutcome.Rejected} outcomes
 * @param failed results with a failure instead of an outcome
 * @param rejectedByReason rejections per reason
 * @param retries attempts beyond the first, summed over all memberships
 * @param elapsed time from start to the last result
 * @param stopped whether the run was {@linkplain BulkRemoval#stop() stopped} (or its remover closed) before the
 *     input ended
 * @param inputFailure what the input threw (its iterator's {@code hasNext}/{@code next}, or its stream's exception
 *     handler), which ended the run before the input did; {@code null} if it did not fail
 */
public record BulkSummary(long total, long removed, long notAMember, long rejected, long failed,
    Map<RejectionReason, Long> rejectedByReason, long retries, Duration elapsed, boolean stopped,
    Throwable inputFailure) {

  /** Copies the map. */
  public BulkSummary {
    rejectedByReason = Map.copyOf(rejectedByReason);
  }
}
