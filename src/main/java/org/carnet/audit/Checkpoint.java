package org.carnet.audit;

import java.time.Instant;
import java.util.List;

/**
 * A signed statement of every stream's head at one moment: once an outside party holds it, the ledger can no longer
 * lose or change any event up to those heads without verification noticing.
 *
 * @param id the checkpoint number
 * @param createdAt when it was signed
 * @param keyId the first 16 hex digits of the SHA-256 of the signing public key (DER)
 * @param algorithm the signature algorithm, Ed25519
 * @param streams every stream's head
 * @param previousCheckpointHash SHA-256 (hex) of the previous checkpoint's payload, null for the first one
 * @param payload the exact signed text (JSON, UTF-8)
 * @param signature the signature over {@code payload}, base64
 */
public record Checkpoint(long id, Instant createdAt, String keyId, String algorithm, List<StreamHead> streams,
		String previousCheckpointHash, String payload, String signature) {

	public Checkpoint {
		streams = List.copyOf(streams);
	}

	/** The highest sequence this checkpoint covers. */
	public long headSequence() {
		return streams.stream().mapToLong(StreamHead::sequence).max().orElse(0);
	}
}
