package org.carnet.audit;

/**
 * Benchmark switches of the ledger (a failing ledger for tests is {@link LedgerFaults}), reachable from any test package (production code cannot call them:
 * they are package-private in the ledger and this class exists only on the test class path).
 */
public final class LedgerSwitches {

	private LedgerSwitches() {
	}

	/** Benchmarks only: appends are skipped, to measure what auditing costs. Switch back in a finally block. */
	public static void discardAppends(Ledger ledger, boolean discard) {
		ledger.discardAppends(discard);
	}
}
