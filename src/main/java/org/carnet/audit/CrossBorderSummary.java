package org.carnet.audit;

import java.time.Instant;
import java.util.List;

import org.carnet.core.Jurisdiction;

/**
 * Cross-border flows of health data in a period: how often requesters acting from one country reached records
 * residing in another. Counts READ, WRITE, BREAK_GLASS and DENIED events that are cross-border.
 *
 * @param from start of the period (inclusive)
 * @param to end of the period (exclusive)
 * @param flows one line per (requester country, home country), ordered by those codes
 */
public record CrossBorderSummary(Instant from, Instant to, List<Flow> flows) {

	public CrossBorderSummary {
		flows = List.copyOf(flows);
	}

	/**
	 * @param requesterJurisdiction where the requesters acted from
	 * @param homeJurisdiction where the records reside
	 * @param accesses ordinary accesses that served or wrote data (outcome SUCCESS or PARTIAL)
	 * @param emergencyAccesses emergency accesses that served data (break-glass or EMERGENCY purpose), counted
	 * apart from {@code accesses}
	 * @param denied attempts refused (outcome DENIED)
	 */
	public record Flow(Jurisdiction requesterJurisdiction, Jurisdiction homeJurisdiction, long accesses,
			long emergencyAccesses, long denied) {
	}
}
