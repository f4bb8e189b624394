package org.carnet.audit;

import java.time.Instant;

/**
 * The result of recomputing the ledger's hash chains: intact, or the first broken sequence and why.
 *
 * @param ok true when every event in the range matches its hash and its predecessor, no stream skips a position,
 * and nothing signed by the latest checkpoint is missing or different
 * @param from the first sequence checked (null: from the start)
 * @param to the last sequence checked (null: to the end)
 * @param eventsChecked how many events were recomputed
 * @param streamsChecked how many streams were followed
 * @param checkpointId the signed checkpoint the streams were checked against, if any
 * @param firstBrokenSequence the lowest sequence found broken (for a truncation, the signed head that is missing;
 * null for an invalid checkpoint)
 * @param brokenStream the stream of the break
 * @param brokenStreamSequence the position in that stream
 * @param problem what kind of break
 * @param reason the break in words, naming sequences and stream positions (never event content)
 * @param verifiedAt when the verification ran
 */
public record AuditVerification(boolean ok, Long from, Long to, long eventsChecked, int streamsChecked,
		Long checkpointId, Long firstBrokenSequence, Integer brokenStream, Long brokenStreamSequence,
		AuditProblem problem, String reason, Instant verifiedAt) {
}
