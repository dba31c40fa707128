package dev.membership.sandbox.internal;

/** The two simulated providers. */
enum Provider {
  CAPILLARY("capillary"),
  CONFLUENCE("confluence");

  private final String key;

  Provider(String key) {
    this.key = key;
  }

  /** The name the admin API uses. */
  String key() {
    return key;
  }
}
