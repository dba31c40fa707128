package dev.membership.core;

/** The providers a {@link MembershipRemover} can remove members from. */
public enum Provider {
  /** Capillary loyalty customer groups, {@code DELETE /v2/userGroup2/{groupId}/leave}. */
  CAPILLARY,
  /** Confluence Cloud groups, {@code DELETE /wiki/rest/api/group/userByGroupId}. */
  CONFLUENCE;

  /**
   * The provider's name in lower case ({@code capillary}, {@code confluence}), as messages, logs, meters, spans and
   * the command line's input spell it.
   */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
