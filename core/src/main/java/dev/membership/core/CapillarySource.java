package dev.membership.core;

/** Source in which a Capillary customer identifier is registered. */
public enum CapillarySource {
  INSTORE, MARTJACK, WECHAT, FACEBOOK, WEB_ENGAGE, TMALL, TAOBAO, JD, ECOMMERCE, WEBSITE, LINE, MOBILE_APP, ALL;

  /**
   * Returns the source whose wire name is {@code name}, ignoring case.
   *
   * @throws InvalidInputException naming field {@code source} if there is none
   */
  public static CapillarySource fromWireName(String name) {
    if (name != null) {
      for (CapillarySource source : values()) {
        if (source.name().equalsIgnoreCase(name.trim())) {
          return source;
        }
      }
    }
    throw new InvalidInputException("source", "must be one of " + java.util.Arrays.toString(values()));
  }
}
