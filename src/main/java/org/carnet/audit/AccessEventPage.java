package org.carnet.audit;

import java.util.List;

/**
 * One page of access events, newest first, shaped as a Relay connection.
 *
 * @param edges the events with their cursors
 * @param pageInfo whether more pages follow and the cursors to ask for them
 */
public record AccessEventPage(List<Edge> edges, PageInfo pageInfo) {

	public AccessEventPage {
		edges = List.copyOf(edges);
	}

	/** The events of this page, newest first. */
	public List<AccessEvent> events() {
		return edges.stream().map(Edge::node).toList();
	}

	/**
	 * @param cursor pass as {@code after} to get the events older than this one
	 * @param node the event
	 */
	public record Edge(String cursor, AccessEvent node) {
	}

	/**
	 * @param hasNextPage true when older events follow
	 * @param hasPreviousPage true when this page was asked for after a cursor
	 * @param startCursor the cursor of the first (newest) event of the page
	 * @param endCursor the cursor of the last (oldest) event of the page: pass it as {@code after}
	 */
	public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
	}
}
