package org.carnet.graphql;

import graphql.ErrorClassification;

/** The classification of every error Carnet answers with, in {@code extensions.classification}. */
public enum ErrorType implements ErrorClassification {

	/** The person's consent does not allow this field to this requester for this purpose. */
	CONSENT_REQUIRED,
	/** The requester's role may not do this at all. */
	FORBIDDEN,
	/** Not signed in, or the token is not acceptable. */
	UNAUTHORIZED,
	/** No such person or entry (or no longer: erased). */
	NOT_FOUND,
	/** Input that cannot be accepted; the message names the field. */
	BAD_REQUEST,
	/** A dependency failed (keys, database, ledger); nothing was served. */
	UNAVAILABLE,
	/** Stored data failed its integrity check and was not served. */
	INTEGRITY_FAILURE,
	/** Too many of these requests recently; {@code extensions.retryAfterSeconds} says when to try again. */
	TOO_MANY_REQUESTS
}
