package dev.membership.cli;

import dev.membership.core.CapillaryIdentifier;
import dev.membership.core.CapillarySource;
import dev.membership.core.InvalidInputException;
import dev.membership.core.Membership;
import java.util.Locale;
import java.util.Map;

/**
 * One input row of a bulk file: its 1-based number among the data rows, the line it starts on, and its fields by
 * column name; or, for a row that could not be read at all, the problem (naming its line) and its raw text.
 *
 * <p>Columns: {@code provider} ({@code capillary} or {@code confluence}), {@code groupId}, {@code accountId}, and
 * for Capillary {@code source}, {@code identifierName}, {@code identifierValue}.
 */
record Row(long number, long line, Map<String, String> fields, String problem, String raw) {

  static final java.util.List<String> COLUMNS =
      java.util.List.of("provider", "groupId", "source", "identifierName", "identifierValue", "accountId");

  /** The columns, besides provider and groupId, that the rows of each provider need (Capillary's accountId is not). */
  private static final Map<String, java.util.List<String>> NEEDED = Map.of(
      "capillary", java.util.List.of("source", "identifierName", "identifierValue"),
      "confluence", java.util.List.of("accountId"));

  /** A row read whole. */
  static Row of(long number, long line, Map<String, String> fields) {
    return new Row(number, line, fields, null, null);
  }

  /** A row that could not be read: {@code problem} names its line; {@code raw} is its text, cut short. */
  static Row unreadable(long number, long line, String problem, String raw) {
    return new Row(number, line, Map.of(), problem, raw);
  }

  /**
   * The column of the input named {@code name}: names match whatever their case and surrounding spaces; null if
   * none does.
   */
  static String column(String name) {
    String wanted = name.strip();
    for (String column : COLUMNS) {
      if (column.equalsIgnoreCase(wanted)) {
        return column;
      }
    }
    return null;
  }

  String get(String column) {
    String value = fields.get(column);
    return value == null || value.isEmpty() ? null : value;
  }

  /** The provider this row names, trimmed and in lower case (it may be none of the providers), or null. */
  String provider() {
    String provider = get("provider");
    return provider == null ? null : provider.trim().toLowerCase(Locale.ROOT);
  }

  /** The columns besides provider and groupId that a row of {@code provider} needs; none for another provider. */
  static java.util.List<String> neededBy(String provider) {
    return provider == null ? java.util.List.of() : NEEDED.getOrDefault(provider, java.util.List.of());
  }

  /** The membership this row describes; throws {@link InvalidInputException} naming the field. */
  Membership toMembership() {
    String provider = provider();
    if (provider == null) {
      throw new InvalidInputException("provider", "is required (capillary or confluence)");
    }
    switch (provider) {
      case "capillary":
        return new Membership.Capillary(groupId(), CapillarySource.fromWireName(required("source")),
            CapillaryIdentifier.fromWireName(required("identifierName")), get("identifierValue"), get("accountId"));
      case "confluence":
        return new Membership.Confluence(get("groupId"), get("accountId"));
      default:
        throw new InvalidInputException("provider", "must be capillary or confluence");
    }
  }

  private String required(String column) {
    String value = get(column);
    if (value == null) {
      throw new InvalidInputException(column, "is required");
    }
    return value;
  }

  private long groupId() {
    String value = required("groupId");
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("groupId", "must be a whole number from 1 to 9223372036854775807");
    }
  }
}
