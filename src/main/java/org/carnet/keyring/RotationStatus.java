package org.carnet.keyring;

import java.time.Instant;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

/**
 * The progress of one rotation of a jurisdiction's key-encryption key: the KEK version data keys are being rewrapped
 * under, how many of the keys counted at the start were processed and at what rate, and where the rewrap resumes if
 * it was interrupted.
 *
 * @param jurisdiction whose KEK was rotated
 * @param kekVersion the new KEK version every data key is rewrapped under
 * @param state {@code RUNNING} (in progress, or interrupted and waiting to be resumed), {@code COMPLETED} (no key of
 * the jurisdiction is wrapped by an older version), {@code INCOMPLETE} (done, but some keys were refused: see the
 * log; the minimum decryption version was not raised)
 * @param total data keys wrapped by older versions when the rotation started
 * @param done data keys processed so far
 * @param rewrapped data keys rewrapped so far
 * @param failed data keys Vault refused to rewrap (altered or undecryptable ones)
 * @param ratePerSecond keys processed per second by the latest run
 * @param lastPerson the last person processed, where an interrupted rewrap resumes (null before the first batch)
 * @param minDecryptionVersion the minimum decryption version raised to after the rewrap, null if not raised
 * @param startedAt when the rotation started
 * @param updatedAt when the progress last changed
 * @param finishedAt when the rewrap finished, null while it runs
 */
public record RotationStatus(Jurisdiction jurisdiction, int kekVersion, State state, long total, long done,
		long rewrapped, long failed, double ratePerSecond, PersonId lastPerson, Integer minDecryptionVersion,
		Instant startedAt, Instant updatedAt, Instant finishedAt) {

	/** Where a rotation stands. */
	public enum State {

		/** Rewrapping, or interrupted: starting the rotation of the jurisdiction again resumes it. */
		RUNNING,

		/** Every data key of the jurisdiction is wrapped by the new version. */
		COMPLETED,

		/** Finished, but some data keys could not be rewrapped. */
		INCOMPLETE
	}

	/** Share of the keys processed, 0 to 100. */
	public double percent() {
		return total == 0 ? 100 : Math.min(100, 100.0 * done / total);
	}
}
