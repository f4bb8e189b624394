package org.carnet.record.content;

/**
 * What one entry of the record says. Implementations are records that check their own input: {@link #validate}
 * throws {@link org.carnet.core.BadInput} naming the first field that cannot be accepted.
 */
public interface EntryContent {

	/** Checks the content; {@code field} is the prefix of field names in error messages (e.g. {@code input}). */
	void validate(Check check);
}
