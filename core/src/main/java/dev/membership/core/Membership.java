package dev.membership.core;

import dev.membership.core.internal.Checks;

/**
 * One person in one group, to be removed. Every value is checked when the membership is created, so an invalid
 * membership never reaches a provider: the constructors throw {@link InvalidInputException} naming the field.
 * {@code toString()} shows the group but not who is in it (identifier values and account ids are personal data,
 * which logs should not hold); the accessors give them.
 */
public sealed interface Membership permits Membership.Capillary, Membership.Confluence {

  /** The provider that holds this membership. */
  Provider provider();

  /**
   * A Capillary customer in a customer group.
   *
   * @param groupId the group, at least 1
   * @param source where the identifier is registered
   * @param identifierName how the customer is identified
   * @param identifierValue the identifier; a mobile number (6–15 digits, optional {@code +}) or an email address
   *     when {@code identifierName} says so
   * @param accountId account for sources with several accounts, or {@code null}; not applicable to
   *     {@link CapillarySource#INSTORE}
   */
  record Capillary(long groupId, CapillarySource source, CapillaryIdentifier identifierName, String identifierValue,
      String accountId) implements Membership {

    /** Checks every field; see the record description. */
    public Capillary {
      if (groupId < 1) {
        throw new InvalidInputException("groupId", "must be at least 1");
      }
      Checks.required("source", source);
      Checks.required("identifierName", identifierName);
      switch (identifierName) {
        case MOBILE -> Checks.mobile("identifierValue", identifierValue);
        case EMAIL -> Checks.email("identifierValue", identifierValue);
        default -> Checks.text("identifierValue", identifierValue);
      }
      if (accountId != null) {
        Checks.text("accountId", accountId);
        if (source == CapillarySource.INSTORE) {
          throw new InvalidInputException("accountId", "is not applicable to source INSTORE");
        }
      }
    }

    /** A membership without an account id. */
    public Capillary(long groupId, CapillarySource source, CapillaryIdentifier identifierName, String identifierValue) {
      this(groupId, source, identifierName, identifierValue, null);
    }

    @Override
    public Provider provider() {
      return Provider.CAPILLARY;
    }

    @Override
    public String toString() {
      return "Capillary[groupId=" + groupId + ", source=" + source + ", identifierName=" + identifierName
          + ", identifierValue=<hidden>" + (accountId == null ? "" : ", accountId=<hidden>") + "]";
    }
  }

  /**
   * A Confluence user in a group.
   *
   * <p>Confluence answers 204 whether or not the user was in the group, so removing a Confluence membership never
   * yields {@link RemovalOutcome.NotAMember}.
   *
   * @param groupId the group's id (not its name)
   * @param accountId the user's Atlassian account id
   */
  record Confluence(String groupId, String accountId) implements Membership {

    /** Checks both fields: present, not blank, at most 256 characters, no control characters. */
    public Confluence {
      Checks.text("groupId", groupId);
      Checks.text("accountId", accountId);
    }

    @Override
    public Provider provider() {
      return Provider.CONFLUENCE;
    }

    @Override
    public String toString() {
      return "Confluence[groupId=" + groupId + ", accountId=<hidden>]";
    }
  }
}
