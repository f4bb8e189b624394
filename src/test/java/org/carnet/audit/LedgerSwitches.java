package org.carnet.audit;

/**
 * Test and benchmark switches of the ledger, reachable from any test package (production code cannot call them:
 * they are package-private in the ledger and this class exists only on the test class path).
 */
public final class LedgerSwitches {

	private LedgerSwitches() {
	}

	/** Every append fails as if the database refused it, until switched back; callers must then fail closed. */
	public static void failAppends(Ledger ledger, boolean fail) {
		ledger.failAppends(fail);
	}

	/** Benchmarks only: appends are skipped, to measure what auditing costs. Switch back in a finally block. */
	public static void discardAppends(Ledger ledger, boolean discard) {
		ledger.discardAppends(discard);
	}
}
