package dev.membership.core;

/** How a Capillary customer is identified: the {@code identifierName} query parameter. */
public enum CapillaryIdentifier {
  MOBILE("mobile"),
  EMAIL("email"),
  EXTERNAL_ID("externalId"),
  CARD_NUMBER("cardnumber"),
  CARD_EXTERNAL_ID("cardExternalId");

  private final String wireName;

  CapillaryIdentifier(String wireName) {
    this.wireName = wireName;
  }

  /** The value Capillary expects, e.g. {@code cardExternalId}. */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the identifier whose wire name (or constant name) is {@code name}, ignoring case.
   *
   * @throws InvalidInputException naming field {@code identifierName} if there is none
   */
  public static CapillaryIdentifier fromWireName(String name) {
    if (name != null) {
      String trimmed = name.trim();
      for (CapillaryIdentifier identifier : values()) {
        if (identifier.wireName.equalsIgnoreCase(trimmed) || identifier.name().equalsIgnoreCase(trimmed)) {
          return identifier;
        }
      }
    }
    throw new InvalidInputException("identifierName",
        "must be one of mobile, email, externalId, cardnumber, cardExternalId");
  }
}
