package org.carnet.consent;

/**
 * What a grant lets its grantee do with its categories, and what a requester asks for: {@code READ}, or
 * {@code READ_WRITE} (reading and adding entries). Asking for {@code READ_WRITE} means asking to write.
 */
public enum Access {
	READ, READ_WRITE;

	/** True when a grant with this access covers a requester asking for {@code wanted}. */
	public boolean covers(Access wanted) {
		return this == READ_WRITE || wanted == READ;
	}
}
