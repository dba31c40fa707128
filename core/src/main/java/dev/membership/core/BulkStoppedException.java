package dev.membership.core;

/**
 * The membership was read by a bulk run but not sent: the run was {@linkplain BulkRemoval#stop() stopped} while it
 * held the membership aside, waiting for its provider (whose lane was closed, or which had
 * {@link RemoverOptions#maxConcurrency()} removals under way). Removing it again later is safe.
 */
public final class BulkStoppedException extends RemovalException {

  private static final long serialVersionUID = 1L;

  /**
   * @param provider the provider
   */
  public BulkStoppedException(Provider provider) {
    super(provider, 0, 0, "not sent: the bulk run was stopped before its turn came", null);
  }
}
