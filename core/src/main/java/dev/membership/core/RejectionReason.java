package dev.membership.core;

/** Why a provider refused a removal. */
public enum RejectionReason {
  /** A parameter was missing or invalid (HTTP 400 without a more specific code). */
  BAD_REQUEST,
  /**
   * The credentials may not do this: not a site admin, or no access group (HTTP 403 to Basic credentials or a
   * fixed token; with renewed OAuth tokens a 403 that survives a renewal refuses the credentials instead).
   */
  FORBIDDEN,
  /** The group does not exist (Capillary code 1619). */
  GROUP_NOT_FOUND,
  /** The customer does not exist (Capillary code 8015). */
  MEMBER_NOT_FOUND,
  /** The group or the user does not exist (Confluence 404 does not say which; Capillary 404). */
  GROUP_OR_MEMBER_NOT_FOUND,
  /** The customer was merged into another customer (Capillary code 8069). */
  CUSTOMER_MERGED,
  /** Capillary answered 201: the request was only partly processed. */
  PARTIALLY_PROCESSED,
  /** The provider said no with a code this toolkit does not know; see the messages. */
  REFUSED
}
