package org.carnet.consent;

/**
 * Why a consent decision denied. Messages are safe to show the requester: they speak of their own grants and role,
 * never of the person's data. Reasons from {@link #REVOKED} to {@link #ACCESS_NOT_GRANTED} describe a grant that
 * names the requester and the category but fails one check; when several such grants exist, the reason of the one
 * that came closest (the later constant) is given.
 */
public enum DenyReason {
	/** Auditors and administrators never read or write health data, and other roles have no access path. */
	ROLE_NEVER_ALLOWED("Your role never reads or writes this person's health data"),
	/** Mediators act only for care coordination. */
	PURPOSE_NOT_ALLOWED_FOR_ROLE("Mediators read only for the purpose CARE_COORDINATION"),
	/** No grant names this requester and this category. */
	NO_GRANT("The person has not granted you this category; ask for consent"),
	REVOKED("The person revoked the grant for this category"),
	EXPIRED("Your grant for this category has expired; ask for consent again"),
	NOT_YET_VALID("Your grant for this category is not valid yet"),
	PURPOSE_NOT_GRANTED("The person granted this category for another purpose"),
	JURISDICTION_NOT_GRANTED("The person granted this category for requesters acting from another country"),
	ACCESS_NOT_GRANTED("The person granted this category for reading only"),
	/** Break-glass is open but never opens this category (or never for writing). */
	NOT_IN_EMERGENCY_SET("Emergency access does not open this category"),
	/** A guardian or proxy reads the person's record; they do not add to it. */
	REPRESENTATIVE_DOES_NOT_WRITE("Acting for someone, you read their record; entries are added by clinicians"),
	/** A proxy whose authorisation covers managing consent only. */
	REPRESENTATION_SCOPE("Your authorisation to act for this person does not cover reading their record");

	private final String message;

	DenyReason(String message) {
		this.message = message;
	}

	/**
	 * The reason as a requester may be told it: where restrictions are hidden ({@code reads.restrictions: hidden}),
	 * a reason that reveals what the person did ({@link #REVOKED}) is told as {@link #NO_GRANT}.
	 */
	public DenyReason shownTo(boolean restrictionsHidden) {
		return restrictionsHidden && this == REVOKED ? NO_GRANT : this;
	}

	/** A sentence the requester can act on. */
	public String message() {
		return message;
	}
}
