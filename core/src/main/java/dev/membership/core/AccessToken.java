package dev.membership.core;

import dev.membership.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An OAuth access token, as a {@link TokenSource} gives it: the value sent to the provider and, if known, how long
 * it stays valid from the moment it was asked for. {@link #toString()} never shows the value.
 */
public final class AccessToken {

  private final String value;
  private final Duration lifetime;

  private AccessToken(String value, Duration lifetime) {
    this.value = value;
    this.lifetime = lifetime;
  }

  /**
   * A token valid for {@code lifetime}: the remover asks its source for the next one shortly before that
   * (a tenth of the lifetime before, at most a minute), so that no request goes out with an expired token.
   *
   * @throws InvalidInputException naming {@code accessToken} or {@code lifetime}
   */
  public static AccessToken of(String value, Duration lifetime) {
    Checks.text("accessToken", value, 8192);
    Checks.required("lifetime", lifetime);
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new InvalidInputException("lifetime", "must be positive");
    }
    return new AccessToken(value, lifetime);
  }

  /**
   * A token of unknown lifetime: used until the provider refuses it, then asked for again once before the
   * refusal counts.
   *
   * @throws InvalidInputException naming {@code accessToken}
   */
  public static AccessToken of(String value) {
    Checks.text("accessToken", value, 8192);
    return new AccessToken(value, null);
  }

  /** The token as sent. Not shown by {@link #toString()}. */
  public String value() {
    return value;
  }

  /** How long the token is valid from when it was asked for, if known. */
  public Optional<Duration> lifetime() {
    return Optional.ofNullable(lifetime);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessToken other && value.equals(other.value) && Objects.equals(lifetime, other.lifetime);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "AccessToken[<redacted>" + (lifetime == null ? "" : ", lifetime=" + lifetime) + "]";
  }
}
