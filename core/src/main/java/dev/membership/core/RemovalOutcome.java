package dev.membership.core;

import java.util.List;

/**
 * What a provider answered to a removal. A provider's "no" is an outcome, not an exception: exceptions
 * ({@link RemovalException}) mean the call could not be made or understood.
 */
public sealed interface RemovalOutcome permits RemovalOutcome.Removed, RemovalOutcome.NotAMember,
    RemovalOutcome.Rejected {

  /** The HTTP status of the answer the outcome comes from. */
  int status();

  /** The kind of outcome, as meters and spans name it: {@code removed}, {@code not_a_member} or {@code rejected}. */
  String kind();

  /**
   * The member is no longer in the group.
   *
   * <p>Confluence answers 204 both when it removed the user and when the user was not in the group, so for
   * Confluence this outcome also covers "was not a member".
   *
   * @param status the HTTP status (Capillary 200, Confluence 204)
   * @param warnings warnings the provider returned with its answer
   */
  record Removed(int status, List<ProviderMessage> warnings) implements RemovalOutcome {
    /** Copies the warnings. */
    public Removed {
      warnings = List.copyOf(warnings);
    }

    @Override
    public String kind() {
      return "removed";
    }
  }

  /**
   * The customer was not in the group, so nothing was removed (Capillary code 1620, whether it came with HTTP
   * 200 and {@code success:false} or with a 4xx). Never produced for Confluence; see {@link Removed}.
   *
   * @param status the HTTP status of the answer
   * @param messages the provider's messages
   */
  record NotAMember(int status, List<ProviderMessage> messages) implements RemovalOutcome {
    /** Copies the messages. */
    public NotAMember {
      messages = List.copyOf(messages);
    }

    @Override
    public String kind() {
      return "not_a_member";
    }
  }

  /**
   * The provider refused the removal. Capillary refusals are the same outcome whether they came as HTTP 200 with
   * {@code success:false} or as a 4xx with an error body.
   *
   * @param reason why
   * @param status the HTTP status of the answer
   * @param messages the provider's codes and messages (empty for Confluence, whose errors have no body)
   */
  record Rejected(RejectionReason reason, int status, List<ProviderMessage> messages) implements RemovalOutcome {
    /** Copies the messages. */
    public Rejected {
      messages = List.copyOf(messages);
    }

    @Override
    public String kind() {
      return "rejected";
    }
  }
}
