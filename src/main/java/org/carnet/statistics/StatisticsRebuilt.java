package org.carnet.statistics;

import java.time.Instant;

/**
 * What a rebuild of the statistical projection did.
 *
 * @param generation the projection generation the rows were derived in
 * @param persons the consenting persons whose rows were derived again
 * @param rewritten rows written (the others had been rewritten meanwhile by a change of the person)
 * @param removed rows that no consenting person's derivation produced any more, deleted at the end
 * @param startedAt when the rebuild started
 * @param finishedAt when the last row was deleted
 */
public record StatisticsRebuilt(long generation, long persons, long rewritten, long removed, Instant startedAt,
		Instant finishedAt) {
}
