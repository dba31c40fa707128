package dev.membership.core;

/** The one listener that does nothing; see {@link RemovalListener#none()}. */
final class NoRemovalListener implements RemovalListener {

  static final RemovalListener INSTANCE = new NoRemovalListener();

  private NoRemovalListener() {}
}
